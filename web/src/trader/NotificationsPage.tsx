import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PagedNotifications } from '../declaration/NotificationList';

export function NotificationsPage() {
  const { t } = useTranslation();
  const [refreshKey, setRefreshKey] = useState(0);
  return (
    <section>
      <div className="page-head">
        <h1>{t('notifications.title')}</h1>
        <button type="button" className="secondary" onClick={() => setRefreshKey((n) => n + 1)}>
          {t('common.refresh')}
        </button>
      </div>
      <div className="card">
        <PagedNotifications refreshKey={refreshKey} linkTo={(e) => `/trader/declarations/${e.declaration_id}`} />
      </div>
    </section>
  );
}
