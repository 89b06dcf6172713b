import type { AuthProvider } from '@refinedev/core';
import { api, ApiError } from '../api/http.ts';
import { readSession, writeSession, type Session, type User } from '../api/session.ts';

export const authProvider: AuthProvider = {
  login: async ({ username, password }: { username: string; password: string }) => {
    try {
      const session = await api.post<Session>('/auth/login', { username, password });
      writeSession(session);
      return { success: true, redirectTo: session.user.kind === 'platform' ? '/platform/partners' : '/' };
    } catch (error) {
      return { success: false, error: { name: 'login', message: (error as Error).message } };
    }
  },
  logout: async () => {
    const session = readSession();
    writeSession(null);
    if (session) await api.post('/auth/logout', { refreshToken: session.refreshToken }).catch(() => undefined);
    return { success: true, redirectTo: '/login' };
  },
  check: async () => (readSession() ? { authenticated: true } : { authenticated: false, redirectTo: '/login', logout: true }),
  onError: async (error: { statusCode?: number }) => {
    // The HTTP client has already tried a refresh: a 401 here means the session is over.
    if (error.statusCode === 401) return { logout: true, redirectTo: '/login' };
    return {};
  },
  getIdentity: async () => {
    if (!readSession()) return null;
    try {
      const me = await api.get<User>('/auth/me');
      const session = readSession();
      // /auth/me is what the token carries; the login answer's fields it lacks (the name) stay.
      const user = { ...session?.user, ...me };
      if (session) writeSession({ ...session, user });
      return user;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return null;
      throw error;
    }
  },
  getPermissions: async () => readSession()?.user.permissions ?? [],
};
