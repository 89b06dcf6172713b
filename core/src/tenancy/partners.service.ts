import type { Knex } from 'knex';
import { newId } from '../db/ids.ts';
import { sealSecret } from '../crypto/secrets.ts';
import { errors } from '../errors.ts';

export interface PartnerInput {
  name: string;
  spMchid?: string;
  spAppid?: string;
  officialAppid?: string;
  apiCertSerial?: string;
  apiCertificate?: string;
  platformCertificate?: string;
  wechatpayPublicKeyId?: string;
  wechatpayPublicKey?: string;
  apiv3Key?: string;
  apiv2Key?: string;
  apiPrivateKey?: string;
  wechatpayApi?: 'production' | 'sandbox';
}

interface PartnerRow {
  id: string;
  name: string;
  sp_mchid: string | null;
  sp_appid: string | null;
  official_appid: string | null;
  api_cert_serial: string | null;
  api_certificate: string | null;
  platform_certificate: string | null;
  wechatpay_public_key_id: string | null;
  wechatpay_public_key: string | null;
  apiv3_key_enc: string | null;
  apiv2_key_enc: string | null;
  api_private_key_enc: string | null;
  wechatpay_api: 'production' | 'sandbox';
  created_at: Date;
}

/** Input → columns. Only fields present are written; secrets are sealed, and absent ones are kept. */
function toColumns(masterKey: Buffer, input: Partial<PartnerInput>): Record<string, unknown> {
  const columns: Record<string, unknown> = {};
  const plain: [keyof PartnerInput, string][] = [
    ['name', 'name'], ['spMchid', 'sp_mchid'], ['spAppid', 'sp_appid'], ['officialAppid', 'official_appid'],
    ['apiCertSerial', 'api_cert_serial'], ['apiCertificate', 'api_certificate'],
    ['platformCertificate', 'platform_certificate'], ['wechatpayPublicKeyId', 'wechatpay_public_key_id'],
    ['wechatpayPublicKey', 'wechatpay_public_key'], ['wechatpayApi', 'wechatpay_api'],
  ];
  for (const [field, column] of plain) if (input[field] !== undefined) columns[column] = input[field];
  const secret: [keyof PartnerInput, string][] = [
    ['apiv3Key', 'apiv3_key_enc'], ['apiv2Key', 'apiv2_key_enc'], ['apiPrivateKey', 'api_private_key_enc'],
  ];
  for (const [field, column] of secret) {
    const value = input[field];
    if (value !== undefined) columns[column] = sealSecret(masterKey, value);
  }
  // WeChat shows serials in upper case; the signing library sends them as written.
  if (typeof columns.api_cert_serial === 'string') columns.api_cert_serial = columns.api_cert_serial.toUpperCase();
  return columns;
}

export function partnerToApi(row: PartnerRow) {
  return {
    id: row.id,
    name: row.name,
    spMchid: row.sp_mchid,
    spAppid: row.sp_appid,
    officialAppid: row.official_appid,
    apiCertSerial: row.api_cert_serial,
    hasApiCertificate: row.api_certificate !== null,
    hasPlatformCertificate: row.platform_certificate !== null,
    wechatpayPublicKeyId: row.wechatpay_public_key_id,
    hasWechatpayPublicKey: row.wechatpay_public_key !== null,
    hasApiv3Key: row.apiv3_key_enc !== null,
    hasApiv2Key: row.apiv2_key_enc !== null,
    hasApiPrivateKey: row.api_private_key_enc !== null,
    wechatpayApi: row.wechatpay_api,
    createdAt: row.created_at,
  };
}

export async function createPartner(knex: Knex, masterKey: Buffer, input: PartnerInput) {
  const [row] = await knex('partners').insert({ id: newId(), ...toColumns(masterKey, input) }).returning('*');
  return partnerToApi(row as PartnerRow);
}

export async function updatePartner(knex: Knex, masterKey: Buffer, id: string, input: Partial<PartnerInput>) {
  const [row] = await knex('partners')
    .where({ id })
    .update({ ...toColumns(masterKey, input), updated_at: knex.fn.now() })
    .returning('*');
  if (!row) throw errors.LS_RESOURCE_NOT_FOUND('Partner not found');
  return partnerToApi(row as PartnerRow);
}

export async function getPartner(knex: Knex, id: string) {
  const row = await knex<PartnerRow>('partners').where({ id }).first();
  if (!row) throw errors.LS_RESOURCE_NOT_FOUND('Partner not found');
  return partnerToApi(row);
}

export function partnersQuery(knex: Knex) {
  return knex('partners').select('*');
}
