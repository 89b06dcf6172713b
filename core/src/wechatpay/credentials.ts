import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { inspect } from 'node:util';
import type { Knex } from 'knex';
import { openSecret } from '../crypto/secrets.ts';
import { errors } from '../errors.ts';

/**
 * A partner's (合伙人) WeChat Pay service-provider parameters, ready to sign and verify.
 *
 * The secret members (`privateKeyPem`, `apiv3Key`, `apiv2Key`) are non-enumerable and left out of
 * `JSON.stringify`, spreading and `util.inspect`, so logging the object (pino serialises with
 * JSON) shows only public facts. Never copy them anywhere else.
 */
export interface PartnerCredentials {
  readonly partnerId: string | undefined;
  /** 服务商商户号: every call is signed as this mchid. */
  readonly spMchid: string;
  readonly spAppid: string;
  /** Serial of the merchant API certificate (apiclient_cert.pem), upper-case hex. */
  readonly apiCertSerial: string;
  /** Merchant API private key (apiclient_key.pem), PKCS#8 or PKCS#1 PEM. Secret. */
  readonly privateKeyPem: string;
  /** APIv3 key: 32 bytes, decrypts notifications and downloaded certificates. Secret. */
  readonly apiv3Key: string;
  /** APIv2 key: signs the mini-program send-coupon plugin parameters. Secret. */
  readonly apiv2Key: string | undefined;
  /** Verification material, platform-certificate mode: certificates by serial. */
  readonly platformCertificates: readonly PlatformCertificate[];
  /** Verification material, public-key mode (微信支付公钥 and its `PUB_KEY_ID_…`). */
  readonly wechatpayPublicKey: WechatpayPublicKey | undefined;
}

export interface PlatformCertificate {
  /** Upper-case hex, as WeChat sends it in `Wechatpay-Serial`. */
  serial: string;
  pem: string;
}

export interface WechatpayPublicKey {
  /** `PUB_KEY_ID_…`, as WeChat sends it in `Wechatpay-Serial`. */
  id: string;
  pem: string;
}

/** What createPartnerCredentials takes: plain values (tests, the sandbox, a freshly entered form). */
export interface PartnerCredentialsInput {
  partnerId?: string;
  spMchid?: string | null;
  spAppid?: string | null;
  apiCertSerial?: string | null;
  privateKeyPem?: string | null;
  apiv3Key?: string | null;
  apiv2Key?: string | null;
  /** PEM text holding one or more certificates (the `platform_certificate` column), or a list. */
  platformCertificates?: string | readonly string[] | null;
  wechatpayPublicKeyId?: string | null;
  wechatpayPublicKey?: string | null;
}

export interface CredentialsOptions {
  /**
   * Require a platform certificate or a WeChat Pay public key (default true). Only the first
   * `/v3/certificates` download of a partner in certificate mode runs without: it verifies that
   * answer with the certificates it decrypts.
   */
  requireVerificationMaterial?: boolean;
}

/** The columns of `partners` this module reads (see migrations/20261128000002_create_platform.ts). */
export interface PartnerWechatpayRow {
  id: string;
  sp_mchid: string | null;
  sp_appid: string | null;
  api_cert_serial: string | null;
  platform_certificate: string | null;
  wechatpay_public_key_id: string | null;
  wechatpay_public_key: string | null;
  apiv3_key_enc: string | null;
  api_private_key_enc: string | null;
  apiv2_key_enc: string | null;
}

const SECRET_FIELDS = ['privateKeyPem', 'apiv3Key', 'apiv2Key'] as const;

/** Splits PEM text into its certificate blocks. */
export function splitCertificates(pemText: string): string[] {
  return pemText.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}

