import type { SessionTokens } from './types.ts';

const KEY = 'lingshou.cashier.session';

/**
 * The signed-in cashier, kept in localStorage so a reload (or a restart while the network is
 * down) keeps the till working without signing in again.
 */
export function loadSession(): SessionTokens | null {
  const raw = localStorage.getItem(KEY);
  return raw ? (JSON.parse(raw) as SessionTokens) : null;
}

export function saveSession(session: SessionTokens | null): void {
  if (session) localStorage.setItem(KEY, JSON.stringify(session));
  else localStorage.removeItem(KEY);
}
