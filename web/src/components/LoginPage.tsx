import { useState, type FormEvent } from 'react';
import { Navigate, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { homePath, useAuth } from '../auth/AuthContext';
import { useConfig } from '../hooks/useConfig';
import { problemText } from '../i18n/dynamic';
import { LabelledInput } from './LabelledInput';

export function LoginPage() {
  const { t } = useTranslation();
  const { user, signIn } = useAuth();
  const navigate = useNavigate();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [otp, setOtp] = useState('');
  const [needOtp, setNeedOtp] = useState(false);
  const demo = useConfig()?.demo === true;
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  if (user) return <Navigate to={homePath(user)} replace />;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const u = await signIn(username.trim(), password, needOtp ? otp.trim() : undefined);
      navigate(homePath(u), { replace: true });
    } catch (err) {
      // The password was right and the account has a second factor: ask for its code.
      if (err instanceof ApiError && err.problem.code === 'otp_required') {
        setNeedOtp(true);
        return;
      }
      setError(err instanceof ApiError ? problemText(err.problem) : String(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card login">
      <h1>{t('auth.title')}</h1>
      <p className="muted">{t('auth.intro')}</p>
      <form onSubmit={submit} noValidate>
        <LabelledInput id="username" label={t('auth.username')} name="username" autoComplete="username" value={username} onChange={setUsername} required />
        <LabelledInput
          id="password"
          label={t('auth.password')}
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={setPassword}
          required
        />
        {needOtp && (
          <LabelledInput id="otp" label={t('auth.otp')} name="otp" autoComplete="one-time-code" value={otp} onChange={setOtp} required />
        )}
        {error && (
          <p className="alert alert-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy || !username || !password}>
          {busy ? t('common.working') : t('auth.signIn')}
        </button>
      </form>
      {demo && (
        <p className="muted small" data-testid="demo-hint">
          {t('auth.demoHint')}
        </p>
      )}
    </section>
  );
}
