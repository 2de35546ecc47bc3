// Everyone's API keys (GET /v1/api-keys?user_id=0): who owns each, what it may do, whether it is
// still in force; revoking one, and creating one for a user (the key is shown that once).
import { useMemo, useState, type FormEvent } from 'react';
import { createColumnHelper } from '@tanstack/react-table';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { createApiKey, revokeApiKey } from '../../api/endpoints';
import type { ApiKey, ApiKeyScope, CreatedApiKey, UserAccount } from '../../api/types';
import { useAuth } from '../../auth/AuthContext';
import { DataTable } from '../../components/DataTable';
import { ErrorBox, Loading } from '../../components/Feedback';
import { LabelledInput } from '../../components/LabelledInput';
import { formatDateTime } from '../../format';
import { useApiAction } from '../../hooks/useApiAction';
import type { AsyncState } from '../../hooks/useAsync';

const col = createColumnHelper<ApiKey>();
const SCOPES: readonly ApiKeyScope[] = ['full', 'read'];

export function ApiKeysSection({
  keys,
  users,
  onChanged,
}: {
  keys: AsyncState<{ items: ApiKey[] }>;
  users: UserAccount[] | undefined;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const [actionError, setActionError] = useState<ApiError>();
  const [revoked, setRevoked] = useState<string>();
  const names = useMemo(() => new Map((users ?? []).map((u) => [u.id, u.username])), [users]);

  const columns = useMemo(() => {
    const owner = (k: ApiKey) => names.get(k.user_id) ?? `#${k.user_id}`;
    async function revoke(k: ApiKey) {
      if (!window.confirm(t('admin.confirmRevoke', { name: k.name, owner: owner(k) }))) return;
      setActionError(undefined);
      setRevoked(undefined);
      try {
        await revokeApiKey(k.id);
        setRevoked(k.name);
        onChanged();
      } catch (e) {
        if (e instanceof ApiError) setActionError(e);
        else throw e;
      }
    }
    return [
      col.accessor('name', { header: t('admin.keyName') }),
      col.accessor((k) => owner(k), { id: 'owner', header: t('admin.owner'), cell: (c) => <span className="mono">{c.getValue()}</span> }),
      col.accessor('scope', { header: t('admin.scope'), cell: (c) => t(`admin.scopes.${c.getValue()}`) }),
      col.accessor('created_at', { header: t('admin.created'), cell: (c) => formatDateTime(c.getValue()) }),
      col.accessor('revoked', {
        header: t('admin.state'),
        cell: (c) => {
          const k = c.row.original;
          return (
            <span className={`badge key-${k.revoked ? 'revoked' : 'in-force'}`} data-testid="key-state" data-revoked={k.revoked}>
              {k.revoked ? t('admin.keyStates.revoked', { time: formatDateTime(k.revoked_at) }) : t('admin.keyStates.inForce')}
            </span>
          );
        },
      }),
      col.display({
        id: 'actions',
        header: '',
        cell: (c) => {
          const k = c.row.original;
          return k.revoked ? null : (
            <button type="button" className="danger" onClick={() => revoke(k)} data-testid={`key-revoke-${k.id}`}>
              {t('admin.revoke')}
            </button>
          );
        },
      }),
    ];
  }, [t, names, onChanged]);

  return (
    <section className="card" aria-labelledby="admin-keys-heading" data-testid="admin-keys">
      <h2 id="admin-keys-heading">{t('admin.keys')}</h2>
      <p className="muted small">{t('admin.keysIntro')}</p>
      {revoked && (
        <p className="alert alert-success" role="status">
          {t('admin.revokedNotice', { name: revoked })}
        </p>
      )}
      {actionError && <ErrorBox error={actionError} />}
      {keys.error && <ErrorBox error={keys.error} onRetry={keys.reload} />}
      {keys.loading && !keys.data && <Loading />}
      {keys.data && (
        <div className="table-scroll">
          <DataTable data={keys.data.items} columns={columns} empty={t('admin.noKeys')} rowTestId={(k) => `key-row-${k.id}`} />
        </div>
      )}
      <NewKeyForm users={users} onCreated={onChanged} />
    </section>
  );
}

function NewKeyForm({ users, onCreated }: { users: UserAccount[] | undefined; onCreated: () => void }) {
  const { t } = useTranslation();
  const me = useAuth().user;
  const [owner, setOwner] = useState(String(me?.user_id ?? ''));
  const [name, setName] = useState('');
  const [scope, setScope] = useState<ApiKeyScope>('full');
  const [created, setCreated] = useState<CreatedApiKey>();
  const { busy, error, run } = useApiAction();

  function submit(e: FormEvent) {
    e.preventDefault();
    setCreated(undefined);
    void run(async () => {
      setCreated(await createApiKey(name.trim(), Number(owner), scope));
      setName('');
      onCreated();
    });
  }

  const ownerName = (id: number) => users?.find((u) => u.id === id)?.username ?? `#${id}`;
  return (
    <form onSubmit={submit} data-testid="key-create">
      <fieldset className="card-inner">
        <legend>{t('admin.newKey')}</legend>
        <div className="inline-form">
          <div className="field">
            <label htmlFor="nk-owner">{t('admin.owner')}</label>
            <select id="nk-owner" value={owner} onChange={(e) => setOwner(e.target.value)}>
              {(users ?? []).map((u) => (
                <option key={u.id} value={String(u.id)}>
                  {u.username}
                </option>
              ))}
            </select>
          </div>
          <LabelledInput id="nk-name" label={t('admin.keyName')} value={name} onChange={setName} required maxLength={64} autoComplete="off" />
          <div className="field">
            <label htmlFor="nk-scope">{t('admin.scope')}</label>
            <select id="nk-scope" value={scope} onChange={(e) => setScope(e.target.value as ApiKeyScope)}>
              {SCOPES.map((s) => (
                <option key={s} value={s}>
                  {t(`admin.scopes.${s}`)}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" disabled={busy || !users || !owner} data-testid="key-create-submit">
            {busy ? t('common.working') : t('admin.createKey')}
          </button>
        </div>
        {error && <ErrorBox error={error} />}
        {created && (
          <div className="alert alert-success" role="status">
            {t('admin.keyCreated', { name: created.name, owner: ownerName(created.user_id) })}
            <div>
              <code className="new-key" data-testid="new-api-key">
                {created.key}
              </code>
            </div>
          </div>
        )}
      </fieldset>
    </form>
  );
}
