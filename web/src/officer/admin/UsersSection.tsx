// User accounts: the list with their state, and what an administrator does to them (enable or
// disable, change the role, reset the password, unlock) and the form to create one.
import { useMemo, useState, type FormEvent } from 'react';
import { createColumnHelper } from '@tanstack/react-table';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { createUser, resetUserPassword, unlockUser, updateUser } from '../../api/endpoints';
import { ROLES, type Role, type UserAccount } from '../../api/types';
import { useAuth } from '../../auth/AuthContext';
import { DataTable } from '../../components/DataTable';
import { ErrorBox, Loading } from '../../components/Feedback';
import { LabelledInput } from '../../components/LabelledInput';
import { formatDateTime } from '../../format';
import { useApiAction } from '../../hooks/useApiAction';
import type { AsyncState } from '../../hooks/useAsync';
import { tKey } from '../../i18n/dynamic';

const MIN_PASSWORD = 8;
const col = createColumnHelper<UserAccount>();

const roleLabel = (role: string) => tKey(`roles.${role}`, role);

type AccountState = 'active' | 'disabled' | 'locked';
function accountState(u: UserAccount): AccountState {
  if (u.disabled) return 'disabled';
  return u.locked_until ? 'locked' : 'active';
}

/** A success message, worded when shown (so that it follows the language). */
type Notice = {
  key: 'disabledNotice' | 'enabledNotice' | 'roleNotice' | 'passwordNotice' | 'unlockNotice' | 'secondFactorNotice' | 'createdNotice';
  username: string;
  role?: Role;
};

type Editing = { id: number; kind: 'role' | 'password' };

export function AccountStateBadge({ user }: { user: UserAccount }) {
  const { t } = useTranslation();
  const state = accountState(user);
  return (
    <span className={`badge account-${state}`} data-testid="account-state" data-state={state}>
      {state === 'locked' ? t('admin.states.locked', { time: formatDateTime(user.locked_until) }) : t(`admin.states.${state}`)}
    </span>
  );
}

