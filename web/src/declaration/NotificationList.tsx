import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { Notification } from '../api/types';
import { StateBadge } from '../components/Badges';
import { formatDateTime } from '../format';
import { actionLabel } from '../i18n/dynamic';

export function NotificationList({ events, linkTo }: { events: Notification[]; linkTo?: (n: Notification) => string }) {
  const { t } = useTranslation();
  if (events.length === 0) return <p className="muted">{t('notifications.none')}</p>;
  return (
    <ul className="notifications" data-testid="notifications">
      {[...events].reverse().map((n) => (
        <li key={n.seq}>
          <div>
            <strong>{actionLabel(n.action)}</strong> <StateBadge state={n.state} control={n.control} />{' '}
            {linkTo ? <Link to={linkTo(n)}>{n.mrn || n.lrn}</Link> : null}
          </div>
          <div className="muted small">
            {formatDateTime(n.at)} · CUSRES {n.cusres || '—'}
            {n.reason ? ` · ${n.reason}` : ''}
          </div>
        </li>
      ))}
    </ul>
  );
}
