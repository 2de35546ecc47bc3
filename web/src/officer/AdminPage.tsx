// Administration (administrators only): user accounts, everyone's API keys and the security log.
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { listApiKeys, listUsers } from '../api/endpoints';
import { useAsync } from '../hooks/useAsync';
import { ApiKeysSection } from './admin/ApiKeysSection';
import { SecurityLogSection } from './admin/SecurityLogSection';
import { UsersSection } from './admin/UsersSection';

// The server writes a security event in the background, just after answering: the log is read
// again a moment after each change, so that the change's event shows up without a refresh.
const LOG_SETTLE_MS = 800;

export function AdminPage() {
  const { t } = useTranslation();
  const users = useAsync((s) => listUsers(s), []);
  const keys = useAsync((s) => listApiKeys(0, s), []);
  const [logKey, setLogKey] = useState(0);
  const { reload: reloadUsers } = users;
  const { reload: reloadKeys } = keys;

  const changed = useCallback(() => {
    reloadUsers();
    reloadKeys();
    setLogKey((n) => n + 1);
    setTimeout(() => setLogKey((n) => n + 1), LOG_SETTLE_MS);
  }, [reloadUsers, reloadKeys]);

  return (
    <section>
      <h1>{t('admin.title')}</h1>
      <UsersSection users={users} onChanged={changed} />
      <ApiKeysSection keys={keys} users={users.data?.users} onChanged={changed} />
      <SecurityLogSection refreshKey={logKey} />
    </section>
  );
}
