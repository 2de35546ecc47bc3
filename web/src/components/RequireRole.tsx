import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { homePath, isOfficer, useAuth } from '../auth/AuthContext';

/** Sends signed-out users to the login page and users of the other side to their own home.
 *  `admin`: administrators only (a page of the officer console). */
export function RequireRole({ side, children }: { side: 'trader' | 'officer' | 'admin'; children: ReactNode }) {
  const { user } = useAuth();
  const location = useLocation();
  if (!user) return <Navigate to="/login" replace state={{ from: location.pathname }} />;
  const allowed = side === 'officer' ? isOfficer(user) : side === 'admin' ? user.role === 'admin' : user.role === 'trader';
  if (!allowed) return <Navigate to={homePath(user)} replace />;
  return <>{children}</>;
}
