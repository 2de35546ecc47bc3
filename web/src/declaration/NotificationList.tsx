// Notifications in words, newest first, a page at a time (GET /v1/notifications?order=newest,
// then before=<cursor>): what happened, the status it left, the CUSRES status in words and the
// reason customs gave.
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { listNotificationsNewest } from '../api/endpoints';
import type { Notification } from '../api/types';
import { StateBadge } from '../components/Badges';
import { ErrorBox, Loading } from '../components/Feedback';
import { formatDateTime } from '../format';
import { useAsync } from '../hooks/useAsync';
import { actionLabel, cusresText, reasonText } from '../i18n/dynamic';

export function NotificationList({ events, linkTo }: { events: Notification[]; linkTo?: (n: Notification) => string }) {
  const { t } = useTranslation();
  if (events.length === 0) return <p className="muted">{t('notifications.none')}</p>;
  return (
    <ul className="notifications" data-testid="notifications">
      {events.map((n) => (
        <li key={n.seq} data-testid="notification" data-action={n.action}>
          <div>
            <strong>{actionLabel(n.action)}</strong> <StateBadge state={n.state} control={n.control} />{' '}
            {linkTo ? <Link to={linkTo(n)}>{n.mrn || n.lrn}</Link> : null}
          </div>
          <div className="muted small">
            {formatDateTime(n.at)}
            {n.cusres ? ` · ${cusresText(n.cusres)} (CUSRES ${n.cusres})` : ''}
            {n.reason ? ` · ${reasonText(n.reason_code, n.reason)}` : ''}
          </div>
        </li>
      ))}
    </ul>
  );
}

/** One page of notifications (all the caller's, or one declaration's) with Newest / Older. */
export function PagedNotifications({
  declarationId,
  refreshKey = 0,
  pageSize = 20,
  linkTo,
}: {
  declarationId?: number;
  refreshKey?: number;
  pageSize?: number;
  linkTo?: (n: Notification) => string;
}) {
  const { t } = useTranslation();
  // The cursors of the pages shown so far: [undefined] is the newest page.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const before = cursors[cursors.length - 1];
  const page = useAsync((s) => listNotificationsNewest(before, pageSize, declarationId, s), [before, declarationId, refreshKey, pageSize]);
  if (page.error) return <ErrorBox error={page.error} onRetry={page.reload} />;
  if (!page.data) return <Loading />;
  const more = page.data.more && page.data.events.length > 0;
  return (
    <div data-testid="notification-pages" data-page={cursors.length}>
      <NotificationList events={page.data.events} linkTo={linkTo} />
      {(cursors.length > 1 || more) && (
        <div className="button-row pager">
          <button type="button" className="secondary" disabled={cursors.length === 1} onClick={() => setCursors([undefined])} data-testid="notifications-newest">
            {t('feed.newer')}
          </button>
          <span className="muted small">{t('feed.page', { n: cursors.length })}</span>
          <button type="button" className="secondary" disabled={!more} onClick={() => setCursors([...cursors, page.data!.next_cursor])} data-testid="notifications-older">
            {t('feed.older')}
          </button>
        </div>
      )}
    </div>
  );
}
