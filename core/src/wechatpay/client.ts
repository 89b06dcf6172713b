import { errors } from '../errors.ts';
import type { PartnerCredentials, PlatformCertificate } from './credentials.ts';
import { WechatpaySigner, type HttpMethod } from './signer.ts';
import { checkSignature, signedMessageFromHeaders, VerificationKeys, wechatRequestId } from './verify.ts';

/**
 * A small typed WeChat Pay APIv3 client over `fetch`: every request is signed as the partner's
 * sp_mchid, every answer's signature is verified before its body is used, and non-2xx answers
 * become LS_WECHATPAY_REQUEST_FAILED carrying WeChat's `code`/`message` and the HTTP status.
 *
 * Verification rules:
 * - 2xx with `Wechatpay-*` headers: verified; failure → LS_WECHATPAY_SIGNATURE_INVALID.
 * - 2xx without them: accepted only for 204 with an empty body (nothing to trust); otherwise
 *   rejected. ⚠ Assumption: the research notes do not say whether WeChat signs 204 answers
 *   (close, PATCH stock); when it does, the signature over the empty body is checked.
 * - non-2xx with the headers: verified (a failure is LS_WECHATPAY_SIGNATURE_INVALID, so a forged
 *   error cannot pass for WeChat's); without them (a gateway's 502, say) the error is still raised,
 *   with `verified: false` so callers never branch on an unsigned `wechatCode`.
 */
export const DEFAULT_BASE_URL = 'https://api.mch.weixin.qq.com';
const DEFAULT_TIMEOUT_MS = 10_000;
const USER_AGENT = 'lingshou-wechatpay/1 (+https://lingshou.dev)';

export type QueryValue = string | number | boolean | undefined;

export interface WechatpayRequest {
  method: Extract<HttpMethod, 'GET' | 'POST' | 'PATCH'>;
  /** API path, starting with `/v3/`; build it with `apiPath` so segments are encoded. */
  path: string;
  query?: Record<string, QueryValue>;
  body?: unknown;
  /**
   * Extra certificates to trust for this answer only, computed from its raw body: used by the
   * `/v3/certificates` download, whose answer may be signed by a certificate it carries.
   */
  trustFromBody?: (rawBody: string) => PlatformCertificate[];
}

export interface WechatpayResponse<T> {
  status: number;
  data: T;
  /** WeChat's `Request-ID`. */
  requestId: string | undefined;
}

