/** The signed-in session, kept in localStorage so a reload stays signed in. */
export interface User {
  accountId: string;
  username: string;
  name: string;
  kind: 'platform' | 'staff';
  tenantId: string | null;
  staffId: string | null;
  roleName: string | null;
  permissions: string[];
  storeIds: string[] | null;
}

export interface Session {
  accessToken: string;
  refreshToken: string;
  user: User;
}

const KEY = 'lingshou.admin.session';

export function readSession(): Session | null {
  const raw = localStorage.getItem(KEY);
  if (!raw) return null;
  try {
    return JSON.parse(raw) as Session;
  } catch {
    localStorage.removeItem(KEY);
    return null;
  }
}

export function writeSession(session: Session | null): void {
  if (session) localStorage.setItem(KEY, JSON.stringify(session));
  else localStorage.removeItem(KEY);
}
