import type { Trx } from '../db/tenant-tx.ts';
import { errors } from '../errors.ts';
import { openSecret, sealSecret } from '../crypto/secrets.ts';

export const SMS_PROVIDERS = ['tencent'] as const;
export type SmsProvider = (typeof SMS_PROVIDERS)[number];

/** The merchant's SMS account with its secrets opened: only for sending, never for an answer. */
export interface SmsSettings {
  provider: SmsProvider;
  secretId: string;
  secretKey: string;
  sdkAppId: string;
  signName: string;
  templateId: string;
  templateWithMinutes: boolean;
}

export interface SmsSettingsInput {
  provider?: SmsProvider;
  /** Omitted: the stored one is kept. */
  secretId?: string;
  secretKey?: string;
  sdkAppId: string;
  signName: string;
  templateId: string;
  templateWithMinutes?: boolean;
}

const COLUMNS = ['provider', 'secret_id_enc', 'secret_key_enc', 'sdk_app_id', 'sign_name', 'template_id', 'template_with_minutes', 'updated_at'];

function openRow(masterKey: Buffer, row: Record<string, unknown>): SmsSettings {
  return {
    provider: row.provider as SmsProvider,
    secretId: openSecret(masterKey, row.secret_id_enc as string),
    secretKey: openSecret(masterKey, row.secret_key_enc as string),
    sdkAppId: row.sdk_app_id as string, signName: row.sign_name as string, templateId: row.template_id as string,
    templateWithMinutes: row.template_with_minutes as boolean,
  };
}

/** The signed-in merchant's SMS account, secrets opened; null when the merchant has none. */
export async function loadSmsSettings(trx: Trx, masterKey: Buffer): Promise<SmsSettings | null> {
  const row = await trx('sms_settings').first(COLUMNS);
  return row ? openRow(masterKey, row) : null;
}

/** What staff see: the account without its secrets, only the SecretId's last four characters. */
export async function readSmsSettings(trx: Trx, masterKey: Buffer) {
  const row = await trx('sms_settings').first(COLUMNS);
  if (!row) {
    return { configured: false, provider: null, secretIdLast4: null, hasSecretKey: false, sdkAppId: null, signName: null, templateId: null, templateWithMinutes: false, updatedAt: null };
  }
  const settings = openRow(masterKey, row);
  return {
    configured: true, provider: settings.provider, secretIdLast4: settings.secretId.slice(-4), hasSecretKey: true,
    sdkAppId: settings.sdkAppId, signName: settings.signName, templateId: settings.templateId,
    templateWithMinutes: settings.templateWithMinutes, updatedAt: (row.updated_at as Date).toISOString(),
  };
}

/** Sets the merchant's SMS account; a first save needs both halves of the key pair. */
export async function saveSmsSettings(trx: Trx, masterKey: Buffer, tenantId: string, input: SmsSettingsInput): Promise<void> {
  const stored = await trx('sms_settings').first('secret_id_enc', 'secret_key_enc');
  const secretIdEnc = input.secretId === undefined ? stored?.secret_id_enc as string | undefined : sealSecret(masterKey, input.secretId);
  const secretKeyEnc = input.secretKey === undefined ? stored?.secret_key_enc as string | undefined : sealSecret(masterKey, input.secretKey);
  if (!secretIdEnc) throw errors.LS_INPUT_INVALID('secretId is required to set up SMS', { field: 'secretId' });
  if (!secretKeyEnc) throw errors.LS_INPUT_INVALID('secretKey is required to set up SMS', { field: 'secretKey' });
  await trx('sms_settings').insert({
    tenant_id: tenantId, provider: input.provider ?? 'tencent', secret_id_enc: secretIdEnc, secret_key_enc: secretKeyEnc,
    sdk_app_id: input.sdkAppId, sign_name: input.signName, template_id: input.templateId,
    template_with_minutes: input.templateWithMinutes ?? false, updated_at: trx.fn.now(),
  }).onConflict('tenant_id').merge();
}

/** Removes the merchant's SMS account: phone sign-in stops outside demo mode. */
export async function deleteSmsSettings(trx: Trx): Promise<void> {
  await trx('sms_settings').delete();
}
