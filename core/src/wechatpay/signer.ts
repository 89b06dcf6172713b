import { createPublicKey, randomBytes } from 'node:crypto';
import Pay from 'wechatpay-node-v3';
import type { PartnerCredentials } from './credentials.ts';

/**
 * Request signing and the mini-program `paySign`, done by wechatpay-node-v3 (`getSignature`,
 * `getAuthorization`, `sha256WithRsa`). The library is only used for these pure functions: its
 * HTTP methods call direct-merchant URLs on a fixed host, have no PATCH and return errors instead
 * of throwing (see client.ts).
 *
 * Two things are done around it:
 * - nonce and timestamp come from here (crypto-random nonce, injectable clock); the library's own
 *   `buildAuthorization` uses `Math.random()` and is protected anyway.
 * - a non-GET request with an empty body is signed here over `METHOD\nURL\nts\nnonce\n\n`: the
 *   library's `getSignature` drops the empty body line for anything but GET, which WeChat rejects.
 *   Our endpoints always send a body with POST/PATCH, so this is a guard, not a common path.
 */
export const AUTH_SCHEME = 'WECHATPAY2-SHA256-RSA2048';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface AuthorizationInput {
  method: HttpMethod;
  /** The absolute path with its query string, exactly as sent (`/v3/…?a=1`). */
  url: string;
  /** The request body exactly as sent; empty or absent for GET. */
  body?: string;
  /** Unix seconds, as a string; defaults to now. */
  timestamp?: string;
  nonce?: string;
}

/** What `wx.requestPayment` (mini program) / `WeixinJSBridge` (JSAPI) take. */
export interface RequestPaymentParams {
  appId: string;
  timeStamp: string;
  nonceStr: string;
  package: string;
  signType: 'RSA';
  paySign: string;
}

/** 32 random characters from [0-9A-Z]: WeChat allows up to 32 for nonce_str. */
export function randomNonce(): string {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  return Array.from(randomBytes(32), (byte) => alphabet[byte % alphabet.length]).join('');
}

/** `METHOD\nURL\ntimestamp\nnonce\nbody\n`: the string WeChat expects us to sign. */
export function requestMessage(method: string, url: string, timestamp: string, nonce: string, body = ''): string {
  return `${method}\n${url}\n${timestamp}\n${nonce}\n${body}\n`;
}

export class WechatpaySigner {
  readonly #pay: Pay;
  readonly #now: () => number;

  constructor(credentials: PartnerCredentials, now: () => number = Date.now) {
    // The library wants `publicKey` (normally apiclient_cert.pem) only to derive the serial when
    // `serial_no` is absent; we always pass the serial, so the public half of the key will do.
    const publicKey = createPublicKey(credentials.privateKeyPem).export({ type: 'spki', format: 'pem' });
    this.#pay = new Pay({
      appid: credentials.spAppid,
      mchid: credentials.spMchid,
      serial_no: credentials.apiCertSerial,
      publicKey: Buffer.from(publicKey),
      privateKey: Buffer.from(credentials.privateKeyPem),
    });
    this.#now = now;
  }

  /** SHA256-RSA2048 over `message` with the merchant API private key, base64. */
  sign(message: string): string {
    return this.#pay.sha256WithRsa(message);
  }

  /** The `Authorization` header value for one request. */
  authorization(input: AuthorizationInput): string {
    const timestamp = input.timestamp ?? String(Math.floor(this.#now() / 1000));
    const nonce = input.nonce ?? randomNonce();
    const body = input.body ?? '';
    const signature = input.method !== 'GET' && body === ''
      ? this.sign(requestMessage(input.method, input.url, timestamp, nonce))
      : this.#pay.getSignature(input.method, nonce, timestamp, input.url, body === '' ? undefined : body);
    return this.#pay.getAuthorization(nonce, timestamp, signature);
  }

  /**
   * The `requestPayment` parameters for a prepay id: paySign is RSA over
   * `appId\ntimeStamp\nnonceStr\npackage\n`, the same string the library's `transactions_jsapi`
   * signs (that method itself calls the direct-merchant endpoint, so it cannot be used).
   */
  requestPayment(appId: string, prepayId: string, options: { timeStamp?: string; nonceStr?: string } = {}): RequestPaymentParams {
    const timeStamp = options.timeStamp ?? String(Math.floor(this.#now() / 1000));
    const nonceStr = options.nonceStr ?? randomNonce();
    const pkg = `prepay_id=${prepayId}`;
    const paySign = this.sign([appId, timeStamp, nonceStr, pkg, ''].join('\n'));
    return { appId, timeStamp, nonceStr, package: pkg, signType: 'RSA', paySign };
  }
}
