import { LingshouError } from '../errors.ts';
import { createPublicKey, generateKeyPairSync, randomBytes, sign as rsaSign, verify as rsaVerify } from 'node:crypto';
import { createPartnerCredentials, type PartnerCredentials } from './credentials.ts';
import { requestMessage } from './signer.ts';
import { vectors } from './test-vectors.ts';
import { responseMessage } from './verify.ts';

/**
 * Test helpers: keys generated in memory (never written), a "platform" that signs answers the way
 * WeChat Pay does, and a parser/checker for our Authorization header. Platform-certificate mode
 * uses the published wechatpay-go test certificate D7CE59D1F522D701 with its private key (Node
 * cannot mint certificates); public-key mode uses a generated key under a `PUB_KEY_ID_…` id.
 */

export const TEST_NOW_MS = 1_764_288_000_000; // 2025-11-28T00:00:00Z
export const TEST_APIV3_KEY = 'lingshouTestApiV3Key0123456789ab';
export const TEST_APIV2_KEY = 'lingshouTestApiV2Key0123456789ab';
export const TEST_SP_MCHID = '1900000100';
export const TEST_SP_APPID = 'wx8888888888888888';
export const TEST_SUB_MCHID = '1900000109';
export const TEST_API_CERT_SERIAL = '3775B6A45ACD588826D15E583A95F5DD00000001';
export const TEST_PUBLIC_KEY_ID = 'PUB_KEY_ID_0119000001002025112800000000000000';

export interface KeyPair { privateKeyPem: string; publicKeyPem: string }

export function generateKeyPair(): KeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** One who signs answers and notifications: WeChat Pay's side in tests. */
export interface TestPlatform { serial: string; privateKeyPem: string; publicKeyPem: string }

export const CERT_PLATFORM: TestPlatform & { certificatePem: string } = {
  serial: 'D7CE59D1F522D701',
  privateKeyPem: vectors.rsaSign[0].private_key_pem,
  publicKeyPem: vectors.rsaSign[0].public_key_pem,
  certificatePem: vectors.verify[0].certificate_pem,
};

/** The same key pair's other published certificate: trusted, but a different serial. */
export const OTHER_CERT = { serial: 'F5765756002FDD77', pem: vectors.verify[3].certificate_pem };

export interface TestPartner {
  credentials: PartnerCredentials;
  merchant: KeyPair;
  /** Signs as the platform certificate (certificate and both modes). */
  certPlatform: TestPlatform;
  /** Signs as the WeChat Pay public key (public_key and both modes). */
  keyPlatform: TestPlatform;
}

let cached: { merchant: KeyPair; wechatKey: KeyPair } | undefined;

/** Credentials in one verification mode; keys are generated once per process. */
export function testPartner(mode: 'certificate' | 'public_key' | 'both' = 'both'): TestPartner {
  cached ??= { merchant: generateKeyPair(), wechatKey: generateKeyPair() };
  const { merchant, wechatKey } = cached;
  const credentials = createPartnerCredentials({
    partnerId: 'test-partner',
    spMchid: TEST_SP_MCHID,
    spAppid: TEST_SP_APPID,
    apiCertSerial: TEST_API_CERT_SERIAL,
    privateKeyPem: merchant.privateKeyPem,
    apiv3Key: TEST_APIV3_KEY,
    apiv2Key: TEST_APIV2_KEY,
    platformCertificates: mode === 'public_key' ? null : CERT_PLATFORM.certificatePem,
    wechatpayPublicKeyId: mode === 'certificate' ? null : TEST_PUBLIC_KEY_ID,
    wechatpayPublicKey: mode === 'certificate' ? null : wechatKey.publicKeyPem,
  });
  return {
    credentials,
    merchant,
    certPlatform: CERT_PLATFORM,
    keyPlatform: { serial: TEST_PUBLIC_KEY_ID, ...wechatKey },
  };
}

