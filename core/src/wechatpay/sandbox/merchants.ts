/**
 * Merchants registered with the sandbox: service providers (sp_mchid) with their API
 * certificates (public key + serial), APIv3 and APIv2 keys and verify mode, and their
 * sub-merchants. Either registered with the merchant's own certificate, or provisioned:
 * the sandbox mints a key pair and certificate, as WeChat's merchant platform would.
 */
import { createPublicKey, generateKeyPair, randomBytes, X509Certificate } from 'node:crypto';
import { promisify } from 'node:util';
import { errors } from '../../errors.ts';
import { openSecret, sealSecret } from '../../crypto/secrets.ts';
import type { SandboxContext } from './context.ts';
import { isUniqueViolation, table, type Db } from './db.ts';
import { publicKeyPemOf, SANDBOX_CA, type VerifyMode } from './platform.ts';
import { randomDigits, randomNonce } from './wire.ts';
import { wx } from './wechat-error.ts';
import { mintCertificate, randomSerial } from './x509.ts';

const generateRsa = promisify(generateKeyPair);

export interface ServiceProvider {
  spMchid: string;
  name: string;
  spAppid: string | null;
  verifyMode: VerifyMode;
  apiv3Key: string;
  apiv2Key: string | null;
}

export interface SubMerchant {
  subMchid: string;
  spMchid: string;
  name: string;
  subAppid: string | null;
  noCashAuthorized: boolean;
}

interface SpRow { sp_mchid: string; name: string; sp_appid: string | null; verify_mode: VerifyMode; apiv3_key_enc: string; apiv2_key_enc: string | null; created_at: Date }
interface SubRow { sub_mchid: string; sp_mchid: string; name: string; sub_appid: string | null; no_cash_authorized: boolean }
interface CertRow { serial_no: string; public_key_pem: string; certificate_pem: string | null; created_at: Date }

export interface CertificateInput {
  /** The merchant's API certificate (apiclient_cert.pem); its serial is read from it. */
  apiCertificate?: string;
  /** Or the certificate's public key (PEM) with the serial. */
  apiPublicKey?: string;
  apiCertSerial?: string;
}

export interface ServiceProviderInput extends CertificateInput {
  spMchid: string;
  name: string;
  spAppid?: string;
  apiv3Key: string;
  apiv2Key?: string;
  verifyMode?: VerifyMode;
}

export interface SubMerchantInput {
  subMchid?: string;
  name: string;
  subAppid?: string;
  noCashAuthorized?: boolean;
}

function spOf(row: SpRow, masterKey: Buffer): ServiceProvider {
  return {
    spMchid: row.sp_mchid, name: row.name, spAppid: row.sp_appid, verifyMode: row.verify_mode,
    apiv3Key: openSecret(masterKey, row.apiv3_key_enc), apiv2Key: row.apiv2_key_enc ? openSecret(masterKey, row.apiv2_key_enc) : null,
  };
}

function subOf(row: SubRow): SubMerchant {
  return { subMchid: row.sub_mchid, spMchid: row.sp_mchid, name: row.name, subAppid: row.sub_appid, noCashAuthorized: row.no_cash_authorized };
}

/** A certificate or public key + serial → the row to store; unreadable input is the caller's error. */
function certificateRow(input: CertificateInput): { serial_no: string; public_key_pem: string; certificate_pem: string | null } {
  try {
    if (input.apiCertificate) {
      const certificate = new X509Certificate(input.apiCertificate);
      return { serial_no: certificate.serialNumber.toUpperCase(), public_key_pem: publicKeyPemOf(input.apiCertificate), certificate_pem: certificate.toString() };
    }
    if (input.apiPublicKey && input.apiCertSerial) {
      return { serial_no: input.apiCertSerial.toUpperCase(), public_key_pem: createPublicKey(input.apiPublicKey).export({ type: 'spki', format: 'pem' }).toString(), certificate_pem: null };
    }
  } catch (error) {
    throw errors.LS_WXSANDBOX_CERTIFICATE_INVALID(undefined, { cause: error, field: input.apiCertificate ? 'apiCertificate' : 'apiPublicKey' });
  }
  throw errors.LS_WXSANDBOX_CERTIFICATE_INVALID('Give apiCertificate, or apiPublicKey with apiCertSerial', { field: 'apiCertificate' });
}

export async function findServiceProvider(ctx: SandboxContext, db: Db, spMchid: string): Promise<ServiceProvider | null> {
  const row = (await table(db, 'service_providers').where({ sp_mchid: spMchid }).first()) as SpRow | undefined;
  return row ? spOf(row, ctx.masterKey) : null;
}

export async function requireServiceProvider(ctx: SandboxContext, spMchid: string): Promise<ServiceProvider> {
  const sp = await findServiceProvider(ctx, ctx.knex, spMchid);
  if (!sp) throw errors.LS_WXSANDBOX_MERCHANT_UNKNOWN(`No service provider ${spMchid} in the sandbox`, { field: 'spMchid' });
  return sp;
}

