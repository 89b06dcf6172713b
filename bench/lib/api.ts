/**
 * A small client for the server's HTTP API (the bench seeds through the API, as an operator,
 * a merchant admin and cashiers would). Access tokens live 15 minutes; a Session refreshes
 * its token before it gets old, so long runs keep working.
 */
export class ApiError extends Error {
  constructor(readonly status: number, readonly body: string, message: string) {
    super(message);
  }
}

export interface CallOptions {
  body?: unknown;
  headers?: Record<string, string>;
  /** Statuses that count as success (default: any 2xx). */
  expect?: number[];
}

export async function call<T = unknown>(baseUrl: string, token: string | null, method: string, path: string, options: CallOptions = {}): Promise<{ status: number; body: T; headers: Headers }> {
  const headers: Record<string, string> = { ...options.headers };
  if (token) headers.authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${baseUrl}${path}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  const text = await res.text();
  const ok = options.expect ? options.expect.includes(res.status) : res.status >= 200 && res.status < 300;
  if (!ok) throw new ApiError(res.status, text, `${method} ${path} → ${res.status}: ${text.slice(0, 500)}`);
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T, headers: res.headers };
}

const REFRESH_AFTER_MS = 10 * 60 * 1000;

export class Session {
  #access = '';
  #refresh = '';
  #at = 0;

  private constructor(readonly baseUrl: string, readonly username: string) {}

  static async login(baseUrl: string, username: string, password: string): Promise<Session> {
    const session = new Session(baseUrl, username);
    const { body } = await call<{ accessToken: string; refreshToken: string }>(baseUrl, null, 'POST', '/api/v1/auth/login', { body: { username, password } });
    session.#take(body);
    return session;
  }

  #take(body: { accessToken: string; refreshToken: string }): void {
    this.#access = body.accessToken;
    this.#refresh = body.refreshToken;
    this.#at = Date.now();
  }

  /** A bearer token good for at least five more minutes. */
  async token(): Promise<string> {
    if (Date.now() - this.#at > REFRESH_AFTER_MS) {
      const { body } = await call<{ accessToken: string; refreshToken: string }>(this.baseUrl, null, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: this.#refresh } });
      this.#take(body);
    }
    return this.#access;
  }

  async call<T = unknown>(method: string, path: string, options: CallOptions = {}) {
    return call<T>(this.baseUrl, await this.token(), method, path, options);
  }

  async get<T = unknown>(path: string): Promise<T> {
    return (await this.call<T>('GET', path)).body;
  }

  async post<T = unknown>(path: string, body?: unknown, expect?: number[]): Promise<T> {
    return (await this.call<T>('POST', path, { body, expect })).body;
  }

  async put<T = unknown>(path: string, body?: unknown): Promise<T> {
    return (await this.call<T>('PUT', path, { body })).body;
  }

  /** POSTs a multipart form (a file upload: the product import), answers the JSON body. */
  async upload<T = unknown>(path: string, form: FormData, expect?: number[]): Promise<T> {
    const res = await fetch(`${this.baseUrl}${path}`, { method: 'POST', headers: { authorization: `Bearer ${await this.token()}` }, body: form });
    const text = await res.text();
    const ok = expect ? expect.includes(res.status) : res.status >= 200 && res.status < 300;
    if (!ok) throw new ApiError(res.status, text, `POST ${path} → ${res.status}: ${text.slice(0, 500)}`);
    return JSON.parse(text) as T;
  }
}
