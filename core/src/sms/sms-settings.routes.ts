import type { FastifyInstance } from 'fastify';
import { problemResponses } from '../http/schemas.ts';
import { tenantOf } from '../http/auth-guard.ts';
import { deleteSmsSettings, readSmsSettings, saveSmsSettings, type SmsSettingsInput } from './sms-settings.ts';
import { smsSettingsBody, smsSettingsOutput } from './sms.schemas.ts';

// The account's key pair sends messages the merchant pays for: only the roles that hold
// settings.write (merchant admin, store manager) see or change it.
const staffRoute = { auth: 'staff', permission: 'settings.write' } as const;

/** The merchant's SMS provider account (docs/mall.md): write-only secrets, shown as "set" and the SecretId's last 4. */
export async function smsSettingsRoutes(app: FastifyInstance): Promise<void> {
  app.get('/sms/settings', {
    config: staffRoute,
    schema: { tags: ['sms'], response: { 200: smsSettingsOutput, ...problemResponses } },
  }, (request) => request.inTenant((trx) => readSmsSettings(trx, app.config.masterKey)));

  app.put<{ Body: SmsSettingsInput }>('/sms/settings', {
    config: staffRoute,
    schema: {
      tags: ['sms'], description: 'Sets the SMS account the mall sends sign-in codes through (Tencent Cloud SMS).',
      body: smsSettingsBody, response: { 200: smsSettingsOutput, ...problemResponses },
    },
  }, (request) => request.inTenant(async (trx) => {
    await saveSmsSettings(trx, app.config.masterKey, tenantOf(request), request.body);
    return readSmsSettings(trx, app.config.masterKey);
  }));

  app.delete('/sms/settings', {
    config: staffRoute,
    schema: { tags: ['sms'], description: 'Removes the SMS account: phone sign-in stops outside demo mode.', response: { 204: { type: 'null' }, ...problemResponses } },
  }, async (request, reply) => {
    await request.inTenant(deleteSmsSettings);
    return reply.code(204).send();
  });
}
