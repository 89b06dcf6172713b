import { createPublicKey, verify as rsaVerify, X509Certificate, type KeyObject } from 'node:crypto';
import type { PartnerCredentials, PlatformCertificate } from './credentials.ts';
import { AUTH_SCHEME } from './signer.ts';

/**
 * Verification of WeChat Pay's answers and notifications: SHA256-RSA over
 * `timestamp\nnonce\nbody\n`, with the key picked by `Wechatpay-Serial`. Two modes, possibly both
 * at once while a merchant migrates: a platform certificate (serial = its hex serial number) or
 * the WeChat Pay public key (serial = `PUB_KEY_ID_…`). An unknown serial is rejected, never
 * "tried with another key"; a timestamp more than 5 minutes from our clock is rejected.
 *
 * Written here: wechatpay-node-v3's `verifySign` knows only certificates it downloads itself into
 * a static map, re-serialises object bodies, and has no public-key mode and no time window.
 */
export const MAX_CLOCK_SKEW_SECONDS = 300;

export type VerificationKeyKind = 'platform_certificate' | 'public_key';

export interface SignedMessage {
  timestamp: string;
  nonce: string;
  /** The body exactly as received (raw text, never re-serialised JSON). */
  body: string;
  serial: string;
  signature: string;
  /** `Wechatpay-Signature-Type`, when sent. */
  signatureType?: string;
}

export type VerifyFailure =
  | 'missing_headers' | 'unsupported_signature_type' | 'bad_timestamp' | 'stale_timestamp' | 'unknown_serial' | 'bad_signature';

export type VerifyResult =
  | { ok: true; keyKind: VerificationKeyKind; serial: string }
  | { ok: false; reason: VerifyFailure };

export interface VerifyOptions {
  /** Current time in ms (Date.now by default); tests inject a fixed clock. */
  now?: () => number;
  maxSkewSeconds?: number;
}

interface KeyEntry { key: KeyObject; kind: VerificationKeyKind }

/** The keys a partner trusts, by serial (upper-cased). */
export class VerificationKeys {
  readonly #keys: Map<string, KeyEntry>;

  private constructor(keys: Map<string, KeyEntry>) {
    this.#keys = keys;
  }

  static fromCredentials(credentials: Pick<PartnerCredentials, 'platformCertificates' | 'wechatpayPublicKey'>): VerificationKeys {
    const keys = new Map<string, KeyEntry>();
    for (const certificate of credentials.platformCertificates) {
      keys.set(certificate.serial.toUpperCase(), { key: new X509Certificate(certificate.pem).publicKey, kind: 'platform_certificate' });
    }
    const publicKey = credentials.wechatpayPublicKey;
    if (publicKey) keys.set(publicKey.id.toUpperCase(), { key: createPublicKey(publicKey.pem), kind: 'public_key' });
    return new VerificationKeys(keys);
  }

  /** A copy that also trusts these certificates (used to bootstrap `/v3/certificates`). */
  withCertificates(certificates: readonly PlatformCertificate[]): VerificationKeys {
    const keys = new Map(this.#keys);
    for (const certificate of certificates) {
      keys.set(certificate.serial.toUpperCase(), { key: new X509Certificate(certificate.pem).publicKey, kind: 'platform_certificate' });
    }
    return new VerificationKeys(keys);
  }

  get size(): number {
    return this.#keys.size;
  }

  serials(): string[] {
    return [...this.#keys.keys()];
  }

  lookup(serial: string): KeyEntry | undefined {
    return this.#keys.get(serial.toUpperCase());
  }
}

/** `timestamp\nnonce\nbody\n`: what WeChat signs. */
export function responseMessage(timestamp: string, nonce: string, body: string): string {
  return `${timestamp}\n${nonce}\n${body}\n`;
}

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

function header(headers: HeaderSource, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const record = headers as Record<string, string | string[] | undefined>;
  const value = record[name.toLowerCase()] ?? Object.entries(record).find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
  return Array.isArray(value) ? value[0] : value;
}

/** Reads the `Wechatpay-*` headers; undefined when any of the four required ones is absent. */
export function signedMessageFromHeaders(headers: HeaderSource, body: string): SignedMessage | undefined {
  const timestamp = header(headers, 'Wechatpay-Timestamp');
  const nonce = header(headers, 'Wechatpay-Nonce');
  const signature = header(headers, 'Wechatpay-Signature');
  const serial = header(headers, 'Wechatpay-Serial');
  if (!timestamp || !nonce || !signature || !serial) return undefined;
  const signatureType = header(headers, 'Wechatpay-Signature-Type');
  return { timestamp, nonce, signature, serial, body, ...(signatureType === undefined ? {} : { signatureType }) };
}

/** `Request-ID` of an answer or a notification, for support tickets with WeChat. */
export function wechatRequestId(headers: HeaderSource): string | undefined {
  return header(headers, 'Request-ID');
}

/** Checks one signed message against the keys; never throws. */
export function checkSignature(message: SignedMessage | undefined, keys: VerificationKeys, options: VerifyOptions = {}): VerifyResult {
  if (!message) return { ok: false, reason: 'missing_headers' };
  if (message.signatureType !== undefined && message.signatureType !== AUTH_SCHEME) {
    return { ok: false, reason: 'unsupported_signature_type' };
  }
  if (!/^\d{1,12}$/.test(message.timestamp)) return { ok: false, reason: 'bad_timestamp' };
  const nowSeconds = Math.floor((options.now ?? Date.now)() / 1000);
  if (Math.abs(nowSeconds - Number(message.timestamp)) > (options.maxSkewSeconds ?? MAX_CLOCK_SKEW_SECONDS)) {
    return { ok: false, reason: 'stale_timestamp' };
  }
  const entry = keys.lookup(message.serial);
  if (!entry) return { ok: false, reason: 'unknown_serial' };
  const valid = rsaVerify(
    'RSA-SHA256',
    Buffer.from(responseMessage(message.timestamp, message.nonce, message.body), 'utf8'),
    entry.key,
    Buffer.from(message.signature, 'base64'),
  );
  return valid ? { ok: true, keyKind: entry.kind, serial: message.serial.toUpperCase() } : { ok: false, reason: 'bad_signature' };
}
