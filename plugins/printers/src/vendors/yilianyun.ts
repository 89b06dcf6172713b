import { createHash, randomUUID } from 'node:crypto';
import { yilianyunMarkup } from '../markup.ts';
import type { ReceiptLine } from '../receipt.ts';
import { postForm, vendorRefused } from './vendor-http.ts';
import type { PrinterVendor, VendorStatus } from './vendor.ts';

export const YILIANYUN_URL = 'https://open-api.10ss.net/v2';

/** The merchant's Yilianyun open-platform app (自有应用: client_id and client_secret). */
export interface YilianyunApp {
  clientId: string;
  clientSecret: string;
}

/** sign = md5_hex(client_id + timestamp + client_secret) (research notes §2). */
export function yilianyunSignature(clientId: string, timestamp: string, clientSecret: string): string {
  return createHash('md5').update(`${clientId}${timestamp}${clientSecret}`).digest('hex');
}

interface CachedToken {
  accessToken: string;
  expiresAt: number;
}

/**
 * Access tokens by app, shared by the process's clients: one client-credentials token serves
 * every call until it expires. Unstored: a restarted process asks for a new one.
 */
const tokens = new Map<string, CachedToken>();

/** Renewed this long before Yilianyun's expiry; when its answer has no `expires_in`, kept an hour. */
const EXPIRY_MARGIN_MS = 60_000;
const UNKNOWN_LIFETIME_S = 3600;

/**
 * Yilianyun's v2 API: each call carries client_id, timestamp, sign and a fresh UUID `id` (upper
 * case, as cblink's SDK sends it), and, past the token call, the access_token. `error` other
 * than "0" is a refusal with Yilianyun's `error_description`.
 */
export class YilianyunClient implements PrinterVendor {
  readonly #app: YilianyunApp;
  readonly #now: () => number;

  constructor(app: YilianyunApp, now: () => number = Date.now) {
    this.#app = app;
    this.#now = now;
  }

  #signed(): Record<string, string> {
    const { clientId, clientSecret } = this.#app;
    const timestamp = String(Math.floor(this.#now() / 1000));
    return { client_id: clientId, timestamp, sign: yilianyunSignature(clientId, timestamp, clientSecret), id: randomUUID().toUpperCase() };
  }

  async #post(path: string, form: Record<string, string>): Promise<Record<string, unknown>> {
    const answer = await postForm('yilianyun', `${YILIANYUN_URL}${path}`, { ...form, ...this.#signed() });
    if (String(answer.error) !== '0') throw vendorRefused('yilianyun', String(answer.error_description ?? 'error'), String(answer.error));
    return (answer.body ?? {}) as Record<string, unknown>;
  }

  get #cacheKey(): string {
    return `${this.#app.clientId}:${createHash('sha256').update(this.#app.clientSecret).digest('hex')}`;
  }

  /** POST /oauth/oauth (client_credentials, scope all), kept until shortly before it expires. */
  async accessToken(): Promise<string> {
    const cached = tokens.get(this.#cacheKey);
    if (cached && cached.expiresAt > this.#now()) return cached.accessToken;
    const body = await this.#post('/oauth/oauth', { grant_type: 'client_credentials', scope: 'all' });
    const accessToken = String(body.access_token ?? '');
    if (!accessToken) throw vendorRefused('yilianyun', 'no access_token in the token answer', 'oauth');
    const lifetimeS = Number(body.expires_in) > 0 ? Number(body.expires_in) : UNKNOWN_LIFETIME_S;
    tokens.set(this.#cacheKey, { accessToken, expiresAt: this.#now() + lifetimeS * 1000 - EXPIRY_MARGIN_MS });
    return accessToken;
  }

  /**
   * A call with the access token. A refusal drops the cached token (the code for an expired
   * one is unchecked), so the next call, a retry, starts with a fresh one; no call is repeated
   * here, so a print is never sent twice.
   */
  async call(path: string, params: Record<string, string>): Promise<Record<string, unknown>> {
    const accessToken = await this.accessToken();
    try {
      return await this.#post(path, { ...params, access_token: accessToken });
    } catch (error) {
      tokens.delete(this.#cacheKey);
      throw error;
    }
  }

  async register(printer: { sn: string; key: string; name: string }): Promise<void> {
    await this.call('/printer/addprinter', { machine_code: printer.sn, msign: printer.key, print_name: printer.name });
  }

  /** ⚠️ The path is unchecked (research notes §2): /printer/deleteprinter. */
  async remove(sn: string): Promise<void> {
    await this.call('/printer/deleteprinter', { machine_code: sn });
  }

  /** /print/index, with our job id as origin_id; copies are `<MN>` in the content. */
  async print(sn: string, lines: ReceiptLine[], options: { copies: number; originId: string }): Promise<string> {
    const body = await this.call('/print/index', { machine_code: sn, content: yilianyunMarkup(lines, options.copies), origin_id: options.originId });
    return String(body.id ?? '');
  }

  /** /printer/getprintstatus: state 0 offline, 1 online, 2 out of paper (⚠️ the codes are unchecked). */
  async status(sn: string): Promise<VendorStatus> {
    const body = await this.call('/printer/getprintstatus', { machine_code: sn });
    const state = String(body.state ?? '');
    const text = ({ 0: '离线', 1: '在线，工作状态正常', 2: '在线，缺纸' } as Record<string, string>)[state] ?? `未知状态 ${state}`;
    return { online: state === '0' ? false : state === '1' || state === '2' ? true : null, normal: state === '1', text };
  }
}
