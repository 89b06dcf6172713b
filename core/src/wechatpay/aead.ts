import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * AEAD_AES_256_GCM as WeChat Pay uses it for notification `resource`s and downloaded platform
 * certificates: key = the APIv3 key (32 bytes), IV = `nonce`, AAD = `associated_data`, and the
 * base64 `ciphertext` ends with the 16-byte auth tag.
 *
 * Written here rather than taken from wechatpay-node-v3: its `decipher_gcm` never calls
 * `decipher.final()` (removed by its fix #72), so the tag is never checked and a forged or
 * corrupted ciphertext decrypts to garbage instead of failing. This one calls `final()`.
 */
export const AEAD_ALGORITHM = 'AEAD_AES_256_GCM';
const TAG_BYTES = 16;

export interface EncryptedResource {
  algorithm?: string;
  ciphertext: string;
  nonce: string;
  associated_data?: string;
}

export type AeadFailure = 'unsupported_algorithm' | 'bad_key' | 'bad_nonce' | 'bad_ciphertext' | 'auth_failed';

/** Raised by this module only; callers turn it into a catalogue error (see notifications.ts). */
export class AeadError extends Error {
  readonly reason: AeadFailure;
  constructor(reason: AeadFailure, message: string) {
    super(message);
    this.name = 'AeadError';
    this.reason = reason;
  }
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function keyBytes(apiv3Key: string | Buffer): Buffer {
  const key = typeof apiv3Key === 'string' ? Buffer.from(apiv3Key, 'utf8') : apiv3Key;
  if (key.length !== 32) throw new AeadError('bad_key', 'The APIv3 key must be 32 bytes');
  return key;
}

/** Decrypts a resource and returns the UTF-8 plaintext; any altered byte or tag bit throws. */
export function decryptResource(resource: EncryptedResource, apiv3Key: string | Buffer): string {
  if (resource.algorithm !== undefined && resource.algorithm !== AEAD_ALGORITHM) {
    throw new AeadError('unsupported_algorithm', `Unsupported algorithm ${String(resource.algorithm)}`);
  }
  const key = keyBytes(apiv3Key);
  if (typeof resource.nonce !== 'string' || resource.nonce === '') throw new AeadError('bad_nonce', 'The nonce is empty');
  if (typeof resource.ciphertext !== 'string' || !BASE64.test(resource.ciphertext)) {
    throw new AeadError('bad_ciphertext', 'The ciphertext is not base64');
  }
  const raw = Buffer.from(resource.ciphertext, 'base64');
  if (raw.length < TAG_BYTES) throw new AeadError('bad_ciphertext', 'The ciphertext is shorter than its auth tag');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(resource.nonce, 'utf8'), { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(resource.associated_data ?? '', 'utf8'));
  decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(raw.subarray(0, raw.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    throw new AeadError('auth_failed', 'The auth tag does not match: wrong APIv3 key or altered data');
  }
}

/**
 * The inverse, for tests and the local WeChat Pay sandbox: encrypts `plaintext` the way WeChat
 * does. The nonce defaults to 12 random alphanumerics (WeChat's nonces are 12 characters).
 */
export function encryptResource(
  plaintext: string, apiv3Key: string | Buffer, options: { associatedData?: string; nonce?: string } = {},
): Required<EncryptedResource> {
  const key = keyBytes(apiv3Key);
  const nonce = options.nonce ?? randomBytes(9).toString('base64').replace(/[+/]/g, 'x');
  const associatedData = options.associatedData ?? '';
  const cipher = createCipheriv('aes-256-gcm', key, Buffer.from(nonce, 'utf8'), { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return { algorithm: AEAD_ALGORITHM, ciphertext: body.toString('base64'), nonce, associated_data: associatedData };
}
