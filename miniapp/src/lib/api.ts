import Taro from '@tarojs/taro';
import { session } from './session';

/** H5 is served by the API's own server; the mini program calls its configured https address. */
const BASE = process.env.TARO_ENV === 'h5' ? '/api/v1' : `${LINGSHOU_MALL_API}/api/v1`;

export class ApiError extends Error {
  readonly status: number;
  readonly code: string | undefined;
  readonly field: string | undefined;
  /** How long a rate limit (429) asks to wait, when it says. */
  readonly retryAfterSeconds: number | undefined;

  constructor(status: number, body: { detail?: string; title?: string; code?: string; field?: string; retryAfterSeconds?: number } | undefined) {
    super(body?.detail ?? body?.title ?? `请求失败 (${status})`);
    this.status = status;
    this.code = body?.code;
    this.field = body?.field;
    this.retryAfterSeconds = typeof body?.retryAfterSeconds === 'number' ? body.retryAfterSeconds : undefined;
  }
}

export interface ApiResult<T> {
  data: T;
  total: number | null;
}

/** Calls the API with the customer's token; a lapsed sign-in sends the customer to sign in again. */
export async function request<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<ApiResult<T>> {
  const token = session.token();
  const res = await Taro.request({
    url: `${BASE}${path}`, method, data: body as Record<string, unknown> | undefined,
    header: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });
  if (res.statusCode === 401 && token) {
    session.setToken(null);
    void Taro.reLaunch({ url: '/pages/entry/index' });
  }
  if (res.statusCode >= 400) throw new ApiError(res.statusCode, res.data as { detail?: string });
  const header = res.header as Record<string, string | undefined>;
  const total = header['x-total-count'] ?? header['X-Total-Count'];
  return { data: res.data as T, total: total === undefined ? null : Number(total) };
}

export const api = {
  get: async <T>(path: string) => (await request<T>('GET', path)).data,
  post: async <T>(path: string, body: unknown = {}) => (await request<T>('POST', path, body)).data,
  patch: async <T>(path: string, body: unknown) => (await request<T>('PATCH', path, body)).data,
  del: async (path: string) => { await request('DELETE', path); },
};

/** Shows an API failure as a toast. */
export function showError(error: unknown): void {
  void Taro.showToast({ title: error instanceof Error ? error.message.slice(0, 40) : '出错了', icon: 'none' });
}