export interface WechatpayClientOptions {
  credentials: PartnerCredentials;
  /** `https://api.mch.weixin.qq.com` by default; the local sandbox passes its own (a path prefix is kept and signed). */
  baseUrl?: string;
  /** Clock in ms, for request timestamps and the ±5 min answer window. */
  now?: () => number;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/**
 * RFC 3986 encoding: encodeURIComponent leaves !'()* alone, and fetch's URL parser would then
 * percent-encode `'` in a query, so the bytes sent would differ from the bytes signed.
 */
export function encodeComponent(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Builds `/v3/…/${id}/…` with every interpolated segment encoded. A segment of `.` or `..` is
 * refused: the URL parser would resolve it and the request would reach another path.
 */
export function apiPath(strings: TemplateStringsArray, ...segments: (string | number)[]): string {
  return strings.reduce((path, literal, i) => {
    if (i >= segments.length) return path + literal;
    const segment = String(segments[i]);
    if (segment === '' || /^(\.|%2e){1,2}$/i.test(segment)) {
      throw errors.LS_INPUT_INVALID(`"${segment}" cannot be used as a path segment`, { field: 'path' });
    }
    return path + literal + encodeComponent(segment);
  }, '');
}

function queryString(query: Record<string, QueryValue> | undefined): string {
  if (!query) return '';
  const parts = Object.entries(query)
    .filter((entry): entry is [string, string | number | boolean] => entry[1] !== undefined)
    .map(([key, value]) => `${encodeComponent(key)}=${encodeComponent(String(value))}`);
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}

interface WechatErrorBody { code?: unknown; message?: unknown; detail?: unknown }

export class WechatpayClient {
  readonly credentials: PartnerCredentials;
  readonly baseUrl: string;
  readonly signer: WechatpaySigner;
  readonly keys: VerificationKeys;
  readonly #now: () => number;
  readonly #timeoutMs: number;
  readonly #fetch: typeof fetch;
  readonly #origin: string;
  readonly #prefix: string;

  constructor(options: WechatpayClientOptions) {
    this.credentials = options.credentials;
    this.baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
    const base = new URL(this.baseUrl);
    this.#origin = base.origin;
    // What WeChat signs is the URL without the domain; a sandbox mounted under a path sees it too.
    this.#prefix = base.pathname.replace(/\/+$/, '');
    this.#now = options.now ?? Date.now;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.signer = new WechatpaySigner(options.credentials, this.#now);
    this.keys = VerificationKeys.fromCredentials(options.credentials);
  }

  get<T>(path: string, query?: Record<string, QueryValue>): Promise<WechatpayResponse<T>> {
    return this.request<T>({ method: 'GET', path, ...(query ? { query } : {}) });
  }

  post<T>(path: string, body?: unknown): Promise<WechatpayResponse<T>> {
    return this.request<T>({ method: 'POST', path, body });
  }

  patch<T>(path: string, body?: unknown): Promise<WechatpayResponse<T>> {
    return this.request<T>({ method: 'PATCH', path, body });
  }

  /** The `Wechatpay-Serial` we announce: the public key id, else the first platform certificate. */
  #announcedSerial(): string | undefined {
    return this.credentials.wechatpayPublicKey?.id ?? this.credentials.platformCertificates[0]?.serial;
  }

  async request<T>(request: WechatpayRequest): Promise<WechatpayResponse<T>> {
    const url = `${this.#prefix}${request.path}${queryString(request.query)}`;
    const body = request.body === undefined ? '' : JSON.stringify(request.body);
    const headers: Record<string, string> = {
      Accept: 'application/json',
      'User-Agent': USER_AGENT,
      Authorization: this.signer.authorization({ method: request.method, url, body }),
    };
    if (body !== '') headers['Content-Type'] = 'application/json';
    // Some partner APIs (JSAPI prepay among them) require the serial of the key we verify with.
    const serial = this.#announcedSerial();
    if (serial) headers['Wechatpay-Serial'] = serial;

    const where = { method: request.method, path: request.path };
    let response: Response;
    let raw: string;
    try {
      response = await this.#fetch(`${this.#origin}${url}`, {
        method: request.method,
        headers,
        ...(body === '' ? {} : { body }),
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
      raw = await response.text();
    } catch (cause) {
      const timeout = cause instanceof Error && (cause.name === 'TimeoutError' || cause.name === 'AbortError');
      throw errors.LS_WECHATPAY_UNAVAILABLE(undefined, { cause, extra: { ...where, reason: timeout ? 'timeout' : 'network' } });
    }

    const requestId = wechatRequestId(response.headers);
    const signed = signedMessageFromHeaders(response.headers, raw);
    const ok = response.status >= 200 && response.status < 300;
    let verified = false;
    if (signed || (ok && !(response.status === 204 && raw === ''))) {
      const keys = request.trustFromBody && ok ? this.keys.withCertificates(request.trustFromBody(raw)) : this.keys;
      const result = checkSignature(signed, keys, { now: this.#now });
      if (!result.ok) {
        throw errors.LS_WECHATPAY_SIGNATURE_INVALID(undefined, {
          extra: { ...where, reason: result.reason, httpStatus: response.status, wechatRequestId: requestId },
        });
      }
      verified = true;
    }

    if (!ok) {
      let parsed: WechatErrorBody = {};
      try {
        const value: unknown = JSON.parse(raw);
        if (value !== null && typeof value === 'object') parsed = value as WechatErrorBody;
      } catch {
        // A gateway's HTML page, for instance: no WeChat code to report.
      }
      const wechatCode = typeof parsed.code === 'string' ? parsed.code : undefined;
      const wechatMessage = typeof parsed.message === 'string' ? parsed.message : undefined;
      throw errors.LS_WECHATPAY_REQUEST_FAILED(
        wechatMessage ? `WeChat Pay: ${wechatMessage}` : `WeChat Pay answered HTTP ${response.status}`,
        { extra: { ...where, wechatCode, wechatMessage, wechatDetail: parsed.detail, httpStatus: response.status, verified, wechatRequestId: requestId } },
      );
    }

    let data: unknown;
    if (raw !== '') {
      try {
        data = JSON.parse(raw);
      } catch (cause) {
        throw errors.LS_WECHATPAY_REQUEST_FAILED('WeChat Pay answered with a body that is not JSON', {
          cause, extra: { ...where, httpStatus: response.status, verified, wechatRequestId: requestId },
        });
      }
    }
    return { status: response.status, data: data as T, requestId };
  }
}

export function createWechatpayClient(options: WechatpayClientOptions): WechatpayClient {
  return new WechatpayClient(options);
}
