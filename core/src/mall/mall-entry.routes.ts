import type { FastifyInstance } from 'fastify';
import { inTenant } from '../db/tenant-tx.ts';
import { errors } from '../errors.ts';
import { problemResponses } from '../http/schemas.ts';
import { DEMO_SMS_CODE, findMallMerchant, mallStores } from './mall-entry.service.ts';
import { loginWithPhone, loginWithWechat, sendPhoneCode } from './mall-auth.service.ts';
import { entryOutput, entryQuery, phoneLoginBody, sessionOutput, smsCodeBody, smsCodeOutput, wechatLoginBody } from './mall.schemas.ts';

const publicRoute = { auth: 'public' } as const;

/** Before sign-in: which merchant's mall this is, its stores, and the two ways to sign in. */
export async function mallEntryRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: { merchantId?: string; appid?: string } }>('/mall/entry', {
    config: publicRoute,
    schema: {
      tags: ['mall'], description: 'The mall of a merchant (by id, or by its mini program appid) and the stores a customer may pick.',
      querystring: entryQuery, response: { 200: entryOutput, ...problemResponses },
    },
  }, async (request) => {
    const { merchantId, appid } = request.query;
    if (!merchantId && !appid) throw errors.LS_INPUT_INVALID('Name the merchant or the mini program appid', { field: 'merchantId' });
    const merchant = await findMallMerchant(app.db.knex, merchantId ? { merchantId } : { appid });
    const stores = await inTenant(app.db.knex, merchant.id, (trx) => mallStores(trx));
    return { merchant: { id: merchant.id, name: merchant.name }, stores, demoSmsCode: app.config.wechatpaySandbox ? DEMO_SMS_CODE : null };
  });

  app.post<{ Body: { merchantId?: string; appid: string; code: string } }>('/mall/auth/wechat', {
    config: publicRoute,
    schema: {
      tags: ['mall'], description: 'Mini program sign-in: the code from wx.login, traded for the openid (code-to-session).',
      body: wechatLoginBody, response: { 200: sessionOutput, ...problemResponses, 504: problemResponses[400] },
    },
  }, (request) => loginWithWechat(app, request.body));

  app.post<{ Body: { merchantId: string; phone: string } }>('/mall/auth/sms-code', {
    config: {
      auth: 'public',
      // Per address, in this process: one phone's limits are kept in the database (sms-codes.ts);
      // this stops one address from walking through many phones.
      rateLimit: { max: 30, timeWindow: '1 hour' },
    },
    schema: {
      tags: ['mall'],
      description: 'Sends a sign-in code by SMS through the merchant\'s provider: one a minute and 10 a day per phone '
        + '(429 naming phone), 30 an hour per address. Demo and sandbox mode send nothing and answer demo: true.',
      body: smsCodeBody, response: { 200: smsCodeOutput, ...problemResponses, 429: problemResponses[400], 502: problemResponses[400], 504: problemResponses[400] },
    },
  }, (request) => sendPhoneCode(app, request.body));

  app.post<{ Body: { merchantId: string; phone: string; code: string } }>('/mall/auth/phone', {
    config: publicRoute,
    schema: { tags: ['mall'], description: 'H5 sign-in with a phone number and its SMS code.', body: phoneLoginBody, response: { 200: sessionOutput, ...problemResponses } },
  }, (request) => loginWithPhone(app, request.body));
}
