import { loadSession, saveSession } from './session.ts';
import type { SessionTokens } from './types.ts';

/** A problem+json answer (docs/api.md): `code` to branch on, `field` to point at. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string | undefined;
  readonly body: Record<string, unknown>;

  constructor(status: number, body: Record<string, unknown>) {
    super(String(body.detail ?? body.title ?? `HTTP ${status}`));
    this.status = status;
    this.code = String(body.code ?? '');
    this.field = typeof body.field === 'string' ? body.field : undefined;
    this.body = body;
  }
}

/** The server could not be reached: the till switches to offline selling. */
export class OfflineError extends Error {
  constructor() {
    super('服务器无法连接');
  }
}

export interface CallOptions {
  body?: unknown;
  /** A token other than the signed-in cashier's. */
  token?: string;
  idempotencyKey?: string;
}

const base = '/api/v1';

async function send(method: string, path: string, token: string | undefined, options: CallOptions): Promise<Response> {
  // Asking a disconnected browser only fills the console with network errors.
  if (!navigator.onLine) throw new OfflineError();
  const headers: Record<string, string> = {};
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
  try {
    return await fetch(`${base}${path}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  } catch {
    throw new OfflineError();
  }
}

/** Trades the refresh token for new tokens once the access token has expired. */
async function refreshSession(session: SessionTokens): Promise<SessionTokens | null> {
  const res = await send('POST', '/auth/refresh', undefined, { body: { refreshToken: session.refreshToken } });
  if (res.status !== 200) return null;
  const next = (await res.json()) as SessionTokens;
  saveSession(next);
  return next;
}

/** Calls the API as the signed-in cashier; an answer outside 2xx is an ApiError. */
export async function api<T>(method: string, path: string, options: CallOptions = {}): Promise<T> {
  const session = loadSession();
  let res = await send(method, path, options.token ?? session?.accessToken, options);
  if (res.status === 401 && !options.token && session) {
    const next = await refreshSession(session);
    if (next) res = await send(method, path, next.accessToken, options);
  }
  if (res.status === 204) return undefined as T;
  const body = (await res.json()) as unknown;
  if (!res.ok) throw new ApiError(res.status, body as Record<string, unknown>);
  return body as T;
}

/** Signs in; the session is kept for reloads. */
export async function login(username: string, password: string): Promise<SessionTokens> {
  const session = await api<SessionTokens>('POST', '/auth/login', { body: { username, password } });
  saveSession(session);
  return session;
}