export function UsersSection({ users, onChanged }: { users: AsyncState<{ users: UserAccount[] }>; onChanged: () => void }) {
  const { t } = useTranslation();
  const me = useAuth().user?.user_id;
  const [editing, setEditing] = useState<Editing>();
  const [actionError, setActionError] = useState<ApiError>();
  const [notice, setNotice] = useState<Notice>();

  const columns = useMemo(() => {
    async function act(fn: () => Promise<unknown>, done: Notice) {
      setActionError(undefined);
      setNotice(undefined);
      try {
        await fn();
        setNotice(done);
        onChanged();
      } catch (e) {
        if (e instanceof ApiError) setActionError(e);
        else throw e;
      }
    }
    const toggle = (u: UserAccount, kind: Editing['kind']) => {
      setActionError(undefined);
      setEditing((cur) => (cur?.id === u.id && cur.kind === kind ? undefined : { id: u.id, kind }));
    };
    const finished = (done: Notice) => {
      setEditing(undefined);
      setNotice(done);
      onChanged();
    };

    return [
      col.accessor('username', {
        header: t('admin.username'),
        cell: (c) => (
          <>
            <span className="mono">{c.getValue()}</span>
            {c.row.original.id === me && <span className="muted small"> ({t('admin.you')})</span>}
          </>
        ),
      }),
      col.accessor('role', { header: t('admin.role'), cell: (c) => roleLabel(c.getValue()) }),
      col.accessor((u) => u.org_tin ?? '', { id: 'org', header: t('admin.organisation'), cell: (c) => <span className="mono">{c.getValue() || '—'}</span> }),
      col.accessor((u) => accountState(u), {
        id: 'state',
        header: t('admin.state'),
        cell: (c) => {
          const u = c.row.original;
          return (
            <>
              <AccountStateBadge user={u} />
              {u.failed_logins > 0 && <div className="hint">{t('admin.failedLogins', { n: u.failed_logins })}</div>}
            </>
          );
        },
      }),
      col.accessor('totp_enabled', { header: t('admin.secondFactor'), cell: (c) => (c.getValue() ? t('common.yes') : t('common.no')) }),
      col.accessor('created_at', { header: t('admin.created'), cell: (c) => formatDateTime(c.getValue()) }),
      col.display({
        id: 'actions',
        header: '',
        cell: (c) => {
          const u = c.row.original;
          const self = u.id === me;
          const open = editing?.id === u.id ? editing.kind : undefined;
          return (
            <div className="user-actions">
              <div className="button-row">
                {u.disabled ? (
                  <button
                    type="button"
                    className="secondary"
                    onClick={() => act(() => updateUser(u.id, { disabled: false }), { key: 'enabledNotice', username: u.username })}
                    data-testid={`user-enable-${u.username}`}
                  >
                    {t('admin.enable')}
                  </button>
                ) : (
                  <button
                    type="button"
                    className="danger"
                    disabled={self}
                    title={self ? t('problems.own_account') : undefined}
                    onClick={() => act(() => updateUser(u.id, { disabled: true }), { key: 'disabledNotice', username: u.username })}
                    data-testid={`user-disable-${u.username}`}
                  >
                    {t('admin.disable')}
                  </button>
                )}
                <button
                  type="button"
                  className="secondary"
                  aria-expanded={open === 'role'}
                  onClick={() => toggle(u, 'role')}
                  data-testid={`user-role-${u.username}`}
                >
                  {t('admin.changeRole')}
                </button>
                <button
                  type="button"
                  className="secondary"
                  aria-expanded={open === 'password'}
                  onClick={() => toggle(u, 'password')}
                  data-testid={`user-reset-${u.username}`}
                >
                  {t('admin.resetPassword')}
                </button>
                {(u.locked_until || u.failed_logins > 0) && (
                  <button
                    type="button"
                    className="secondary"
                    onClick={() => act(() => unlockUser(u.id), { key: 'unlockNotice', username: u.username })}
                    data-testid={`user-unlock-${u.username}`}
                  >
                    {t('admin.unlock')}
                  </button>
                )}
                {u.totp_enabled && (
                  <button
                    type="button"
                    className="danger"
                    onClick={() => {
                      if (!window.confirm(t('admin.confirmRemoveSecondFactor', { username: u.username }))) return;
                      void act(() => unlockUser(u.id, true), { key: 'secondFactorNotice', username: u.username });
                    }}
                    data-testid={`user-remove-totp-${u.username}`}
                  >
                    {t('admin.removeSecondFactor')}
                  </button>
                )}
              </div>
              {open === 'role' && (
                <RoleForm
                  user={u}
                  onSaved={(saved) => finished({ key: 'roleNotice', username: saved.username, role: saved.role })}
                  onCancel={() => setEditing(undefined)}
                />
              )}
              {open === 'password' && (
                <PasswordForm
                  user={u}
                  onSaved={() => finished({ key: 'passwordNotice', username: u.username })}
                  onCancel={() => setEditing(undefined)}
                />
              )}
            </div>
          );
        },
      }),
    ];
  }, [t, me, editing, onChanged]);

  return (
    <section className="card" aria-labelledby="admin-users-heading" data-testid="admin-users">
      <h2 id="admin-users-heading">{t('admin.users')}</h2>
      {notice && (
        <p className="alert alert-success" role="status" data-testid="admin-notice">
          {t(`admin.${notice.key}`, { username: notice.username, role: notice.role ? roleLabel(notice.role) : '' })}
        </p>
      )}
      {actionError && <ErrorBox error={actionError} />}
      {users.error && <ErrorBox error={users.error} onRetry={users.reload} />}
      {users.loading && !users.data && <Loading />}
      {users.data && (
        <div className="table-scroll">
          <DataTable data={users.data.users} columns={columns} empty={t('admin.noUsers')} rowTestId={(u) => `user-row-${u.username}`} />
        </div>
      )}
      <NewUserForm
        onCreated={(u) => {
          setActionError(undefined);
          setNotice({ key: 'createdNotice', username: u.username });
          onChanged();
        }}
      />
    </section>
  );
}

/** The role, and for a trader the organisation it acts for. */
function RoleField({ id, role, onRole, org, onOrg }: { id: string; role: Role; onRole: (r: Role) => void; org: string; onOrg: (v: string) => void }) {
  const { t } = useTranslation();
  return (
    <>
      <div className="field">
        <label htmlFor={`${id}-role`}>{t('admin.role')}</label>
        <select id={`${id}-role`} value={role} onChange={(e) => onRole(e.target.value as Role)}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {roleLabel(r)}
            </option>
          ))}
        </select>
      </div>
      {role === 'trader' && (
        <LabelledInput
          id={`${id}-org`}
          label={t('admin.organisation')}
          value={org}
          onChange={onOrg}
          required
          maxLength={17}
          pattern="[A-Za-z0-9]{1,17}"
          title={t('admin.organisationHint')}
          autoComplete="off"
          className="mono"
        />
      )}
    </>
  );
}

