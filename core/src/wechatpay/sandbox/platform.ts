/**
 * The sandbox's own identity as "WeChat Pay": a platform certificate key (served, encrypted,
 * by GET /v3/certificates) and a WeChat Pay public key (id PUB_KEY_ID_…, for merchants in
 * public-key mode). Generated once, stored with the private halves sealed under the master key.
 */
import { createPrivateKey, createPublicKey, generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import type { Knex } from 'knex';
import { openSecret, sealSecret } from '../../crypto/secrets.ts';
import { table } from './db.ts';
import { randomDigits } from './wire.ts';
import { mintCertificate, randomSerial, type DistinguishedName } from './x509.ts';

const generateRsa = promisify(generateKeyPair);

export type VerifyMode = 'certificate' | 'public_key';

export interface PlatformKey {
  kind: VerifyMode;
  /** Certificate serial (upper-case hex) or the PUB_KEY_ID_… id: what Wechatpay-Serial carries. */
  keyId: string;
  privateKey: KeyObject;
  publicKeyPem: string;
  certificatePem: string | null;
  effectiveTime: Date;
  expireTime: Date;
}

export interface PlatformIdentity {
  certificate: PlatformKey;
  publicKey: PlatformKey;
}

/** Issuer of every certificate the sandbox mints (its platform certificate and merchants' API certificates). */
export const SANDBOX_CA: DistinguishedName = { C: 'CN', O: 'Lingshou WeChat Pay Sandbox', OU: 'Sandbox CA', CN: 'Lingshou WeChat Pay Sandbox CA' };

const FIVE_YEARS_MS = 5 * 365 * 24 * 3600_000;

interface PlatformKeyRow {
  kind: VerifyMode;
  key_id: string;
  private_key_enc: string;
  public_key_pem: string;
  certificate_pem: string | null;
  effective_time: Date;
  expire_time: Date;
}

async function newRow(kind: VerifyMode, masterKey: Buffer): Promise<PlatformKeyRow> {
  const { publicKey, privateKey } = await generateRsa('rsa', { modulusLength: 2048 });
  const effective = new Date(Date.now() - 24 * 3600_000);
  const expire = new Date(effective.getTime() + FIVE_YEARS_MS);
  const keyId = kind === 'certificate' ? randomSerial() : `PUB_KEY_ID_01${randomDigits(26)}`;
  const certificatePem = kind === 'certificate'
    ? mintCertificate({
      subject: { C: 'CN', O: 'Lingshou WeChat Pay Sandbox', OU: 'Sandbox Platform', CN: 'Lingshou WeChat Pay Sandbox Platform' },
      issuer: SANDBOX_CA, serial: keyId, publicKey, signingKey: privateKey, notBefore: effective, notAfter: expire,
    })
    : null;
  return {
    kind, key_id: keyId,
    private_key_enc: sealSecret(masterKey, privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()),
    public_key_pem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    certificate_pem: certificatePem, effective_time: effective, expire_time: expire,
  };
}

function toKey(row: PlatformKeyRow, masterKey: Buffer): PlatformKey {
  return {
    kind: row.kind, keyId: row.key_id, privateKey: createPrivateKey(openSecret(masterKey, row.private_key_enc)),
    publicKeyPem: row.public_key_pem, certificatePem: row.certificate_pem,
    effectiveTime: new Date(row.effective_time), expireTime: new Date(row.expire_time),
  };
}

/** Loads the platform identity, generating it on first use (a concurrent first use keeps one). */
export async function loadPlatformIdentity(knex: Knex, masterKey: Buffer): Promise<PlatformIdentity> {
  const read = async () => (await table(knex, 'platform_keys').select('*')) as PlatformKeyRow[];
  let rows = await read();
  for (const kind of ['certificate', 'public_key'] as const) {
    if (!rows.some((row) => row.kind === kind)) {
      await table(knex, 'platform_keys').insert(await newRow(kind, masterKey)).onConflict('kind').ignore();
    }
  }
  rows = await read();
  const certificate = rows.find((row) => row.kind === 'certificate');
  const publicKey = rows.find((row) => row.kind === 'public_key');
  if (!certificate || !publicKey) throw new Error('wechatpay sandbox: platform keys missing after creation');
  return { certificate: toKey(certificate, masterKey), publicKey: toKey(publicKey, masterKey) };
}

/** Checks a PEM public key or certificate and returns its public key as SPKI PEM. */
export function publicKeyPemOf(pem: string): string {
  return createPublicKey(pem).export({ type: 'spki', format: 'pem' }).toString();
}
