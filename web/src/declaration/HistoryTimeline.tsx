import { useTranslation } from 'react-i18next';
import { getHistory } from '../api/endpoints';
import { ErrorBox, Loading } from '../components/Feedback';
import { formatDateTime } from '../format';
import { useAsync } from '../hooks/useAsync';
import { actionLabel, reasonText, stateLabel } from '../i18n/dynamic';

export function HistoryTimeline({ id, refreshKey }: { id: number; refreshKey: number }) {
  const { t } = useTranslation();
  const h = useAsync((s) => getHistory(id, s), [id, refreshKey]);
  return (
    <section className="card" aria-labelledby="history-heading" data-testid="history">
      <h2 id="history-heading">{t('history.title')}</h2>
      {h.loading && !h.data && <Loading />}
      {h.error && <ErrorBox error={h.error} onRetry={h.reload} />}
      {h.data && (
        <ol className="timeline">
          {h.data.transitions.map((tr) => (
            <li key={tr.seq}>
              <div className="timeline-head">
                <strong>{actionLabel(tr.action)}</strong>
                <span className="muted">
                  {stateLabel(tr.from)} → {stateLabel(tr.to)}
                  {tr.control ? ` (${t(`control.${tr.control}`)})` : ''}
                </span>
              </div>
              <div className="muted small">
                {formatDateTime(tr.at)} · {tr.actor === 'system' ? t('history.system') : tr.actor} · {t('decl.version')} {tr.version}
              </div>
              {tr.reason && <div className="reason">{reasonText(tr.reason_code, tr.reason)}</div>}
              {tr.internal_reason && (
                <div className="reason internal" data-testid="internal-reason">
                  <span className="badge">{t('history.internal')}</span> {tr.internal_reason}
                </div>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