function RoleForm({ user, onSaved, onCancel }: { user: UserAccount; onSaved: (u: UserAccount) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const [role, setRole] = useState<Role>(user.role);
  const [org, setOrg] = useState(user.org_tin ?? '');
  const { busy, error, run } = useApiAction();

  function submit(e: FormEvent) {
    e.preventDefault();
    // Only traders belong to an organisation: any other role drops it.
    void run(async () => onSaved(await updateUser(user.id, { role, org_tin: role === 'trader' ? org.trim().toUpperCase() : '' })));
  }

  return (
    <form className="inline-form row-editor" onSubmit={submit} data-testid={`user-role-form-${user.username}`}>
      <RoleField id={`ur-${user.id}`} role={role} onRole={setRole} org={org} onOrg={setOrg} />
      <button type="submit" disabled={busy} data-testid={`user-role-save-${user.username}`}>
        {busy ? t('common.working') : t('admin.save')}
      </button>
      <button type="button" className="secondary" onClick={onCancel}>
        {t('admin.cancel')}
      </button>
      {error && <ErrorBox error={error} />}
    </form>
  );
}

function PasswordForm({ user, onSaved, onCancel }: { user: UserAccount; onSaved: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const [tooShort, setTooShort] = useState(false);
  const { busy, error, run } = useApiAction();

  function submit(e: FormEvent) {
    e.preventDefault();
    const short = password.length < MIN_PASSWORD;
    setTooShort(short);
    if (short) return;
    void run(async () => {
      await resetUserPassword(user.id, password);
      onSaved();
    });
  }

  return (
    <form className="inline-form row-editor" onSubmit={submit} data-testid={`user-reset-form-${user.username}`}>
      <div className="field">
        <label htmlFor={`up-${user.id}`}>{t('admin.newPassword')}</label>
        <input
          id={`up-${user.id}`}
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          minLength={MIN_PASSWORD}
          maxLength={256}
          required
          aria-invalid={tooShort || undefined}
          aria-describedby={`up-${user.id}-hint`}
        />
        <div id={`up-${user.id}-hint`} className={tooShort ? 'field-errors' : 'hint'}>
          {tooShort ? t('admin.passwordTooShort') : t('admin.passwordHint')}
        </div>
      </div>
      <button type="submit" disabled={busy} data-testid={`user-reset-save-${user.username}`}>
        {busy ? t('common.working') : t('admin.setPassword')}
      </button>
      <button type="button" className="secondary" onClick={onCancel}>
        {t('admin.cancel')}
      </button>
      {error && <ErrorBox error={error} />}
    </form>
  );
}

function NewUserForm({ onCreated }: { onCreated: (u: UserAccount) => void }) {
  const { t } = useTranslation();
  const [username, setUsername] = useState('');
  const [role, setRole] = useState<Role>('trader');
  const [org, setOrg] = useState('');
  const [password, setPassword] = useState('');
  const [tooShort, setTooShort] = useState(false);
  const { busy, error, run } = useApiAction();

  function submit(e: FormEvent) {
    e.preventDefault();
    const short = password.length < MIN_PASSWORD;
    setTooShort(short);
    if (short) return;
    const tin = org.trim().toUpperCase();
    void run(async () => {
      const u = await createUser({ username: username.trim(), role, password, ...(role === 'trader' && tin ? { org_tin: tin } : {}) });
      setUsername('');
      setOrg('');
      setPassword('');
      onCreated(u);
    });
  }

  return (
    <form onSubmit={submit} data-testid="user-create">
      <fieldset className="card-inner">
        <legend>{t('admin.newUser')}</legend>
        <div className="inline-form">
          <LabelledInput
            id="nu-username"
            label={t('admin.username')}
            value={username}
            onChange={setUsername}
            required
            minLength={3}
            maxLength={64}
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
          />
          <RoleField id="nu" role={role} onRole={setRole} org={org} onOrg={setOrg} />
          <div className="field">
            <label htmlFor="nu-password">{t('admin.initialPassword')}</label>
            <input
              id="nu-password"
              type="password"
              autoComplete="new-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              minLength={MIN_PASSWORD}
              maxLength={256}
              required
              aria-invalid={tooShort || undefined}
              aria-describedby="nu-password-hint"
            />
            <div id="nu-password-hint" className={tooShort ? 'field-errors' : 'hint'}>
              {tooShort ? t('admin.passwordTooShort') : t('admin.minPassword')}
            </div>
          </div>
          <button type="submit" disabled={busy} data-testid="user-create-submit">
            {busy ? t('common.working') : t('admin.createUser')}
          </button>
        </div>
        {error && <ErrorBox error={error} />}
      </fieldset>
    </form>
  );
}
