// The security log (GET /v1/security-events): sign-ins, lockouts, changes to accounts and keys.
// The API pages it oldest first; the newest events are shown, newest first.
import { useMemo, useRef } from 'react';
import { createColumnHelper } from '@tanstack/react-table';
import { useTranslation } from 'react-i18next';
import { listSecurityEvents } from '../../api/endpoints';
import type { SecurityEvent } from '../../api/types';
import { DataTable } from '../../components/DataTable';
import { ErrorBox, Loading } from '../../components/Feedback';
import { formatDateTime } from '../../format';
import { useAsync } from '../../hooks/useAsync';
import { tKey } from '../../i18n/dynamic';

/** Events shown. */
const SHOWN = 200;
/** Events asked for at a time (the API's most). */
const PAGE = 1000;

const col = createColumnHelper<SecurityEvent>();

/** A kind in the user's language; a kind this app does not know yet, as the server names it. */
const eventLabel = (kind: string) => tKey(`admin.events.${kind}`, kind);

export function SecurityLogSection({ refreshKey }: { refreshKey: number }) {
  const { t } = useTranslation();
  // The newest events read so far, oldest first: a refresh reads only what came after them.
  const kept = useRef<SecurityEvent[]>([]);
  const log = useAsync(
    async (signal) => {
      let items = kept.current;
      let after = items.at(-1)?.id ?? 0;
      for (;;) {
        const page = await listSecurityEvents(after, PAGE, signal);
        items = items.concat(page.items).slice(-SHOWN);
        const last = page.items.at(-1);
        if (!last || page.items.length < PAGE) break;
        after = last.id;
      }
      kept.current = items;
      return [...items].reverse();
    },
    [refreshKey],
  );

  const columns = useMemo(
    () => [
      col.accessor('at', { header: t('admin.time'), cell: (c) => <span className="nowrap">{formatDateTime(c.getValue())}</span> }),
      col.accessor('kind', {
        header: t('admin.event'),
        cell: (c) => (
          <span className={`event-kind event-${c.getValue()}`} data-kind={c.getValue()}>
            {eventLabel(c.getValue())}
          </span>
        ),
      }),
      col.accessor('username', { header: t('admin.user'), cell: (c) => <span className="mono">{c.getValue() || '—'}</span> }),
      col.accessor((e) => e.actor ?? '', { id: 'actor', header: t('admin.actor'), cell: (c) => c.getValue() || '—' }),
      col.accessor('address', { header: t('admin.address'), cell: (c) => <span className="mono">{c.getValue() || '—'}</span> }),
      col.accessor((e) => e.detail ?? '', { id: 'detail', header: t('admin.detail'), cell: (c) => c.getValue() || '—' }),
    ],
    [t],
  );

  return (
    <section className="card" aria-labelledby="admin-log-heading" data-testid="admin-security-log">
      <div className="page-head">
        <h2 id="admin-log-heading">{t('admin.securityLog')}</h2>
        <button type="button" className="secondary" onClick={log.reload} disabled={log.loading} data-testid="security-log-refresh">
          {t('common.refresh')}
        </button>
      </div>
      <p className="muted small">{t('admin.securityLogIntro', { count: SHOWN })}</p>
      {log.error && <ErrorBox error={log.error} onRetry={log.reload} />}
      {log.loading && !log.data && <Loading />}
      {log.data && (
        <div className="table-scroll">
          <DataTable data={log.data} columns={columns} empty={t('admin.noEvents')} rowTestId={(e) => `security-event-${e.id}`} />
        </div>
      )}
    </section>
  );
}
