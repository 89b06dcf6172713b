import { readSession, writeSession, type Session } from './session.ts';

export const API_BASE = '/api/v1';

/** An API answer other than 2xx, carrying the problem+json fields (docs/errors.md). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
    readonly field?: string,
    /** The problem's other members (e.g. `childCount` on LS_RESOURCE_IN_USE), for a precise message. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export interface ApiResponse<T> {
  data: T;
  headers: Headers;
}

// One refresh at a time: parallel requests that all got 401 wait for the same new token.
let refreshing: Promise<boolean> | null = null;

async function refreshSession(): Promise<boolean> {
  const session = readSession();
  if (!session) return false;
  const res = await fetch(`${API_BASE}/auth/refresh`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refreshToken: session.refreshToken }),
  });
  if (!res.ok) {
    writeSession(null);
    return false;
  }
  writeSession((await res.json()) as Session);
  return true;
}

/** Sends with the session's token; a 401 renews the token once (shared by parallel calls) and sends again. */
async function authorizedFetch(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
  const send = () => {
    const token = readSession()?.accessToken;
    const isForm = body instanceof FormData;
    return fetch(path.startsWith('/api/') ? path : `${API_BASE}${path}`, {
      method,
      headers: {
        ...(body === undefined || isForm ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : isForm ? body : JSON.stringify(body),
    });
  };
  const res = await send();
  if (res.status !== 401 || !readSession()) return res;
  refreshing ??= refreshSession().finally(() => { refreshing = null; });
  return (await refreshing) ? send() : res;
}

/** The problem+json of a failed answer as an ApiError (the status text when the body is not one). */
async function problemOf(res: Response): Promise<ApiError> {
  const problem = (await res.json().catch(() => ({}))) as { detail?: string; title?: string; code?: string; field?: string };
  return new ApiError(res.status, problem.detail ?? problem.title ?? res.statusText, problem.code, problem.field, problem);
}

export async function apiRequest<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
  const res = await authorizedFetch(method, path, body, headers);
  if (!res.ok) throw await problemOf(res);
  const data = (res.status === 204 ? null : await res.json()) as T;
  return { data, headers: res.headers };
}

export const api = {
  get: async <T>(path: string) => (await apiRequest<T>('GET', path)).data,
  post: async <T>(path: string, body?: unknown, headers?: Record<string, string>) => (await apiRequest<T>('POST', path, body ?? {}, headers)).data,
  put: async <T>(path: string, body: unknown) => (await apiRequest<T>('PUT', path, body)).data,
  patch: async <T>(path: string, body: unknown) => (await apiRequest<T>('PATCH', path, body)).data,
  delete: async <T>(path: string) => (await apiRequest<T>('DELETE', path)).data,
};

/** Downloads a file from an authenticated route (a plain link would carry no token). */
export async function apiDownload(path: string, filename: string): Promise<void> {
  const res = await authorizedFetch('GET', path);
  if (!res.ok) throw await problemOf(res);
  const url = URL.createObjectURL(await res.blob());
  const link = Object.assign(document.createElement('a'), { href: url, download: filename });
  link.click();
  URL.revokeObjectURL(url);
}