/** The `Wechatpay-*` headers WeChat would put on `body`. */
export function signedHeaders(
  platform: TestPlatform, body: string, options: { timestampMs?: number; nonce?: string; serial?: string } = {},
): Record<string, string> {
  const timestamp = String(Math.floor((options.timestampMs ?? TEST_NOW_MS) / 1000));
  const nonce = options.nonce ?? randomBytes(16).toString('hex');
  const signature = rsaSign('RSA-SHA256', Buffer.from(responseMessage(timestamp, nonce, body)), platform.privateKeyPem).toString('base64');
  return {
    'Wechatpay-Timestamp': timestamp,
    'Wechatpay-Nonce': nonce,
    'Wechatpay-Signature': signature,
    'Wechatpay-Serial': options.serial ?? platform.serial,
    'Wechatpay-Signature-Type': 'WECHATPAY2-SHA256-RSA2048',
    'Request-ID': `08F8${randomBytes(8).toString('hex').toUpperCase()}`,
  };
}

export interface ParsedAuthorization {
  scheme: string;
  mchid: string;
  nonce_str: string;
  timestamp: string;
  serial_no: string;
  signature: string;
}

export function parseAuthorization(header: string): ParsedAuthorization {
  const space = header.indexOf(' ');
  const scheme = header.slice(0, space);
  const rest = header.slice(space + 1);
  const fields = Object.fromEntries([...rest.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
  return { scheme, ...fields } as ParsedAuthorization;
}

/** Whether our Authorization header really signs this method, URL and body with the merchant key. */
export function requestSignatureValid(header: string, method: string, url: string, body: string, merchantPublicKeyPem: string): boolean {
  const auth = parseAuthorization(header);
  return rsaVerify(
    'RSA-SHA256',
    Buffer.from(requestMessage(method, url, auth.timestamp, auth.nonce_str, body)),
    createPublicKey(merchantPublicKeyPem),
    Buffer.from(auth.signature, 'base64'),
  );
}

/** A request as nock saw it, with whether our signature over it checks out. */
export interface CapturedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  signatureValid: boolean;
}

export interface ReplyOptions {
  /** Who signs the answer; null for an unsigned answer (a gateway's, a 204). */
  signer?: TestPlatform | null;
  timestampMs?: number;
  serial?: string;
  /** Alter the body after signing (a forged answer). */
  tamper?: (raw: string) => string;
  /** Requests land here. */
  captured?: CapturedRequest[];
  merchantPublicKeyPem?: string;
}

type NockContext = { req: { method?: string; path?: string; headers: Record<string, string> } };

/**
 * A nock reply function answering `status` and `body` the way WeChat Pay does: JSON text, signed
 * headers, `Request-ID`. Records the request and checks our Authorization on the way.
 */
export function wechatpayReply(status: number, body: unknown, options: ReplyOptions = {}) {
  return function reply(this: NockContext, uri: string, requestBody: unknown): [number, string, Record<string, string>] {
    const rawRequest = requestBody === undefined || requestBody === '' ? '' : typeof requestBody === 'string' ? requestBody : JSON.stringify(requestBody);
    const method = (this.req.method ?? 'GET').toUpperCase();
    options.captured?.push({
      method,
      url: uri,
      headers: this.req.headers,
      body: rawRequest,
      signatureValid: options.merchantPublicKeyPem !== undefined && typeof this.req.headers.authorization === 'string'
        && requestSignatureValid(this.req.headers.authorization, method, uri, rawRequest, options.merchantPublicKeyPem),
    });
    const raw = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
    const signer = options.signer === undefined ? CERT_PLATFORM : options.signer;
    const headers: Record<string, string> = signer
      ? signedHeaders(signer, raw, { ...(options.timestampMs ? { timestampMs: options.timestampMs } : {}), ...(options.serial ? { serial: options.serial } : {}) })
      : {};
    if (raw !== '') headers['Content-Type'] = 'application/json';
    return [status, options.tamper ? options.tamper(raw) : raw, headers];
  };
}

/** The catalogue error a promise rejects with (anything else fails the test). */
export async function failure(promise: Promise<unknown>): Promise<LingshouError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof LingshouError) return error;
    throw error;
  }
  throw new Error('expected a LingshouError');
}
