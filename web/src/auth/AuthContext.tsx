import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { loadSession, saveSession, setUnauthorizedListener } from '../api/client';
import { login as apiLogin, logout as apiLogout } from '../api/endpoints';
import type { Principal, Role } from '../api/types';

interface Auth {
  user: Principal | null;
  signIn: (username: string, password: string, otp?: string) => Promise<Principal>;
  signOut: () => void;
}

const AuthContext = createContext<Auth | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<Principal | null>(() => loadSession()?.user ?? null);

  const forget = useCallback(() => {
    saveSession(null);
    setUser(null);
  }, []);

  // Signing out ends the session on the server too, so that the token opens nothing any more.
  const signOut = useCallback(() => {
    apiLogout().catch(() => undefined).finally(forget);
  }, [forget]);

  // An expired or revoked token answers 401: the user signs in again.
  useEffect(() => setUnauthorizedListener(forget), [forget]);

  const signIn = useCallback(async (username: string, password: string, otp?: string) => {
    const s = await apiLogin(username, password, otp);
    saveSession(s);
    setUser(s.user);
    return s.user;
  }, []);

  const value = useMemo(() => ({ user, signIn, signOut }), [user, signIn, signOut]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const a = useContext(AuthContext);
  if (!a) throw new Error('useAuth outside AuthProvider');
  return a;
}

export const OFFICER_ROLES: readonly Role[] = ['risk_officer', 'inspection_officer', 'supervisor', 'admin'];
export const isOfficer = (u: Principal | null) => !!u && OFFICER_ROLES.includes(u.role);
export const isTrader = (u: Principal | null) => u?.role === 'trader';
/** Where a user lands after signing in. */
export const homePath = (u: Principal) => (u.role === 'trader' ? '/trader' : '/officer');
