import { useTranslation } from 'react-i18next';
import { ErrorBox, Loading } from '../components/Feedback';
import { NotificationList } from '../declaration/NotificationList';
import { loadNotifications } from '../declaration/useNotificationsFor';
import { useAsync } from '../hooks/useAsync';

export function NotificationsPage() {
  const { t } = useTranslation();
  const n = useAsync((s) => loadNotifications(undefined, s), []);
  return (
    <section>
      <div className="page-head">
        <h1>{t('notifications.title')}</h1>
        <button type="button" className="secondary" onClick={n.reload}>
          {t('common.refresh')}
        </button>
      </div>
      <div className="card">
        {n.loading && !n.data && <Loading />}
        {n.error && <ErrorBox error={n.error} onRetry={n.reload} />}
        {n.data && <NotificationList events={n.data.slice(-200)} linkTo={(e) => `/trader/declarations/${e.declaration_id}`} />}
      </div>
    </section>
  );
}
