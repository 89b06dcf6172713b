/**
 * WeChat Pay APIv3 wire rules as WeChat applies them, written from the research notes
 * (research/wechatpay.md §C) and independent of our client in core/src/wechatpay: request and
 * response messages, SHA256-RSA2048 signatures, AEAD_AES_256_GCM resources, the Authorization
 * header, and the APIv2 HMAC-SHA256 sign the send-coupon plugin uses.
 */
import { createCipheriv, createDecipheriv, createHmac, createSign, createVerify, randomBytes, randomInt, type KeyLike } from 'node:crypto';

export const AUTH_SCHEME = 'WECHATPAY2-SHA256-RSA2048';

/** What the merchant signs: `METHOD\nURL\nTIMESTAMP\nNONCE\nBODY\n` (empty body for GET). */
export function requestMessage(method: string, url: string, timestamp: string, nonce: string, body: string): string {
  return `${method}\n${url}\n${timestamp}\n${nonce}\n${body}\n`;
}

/** What WeChat signs on answers and notifications: `TIMESTAMP\nNONCE\nBODY\n`. */
export function responseMessage(timestamp: string, nonce: string, body: string): string {
  return `${timestamp}\n${nonce}\n${body}\n`;
}

/** SHA256withRSA (PKCS#1 v1.5), base64. */
export function rsaSign(message: string, privateKey: KeyLike): string {
  return createSign('RSA-SHA256').update(message, 'utf8').sign(privateKey, 'base64');
}

/** Verifies a base64 SHA256withRSA signature; a malformed key or signature is simply "no". */
export function rsaVerify(message: string, signature: string, publicKey: KeyLike): boolean {
  try {
    return createVerify('RSA-SHA256').update(message, 'utf8').verify(publicKey, signature, 'base64');
  } catch {
    return false;
  }
}

export interface AuthorizationParams {
  mchid: string;
  nonce_str: string;
  timestamp: string;
  serial_no: string;
  signature: string;
}

const AUTH_FIELDS = ['mchid', 'nonce_str', 'timestamp', 'serial_no', 'signature'] as const;

/**
 * Parses `WECHATPAY2-SHA256-RSA2048 mchid="…",nonce_str="…",timestamp="…",serial_no="…",signature="…"`
 * (fields in any order). Null when the scheme is not WeChat's or a field is missing or repeated.
 */
export function parseAuthorization(header: string | undefined): AuthorizationParams | null {
  if (!header) return null;
  const space = header.indexOf(' ');
  if (space < 0 || header.slice(0, space) !== AUTH_SCHEME) return null;
  const fields = new Map<string, string>();
  const pattern = /\s*([a-z_]+)="([^"]*)"\s*(?:,|$)/gy;
  const rest = header.slice(space + 1);
  let match: RegExpExecArray | null;
  let consumed = 0;
  while ((match = pattern.exec(rest)) !== null) {
    if (fields.has(match[1]!)) return null;
    fields.set(match[1]!, match[2]!);
    consumed = pattern.lastIndex;
    if (consumed >= rest.length) break;
  }
  if (consumed < rest.trimEnd().length) return null;
  const params: Partial<AuthorizationParams> = {};
  for (const field of AUTH_FIELDS) {
    const value = fields.get(field);
    if (!value) return null;
    params[field] = value;
  }
  return params as AuthorizationParams;
}

/** AEAD_AES_256_GCM as WeChat sends resources: base64 of ciphertext followed by the 16-byte tag. */
export function aesGcmEncrypt(plaintext: string, apiv3Key: string, nonce: string, associatedData: string): string {
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(apiv3Key, 'utf8'), Buffer.from(nonce, 'utf8'));
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([body, cipher.getAuthTag()]).toString('base64');
}

/** The reverse of aesGcmEncrypt; throws when the key, nonce, associated data or any byte is wrong. */
export function aesGcmDecrypt(ciphertext: string, apiv3Key: string, nonce: string, associatedData: string): string {
  const raw = Buffer.from(ciphertext, 'base64');
  if (raw.length < 16) throw new Error('ciphertext shorter than the GCM tag');
  const decipher = createDecipheriv('aes-256-gcm', Buffer.from(apiv3Key, 'utf8'), Buffer.from(nonce, 'utf8'));
  decipher.setAAD(Buffer.from(associatedData, 'utf8'));
  decipher.setAuthTag(raw.subarray(raw.length - 16));
  return Buffer.concat([decipher.update(raw.subarray(0, raw.length - 16)), decipher.final()]).toString('utf8');
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A random nonce of letters and digits (WeChat uses 32 for signatures, 12 for GCM). */
export function randomNonce(length = 32): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += ALPHANUMERIC[byte % ALPHANUMERIC.length];
  return out;
}

/** n random decimal digits. */
export function randomDigits(n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += String(randomInt(10));
  return out;
}

/**
 * APIv2 HMAC-SHA256 sign: non-empty parameters except `sign`, sorted by name, joined as
 * `k=v&…&key=<APIv2 key>`, upper-case hex. The send-coupon plugin flattens its list with index
 * suffixes (`stock_id0`, `out_request_no0`, …) before signing.
 */
export function v2HmacSign(params: Record<string, string>, apiv2Key: string): string {
  const text = Object.keys(params)
    .filter((name) => name !== 'sign' && params[name] !== '')
    .sort()
    .map((name) => `${name}=${params[name]}`)
    .join('&');
  return createHmac('sha256', apiv2Key).update(`${text}&key=${apiv2Key}`, 'utf8').digest('hex').toUpperCase();
}

/** RFC 3339 in China Standard Time, as WeChat writes times: `2024-05-01T10:00:00+08:00`. */
export function wechatTime(date: Date): string {
  const local = new Date(date.getTime() + 8 * 3600_000);
  return `${local.toISOString().slice(0, 19)}+08:00`;
}

/** `yyyyMMdd` (and `HHmmss` with `withTime`) in China Standard Time, for ids. */
export function chinaDateDigits(date: Date, withTime = false): string {
  const iso = new Date(date.getTime() + 8 * 3600_000).toISOString();
  const day = iso.slice(0, 10).replaceAll('-', '');
  return withTime ? day + iso.slice(11, 19).replaceAll(':', '') : day;
}
