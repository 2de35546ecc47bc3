import { NavLink, Outlet, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useAuth, isOfficer } from '../auth/AuthContext';
import { LanguageSwitcher } from './LanguageSwitcher';
import { tKey } from '../i18n/dynamic';

export function Layout() {
  const { t } = useTranslation();
  const { user, signOut } = useAuth();
  const navigate = useNavigate();
  const officer = isOfficer(user);

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('common.skipToContent')}
      </a>
      <header className="topbar">
        <div className="brand">
          <span className="logo" aria-hidden="true">
            OC
          </span>
          <span>{t('app.name')}</span>
          {user && <span className="area">{officer ? t('app.officerConsole') : t('app.traderPortal')}</span>}
        </div>
        <div className="topbar-tools">
          <LanguageSwitcher />
          {user && (
            <>
              <span className="who" data-testid="current-user">
                {user.username} · {tKey(`roles.${user.role}`, user.role)}
              </span>
              <button
                type="button"
                className="secondary"
                onClick={() => {
                  signOut();
                  navigate('/login');
                }}
              >
                {t('auth.signOut')}
              </button>
            </>
          )}
        </div>
      </header>
      {user && (
        <nav className="mainnav" aria-label={t('common.navigation')}>
          {officer ? (
            <>
              <NavLink to="/officer" end>
                {t('nav.worklist')}
              </NavLink>
              <NavLink to="/officer/dashboards">{t('nav.dashboards')}</NavLink>
              <NavLink to="/officer/criteria">{t('nav.criteria')}</NavLink>
              <NavLink to="/officer/transit">{t('nav.transit')}</NavLink>
              {user.role === 'admin' && <NavLink to="/officer/admin">{t('nav.admin')}</NavLink>}
            </>
          ) : (
            <>
              <NavLink to="/trader" end>
                {t('nav.myDeclarations')}
              </NavLink>
              <NavLink to="/trader/new">{t('nav.lodge')}</NavLink>
              <NavLink to="/trader/notifications">{t('nav.notifications')}</NavLink>
            </>
          )}
        </nav>
      )}
      <main id="main" className="content">
        <Outlet />
      </main>
      <footer className="footer muted">{t('app.footer')}</footer>
    </div>
  );
}
