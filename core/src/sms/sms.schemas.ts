import { objectSchema, text } from '../http/schemas.ts';
import { SMS_PROVIDERS } from './sms-settings.ts';

const nullableText = { type: ['string', 'null'] } as const;

export const smsSettingsBody = objectSchema({
  provider: { type: 'string', enum: SMS_PROVIDERS, default: 'tencent' },
  secretId: { ...text(128, 8), pattern: '^[A-Za-z0-9]+$', description: 'The API SecretId (AKID…); omitted keeps the stored one. Never read back.' },
  secretKey: { ...text(128, 8), pattern: '^[A-Za-z0-9]+$', description: 'The API SecretKey; omitted keeps the stored one. Never read back.' },
  sdkAppId: { type: 'string', pattern: '^[0-9]{6,12}$', description: 'The SMS application\'s SdkAppId (1400…)' },
  signName: { ...text(40, 1), description: 'The approved signature (签名), without 【】' },
  templateId: { type: 'string', pattern: '^[0-9]{1,12}$', description: 'The approved verification-code template' },
  templateWithMinutes: { type: 'boolean', default: false, description: 'The template\'s {2} is the minutes the code stays valid' },
}, ['sdkAppId', 'signName', 'templateId']);

export const smsSettingsOutput = {
  type: 'object',
  properties: {
    configured: { type: 'boolean' },
    provider: { type: ['string', 'null'], enum: [...SMS_PROVIDERS, null] },
    secretIdLast4: nullableText,
    hasSecretKey: { type: 'boolean' },
    sdkAppId: nullableText, signName: nullableText, templateId: nullableText,
    templateWithMinutes: { type: 'boolean' },
    updatedAt: { type: ['string', 'null'], format: 'date-time' },
  },
} as const;