/** Validates the parameters and builds the credentials; problems name fields, never values. */
export function createPartnerCredentials(input: PartnerCredentialsInput, options: CredentialsOptions = {}): PartnerCredentials {
  const missing: string[] = [];
  const invalid: string[] = [];
  const required = (name: keyof PartnerCredentialsInput): string => {
    const value = input[name];
    if (typeof value !== 'string' || value.trim() === '') {
      missing.push(name);
      return '';
    }
    return value.trim();
  };
  const spMchid = required('spMchid');
  const spAppid = required('spAppid');
  const apiCertSerial = required('apiCertSerial').toUpperCase();
  const privateKeyPem = required('privateKeyPem');
  const apiv3Key = required('apiv3Key');
  const apiv2Key = typeof input.apiv2Key === 'string' && input.apiv2Key !== '' ? input.apiv2Key : undefined;

  if (privateKeyPem) {
    try {
      createPrivateKey(privateKeyPem);
    } catch {
      invalid.push('privateKeyPem');
    }
  }
  if (apiv3Key && Buffer.byteLength(apiv3Key, 'utf8') !== 32) invalid.push('apiv3Key');

  const platformCertificates: PlatformCertificate[] = [];
  const certTexts = typeof input.platformCertificates === 'string'
    ? splitCertificates(input.platformCertificates)
    : (input.platformCertificates ?? []).flatMap(splitCertificates);
  if (typeof input.platformCertificates === 'string' && input.platformCertificates.trim() !== '' && certTexts.length === 0) {
    invalid.push('platformCertificates');
  }
  for (const pem of certTexts) {
    try {
      platformCertificates.push({ serial: new X509Certificate(pem).serialNumber.toUpperCase(), pem });
    } catch {
      if (!invalid.includes('platformCertificates')) invalid.push('platformCertificates');
    }
  }

  let wechatpayPublicKey: WechatpayPublicKey | undefined;
  const keyId = input.wechatpayPublicKeyId?.trim();
  const keyPem = input.wechatpayPublicKey?.trim();
  if (keyId || keyPem) {
    if (!keyId) missing.push('wechatpayPublicKeyId');
    if (!keyPem) missing.push('wechatpayPublicKey');
    if (keyId && keyPem) {
      try {
        createPublicKey(keyPem);
        wechatpayPublicKey = { id: keyId, pem: keyPem };
      } catch {
        invalid.push('wechatpayPublicKey');
      }
    }
  }
  if ((options.requireVerificationMaterial ?? true) && platformCertificates.length === 0 && !wechatpayPublicKey
    && !invalid.includes('platformCertificates') && !invalid.includes('wechatpayPublicKey')) {
    missing.push('platformCertificates|wechatpayPublicKey');
  }

  if (missing.length > 0 || invalid.length > 0) {
    throw errors.LS_WECHATPAY_NOT_CONFIGURED(undefined, { extra: { partnerId: input.partnerId, missing, invalid } });
  }

  const credentials = {
    partnerId: input.partnerId,
    spMchid,
    spAppid,
    apiCertSerial,
    platformCertificates: Object.freeze(platformCertificates),
    wechatpayPublicKey,
  } as Record<string, unknown>;
  const secrets = { privateKeyPem, apiv3Key, apiv2Key };
  for (const field of SECRET_FIELDS) {
    Object.defineProperty(credentials, field, { value: secrets[field], enumerable: false });
  }
  const summary = () => describeCredentials(credentials as unknown as PartnerCredentials);
  Object.defineProperty(credentials, 'toJSON', { value: summary, enumerable: false });
  Object.defineProperty(credentials, inspect.custom, { value: () => `PartnerCredentials ${inspect(summary())}`, enumerable: false });
  return Object.freeze(credentials) as unknown as PartnerCredentials;
}

/** What may be shown or logged about credentials: no secret, only whether each is present. */
export function describeCredentials(credentials: PartnerCredentials) {
  return {
    partnerId: credentials.partnerId,
    spMchid: credentials.spMchid,
    spAppid: credentials.spAppid,
    apiCertSerial: credentials.apiCertSerial,
    platformCertificateSerials: credentials.platformCertificates.map((c) => c.serial),
    wechatpayPublicKeyId: credentials.wechatpayPublicKey?.id,
    hasApiv2Key: credentials.apiv2Key !== undefined,
  };
}

function open(masterKey: Buffer, sealed: string | null, field: string, invalid: string[]): string | null {
  if (sealed === null) return null;
  try {
    return openSecret(masterKey, sealed);
  } catch {
    invalid.push(field);
    return null;
  }
}

/** Opens a partner row's sealed secrets with the master key and builds its credentials. */
export function loadPartnerCredentials(row: PartnerWechatpayRow, masterKey: Buffer, options: CredentialsOptions = {}): PartnerCredentials {
  const unreadable: string[] = [];
  const privateKeyPem = open(masterKey, row.api_private_key_enc, 'privateKeyPem', unreadable);
  const apiv3Key = open(masterKey, row.apiv3_key_enc, 'apiv3Key', unreadable);
  const apiv2Key = open(masterKey, row.apiv2_key_enc, 'apiv2Key', unreadable);
  if (unreadable.length > 0) {
    throw errors.LS_WECHATPAY_NOT_CONFIGURED('A sealed WeChat Pay secret cannot be opened with this master key', {
      extra: { partnerId: row.id, missing: [], invalid: unreadable },
    });
  }
  return createPartnerCredentials({
    partnerId: row.id,
    spMchid: row.sp_mchid,
    spAppid: row.sp_appid,
    apiCertSerial: row.api_cert_serial,
    privateKeyPem,
    apiv3Key,
    apiv2Key,
    platformCertificates: row.platform_certificate,
    wechatpayPublicKeyId: row.wechatpay_public_key_id,
    wechatpayPublicKey: row.wechatpay_public_key,
  }, options);
}

/**
 * Reads a partner row and loads its credentials. The secret columns are not granted to the
 * request role, so pass the owner connection (`db.knex`), not a tenant transaction.
 */
export async function loadPartnerCredentialsById(
  knex: Knex, masterKey: Buffer, partnerId: string, options: CredentialsOptions = {},
): Promise<PartnerCredentials> {
  const row = await knex<PartnerWechatpayRow>('partners')
    .select('id', 'sp_mchid', 'sp_appid', 'api_cert_serial', 'platform_certificate', 'wechatpay_public_key_id',
      'wechatpay_public_key', 'apiv3_key_enc', 'api_private_key_enc', 'apiv2_key_enc')
    .where({ id: partnerId })
    .first();
  if (!row) throw errors.LS_RESOURCE_NOT_FOUND('Partner not found');
  return loadPartnerCredentials(row as PartnerWechatpayRow, masterKey, options);
}