/** The public key registered for this merchant under this serial (serials compare case-insensitively). */
export async function findMerchantKey(db: Db, spMchid: string, serial: string): Promise<string | null> {
  const row = (await table(db, 'merchant_certificates').where({ sp_mchid: spMchid, serial_no: serial.toUpperCase() }).first()) as CertRow | undefined;
  return row?.public_key_pem ?? null;
}

export async function findSubMerchant(db: Db, subMchid: string): Promise<SubMerchant | null> {
  const row = (await table(db, 'sub_merchants').where({ sub_mchid: subMchid }).first()) as SubRow | undefined;
  return row ? subOf(row) : null;
}

export async function registerServiceProvider(ctx: SandboxContext, input: ServiceProviderInput): Promise<void> {
  const certificate = certificateRow(input);
  try {
    await ctx.knex.transaction(async (trx) => {
      await table(trx, 'service_providers').insert({
        sp_mchid: input.spMchid, name: input.name, sp_appid: input.spAppid ?? null, verify_mode: input.verifyMode ?? 'certificate',
        apiv3_key_enc: sealSecret(ctx.masterKey, input.apiv3Key),
        apiv2_key_enc: input.apiv2Key ? sealSecret(ctx.masterKey, input.apiv2Key) : null,
      });
      await table(trx, 'merchant_certificates').insert({ sp_mchid: input.spMchid, ...certificate });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw errors.LS_WXSANDBOX_MERCHANT_EXISTS(`${input.spMchid} is already registered`, { field: 'spMchid', cause: error });
    throw error;
  }
}

export async function updateServiceProvider(
  ctx: SandboxContext, spMchid: string, input: { name?: string; spAppid?: string; verifyMode?: VerifyMode; apiv3Key?: string; apiv2Key?: string },
): Promise<void> {
  const changes: Record<string, unknown> = { updated_at: ctx.knex.fn.now() };
  if (input.name !== undefined) changes.name = input.name;
  if (input.spAppid !== undefined) changes.sp_appid = input.spAppid;
  if (input.verifyMode !== undefined) changes.verify_mode = input.verifyMode;
  if (input.apiv3Key !== undefined) changes.apiv3_key_enc = sealSecret(ctx.masterKey, input.apiv3Key);
  if (input.apiv2Key !== undefined) changes.apiv2_key_enc = sealSecret(ctx.masterKey, input.apiv2Key);
  const updated = await table(ctx.knex, 'service_providers').where({ sp_mchid: spMchid }).update(changes);
  if (updated === 0) throw errors.LS_WXSANDBOX_MERCHANT_UNKNOWN(`No service provider ${spMchid} in the sandbox`, { field: 'spMchid' });
}

/** Adds an API certificate (rotation: the old ones stay valid, as during WeChat's changeover). */
export async function addCertificate(ctx: SandboxContext, spMchid: string, input: CertificateInput): Promise<string> {
  await requireServiceProvider(ctx, spMchid);
  const certificate = certificateRow(input);
  await table(ctx.knex, 'merchant_certificates').insert({ sp_mchid: spMchid, ...certificate }).onConflict(['sp_mchid', 'serial_no']).merge();
  return certificate.serial_no;
}

export async function addSubMerchant(ctx: SandboxContext, spMchid: string, input: SubMerchantInput): Promise<SubMerchant> {
  await requireServiceProvider(ctx, spMchid);
  for (let attempt = 0; ; attempt++) {
    const subMchid = input.subMchid ?? `19${randomDigits(8)}`;
    try {
      const [row] = await table(ctx.knex, 'sub_merchants').insert({
        sub_mchid: subMchid, sp_mchid: spMchid, name: input.name, sub_appid: input.subAppid ?? null,
        no_cash_authorized: input.noCashAuthorized ?? true,
      }).returning('*');
      return subOf(row as SubRow);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      if (input.subMchid || attempt > 5) throw errors.LS_WXSANDBOX_MERCHANT_EXISTS(`${subMchid} is already registered`, { field: 'subMchid', cause: error });
    }
  }
}

export async function updateSubMerchant(
  ctx: SandboxContext, spMchid: string, subMchid: string, input: { name?: string; subAppid?: string; noCashAuthorized?: boolean },
): Promise<SubMerchant> {
  const changes: Record<string, unknown> = {};
  if (input.name !== undefined) changes.name = input.name;
  if (input.subAppid !== undefined) changes.sub_appid = input.subAppid;
  if (input.noCashAuthorized !== undefined) changes.no_cash_authorized = input.noCashAuthorized;
  const query = table(ctx.knex, 'sub_merchants').where({ sp_mchid: spMchid, sub_mchid: subMchid });
  const [row] = Object.keys(changes).length > 0 ? await query.update(changes).returning('*') : await query.select('*');
  if (!row) throw errors.LS_WXSANDBOX_MERCHANT_UNKNOWN(`No sub-merchant ${subMchid} under ${spMchid}`, { field: 'subMchid' });
  return subOf(row as SubRow);
}

/** The admin view: everything but secrets (the keys are only said to be set). */
export async function describeServiceProvider(ctx: SandboxContext, spMchid: string) {
  const row = (await table(ctx.knex, 'service_providers').where({ sp_mchid: spMchid }).first()) as SpRow | undefined;
  if (!row) throw errors.LS_WXSANDBOX_MERCHANT_UNKNOWN(`No service provider ${spMchid} in the sandbox`, { field: 'spMchid' });
  const certificates = (await table(ctx.knex, 'merchant_certificates').where({ sp_mchid: spMchid }).orderBy('created_at')) as CertRow[];
  const subs = (await table(ctx.knex, 'sub_merchants').where({ sp_mchid: spMchid }).orderBy('created_at')) as SubRow[];
  return {
    spMchid: row.sp_mchid, name: row.name, spAppid: row.sp_appid, verifyMode: row.verify_mode,
    hasApiv3Key: true, hasApiv2Key: row.apiv2_key_enc !== null,
    certificates: certificates.map((c) => ({ serialNo: c.serial_no, publicKey: c.public_key_pem, certificate: c.certificate_pem, createdAt: c.created_at })),
    subMerchants: subs.map(subOf),
    createdAt: row.created_at,
  };
}

const randomAppid = () => `wx${randomBytes(8).toString('hex')}`;

/**
 * Mints a complete set of sandbox credentials: an sp_mchid, an API key pair and certificate
 * (signed by the sandbox CA), APIv3 and APIv2 keys, an appid and sub-merchants. The private
 * key is returned once and not kept: the sandbox, like WeChat, only knows the certificate.
 */
export async function provisionServiceProvider(
  ctx: SandboxContext, input: { name?: string; spMchid?: string; spAppid?: string; verifyMode?: VerifyMode; subMerchants?: SubMerchantInput[] },
) {
  const identity = await ctx.platform();
  const { publicKey, privateKey } = await generateRsa('rsa', { modulusLength: 2048 });
  const name = input.name ?? '零售沙箱服务商';
  const apiv3Key = randomNonce(32);
  const apiv2Key = randomNonce(32);
  const spAppid = input.spAppid ?? randomAppid();
  const mint = (spMchid: string) => mintCertificate({
    subject: { C: 'CN', L: 'ShenZhen', O: 'Lingshou WeChat Pay Sandbox', OU: name, CN: spMchid },
    issuer: SANDBOX_CA, serial: randomSerial(), publicKey, signingKey: identity.certificate.privateKey,
    notBefore: new Date(Date.now() - 24 * 3600_000), notAfter: new Date(Date.now() + 5 * 365 * 24 * 3600_000),
  });
  let spMchid = input.spMchid ?? `16${randomDigits(8)}`;
  let apiCertificate = mint(spMchid);
  for (let attempt = 0; ; attempt++) {
    try {
      await registerServiceProvider(ctx, { spMchid, name, spAppid, apiv3Key, apiv2Key, apiCertificate, verifyMode: input.verifyMode ?? 'certificate' });
      break;
    } catch (error) {
      if (input.spMchid || attempt > 5 || (error as { code?: string }).code !== 'LS_WXSANDBOX_MERCHANT_EXISTS') throw error;
      spMchid = `16${randomDigits(8)}`;
      apiCertificate = mint(spMchid);
    }
  }
  const subMerchants: SubMerchant[] = [];
  for (const sub of input.subMerchants ?? [{ name: '零售沙箱特约商户' }]) subMerchants.push(await addSubMerchant(ctx, spMchid, sub));
  return {
    spMchid, name, spAppid, verifyMode: input.verifyMode ?? 'certificate',
    apiCertSerial: new X509Certificate(apiCertificate).serialNumber.toUpperCase(),
    apiCertificate,
    apiPrivateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    apiv3Key, apiv2Key,
    platformCertificate: identity.certificate.certificatePem!,
    platformCertificateSerial: identity.certificate.keyId,
    wechatpayPublicKeyId: identity.publicKey.keyId,
    wechatpayPublicKey: identity.publicKey.publicKeyPem,
    subMerchants,
  };
}

/** For routes: the sub-merchant must exist and be under this service provider (WeChat's 受理关系). */
export async function requireRelation(db: Db, spMchid: string, subMchid: string): Promise<SubMerchant> {
  const sub = await findSubMerchant(db, subMchid);
  if (!sub || sub.spMchid !== spMchid) {
    throw wx.invalidRequest(`受理关系不存在：${subMchid} 不是 ${spMchid} 的特约商户`);
  }
  return sub;
}
