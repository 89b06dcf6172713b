import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { inTenant, type Trx } from '../db/tenant-tx.ts';
import { errors, LingshouError } from '../errors.ts';
import { openSecret } from '../crypto/secrets.ts';
import { findOrCreateByWechat } from '../customers/customer-wechat.service.ts';
import { customerToApi, getCustomerRow, insertCustomer } from '../customers/customers.service.ts';
import { DEMO_SMS_CODE, findMallMerchant } from './mall-entry.service.ts';
import { signCustomerToken, type CustomerSession } from './mall-token.ts';
import { loadSmsSettings } from '../sms/sms-settings.ts';
import { consumeSmsCode, dropSmsCode, newSmsCode, recordSmsCode, SMS_CODE_RULES, type SmsCodeVerdict } from '../sms/sms-codes.ts';
import { sendVerificationSms } from '../sms/sms-sender.ts';

export const JSCODE2SESSION_URL = 'https://api.weixin.qq.com/sns/jscode2session';

interface Code2Session {
  openid?: string;
  unionid?: string;
  errcode?: number;
  errmsg?: string;
}

/**
 * WeChat's code-to-session: trades a wx.login code for the customer's openid (and unionid when
 * the mini program is bound to an open platform account). The session_key is not kept: the
 * mall needs no encrypted user data.
 */
async function codeToSession(appid: string, secret: string, code: string): Promise<{ openid: string; unionid: string | null }> {
  const url = `${JSCODE2SESSION_URL}?${new URLSearchParams({ appid, secret, js_code: code, grant_type: 'authorization_code' })}`;
  let body: Code2Session;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
    body = await res.json() as Code2Session;
  } catch (error) {
    throw errors.LS_MALL_WECHAT_UNAVAILABLE(undefined, { cause: error });
  }
  if (body.errcode || !body.openid) {
    throw errors.LS_MALL_WECHAT_LOGIN_FAILED(body.errmsg ?? undefined, { field: 'code', extra: { wechatCode: body.errcode ?? null } });
  }
  return { openid: body.openid, unionid: body.unionid ?? null };
}

/**
 * In demo and sandbox mode there is no WeChat to ask: the code itself names the test user, so
 * the same code always gives the same openid (and so the same customer).
 */
export function sandboxOpenid(appid: string, code: string): string {
  return `sbx${createHash('sha256').update(`${appid}:${code}`).digest('base64url').slice(0, 25)}`;
}

async function miniprogramSecret(app: FastifyInstance, trx: Trx): Promise<string | null> {
  const row = await trx('mall_settings').first('miniprogram_secret_enc');
  return row?.miniprogram_secret_enc ? openSecret(app.config.masterKey, row.miniprogram_secret_enc as string) : null;
}

function sessionCustomer(customer: ReturnType<typeof customerToApi>): CustomerSession['customer'] {
  return { id: customer.id, name: customer.name, phone: customer.phone, memberCode: customer.memberCode };
}

/** The app the merchant's customers use WeChat through: its own mini program, else its partner's. */
export async function mallAppid(trx: Trx, tenantId: string): Promise<string | null> {
  const tenant = await trx('tenants').where({ id: tenantId }).first('sub_appid', 'partner_id');
  if (tenant?.sub_appid) return tenant.sub_appid as string;
  const partner = tenant?.partner_id ? await trx('partners').where({ id: tenant.partner_id }).first('sp_appid') : undefined;
  return (partner?.sp_appid as string | null | undefined) ?? null;
}

/** The sandbox's stable test openid for a customer who signed in without WeChat (H5, by phone). */
export function sandboxCustomerOpenid(appid: string, customerId: string): string {
  return sandboxOpenid(appid, `customer:${customerId}`);
}

/**
 * In the sandbox an H5 customer is also a WeChat user of the merchant's app: the same test openid
 * the mall pays with, kept as the customer's identity so WeChat-side events (a claimed merchant
 * coupon, a voucher) find them.
 */
async function linkSandboxIdentity(trx: Trx, tenantId: string, customerId: string): Promise<void> {
  const appid = await mallAppid(trx, tenantId);
  if (!appid) return;
  await trx('customer_wechat_identities')
    .insert({ tenant_id: tenantId, appid, openid: sandboxCustomerOpenid(appid, customerId), customer_id: customerId })
    .onConflict(['tenant_id', 'appid', 'openid']).ignore();
}

/** Mini-program sign-in: wx.login's code → openid → the customer, created on first sight. */
export async function loginWithWechat(
  app: FastifyInstance, input: { merchantId?: string; appid: string; code: string },
): Promise<CustomerSession> {
  const merchant = await findMallMerchant(app.db.knex, input.merchantId ? { merchantId: input.merchantId } : { appid: input.appid });
  return inTenant(app.db.knex, merchant.id, async (trx) => {
    let identity: { openid: string; unionid: string | null };
    if (app.config.wechatpaySandbox) {
      identity = { openid: sandboxOpenid(input.appid, input.code), unionid: null };
    } else {
      const secret = await miniprogramSecret(app, trx);
      if (!merchant.appid || merchant.appid !== input.appid || !secret) {
        throw errors.LS_MALL_LOGIN_NOT_CONFIGURED('The merchant has no mini program appid and AppSecret on file', { field: 'appid' });
      }
      identity = await codeToSession(merchant.appid, secret, input.code);
    }
    const customer = await findOrCreateByWechat(trx, merchant.id, { appid: input.appid, ...identity });
    return signCustomerToken(app, merchant.id, sessionCustomer(customer));
  });
}

/**
 * H5 sign-in, first step: a code by SMS through the merchant's provider. The code is recorded
 * (and the phone's limits checked) in one transaction and sent after it, so no database
 * connection waits on the provider. Demo and sandbox mode send nothing: the code is DEMO_SMS_CODE.
 */
export async function sendPhoneCode(app: FastifyInstance, input: { merchantId: string; phone: string }) {
  const merchant = await findMallMerchant(app.db.knex, { merchantId: input.merchantId });
  if (app.config.wechatpaySandbox) return { sentAt: new Date().toISOString(), resendAfterSeconds: 0, demo: true };
  const code = newSmsCode();
  const { settings, issued } = await inTenant(app.db.knex, merchant.id, async (trx) => {
    const settings = await loadSmsSettings(trx, app.config.masterKey);
    if (!settings) throw errors.LS_MALL_LOGIN_NOT_CONFIGURED('Phone sign-in needs the merchant\'s SMS settings', { field: 'phone' });
    return { settings, issued: await recordSmsCode(trx, app.config.masterKey, merchant.id, input.phone, code) };
  });
  try {
    await sendVerificationSms(settings, { phone: input.phone, code, validMinutes: SMS_CODE_RULES.validSeconds / 60 });
  } catch (error) {
    // A refusal means no message went out. Without an answer it may still arrive, so the code stays.
    if (error instanceof LingshouError && error.code === errors.LS_SMS_SEND_FAILED.code) {
      await inTenant(app.db.knex, merchant.id, (trx) => dropSmsCode(trx, issued.id));
    }
    throw error;
  }
  return { sentAt: issued.sentAt.toISOString(), resendAfterSeconds: SMS_CODE_RULES.resendAfterSeconds, demo: false };
}

const verdictMessages: Record<Exclude<SmsCodeVerdict, 'ok'>, string> = {
  wrong: 'The SMS code is wrong',
  exhausted: 'Too many wrong SMS codes; ask for a new one',
  expired: 'The SMS code has expired; ask for a new one',
  used: 'This SMS code was already used; ask for a new one',
  missing: 'No SMS code was sent to this phone; ask for one',
};

/**
 * H5 sign-in with a phone number and its SMS code: the newest code sent to the phone (5 minutes,
 * 5 tries, once), or in demo and sandbox mode only the fixed DEMO_SMS_CODE.
 */
export async function loginWithPhone(
  app: FastifyInstance, input: { merchantId: string; phone: string; code: string },
): Promise<CustomerSession> {
  const sandbox = app.config.wechatpaySandbox;
  if (sandbox && input.code !== DEMO_SMS_CODE) throw errors.LS_MALL_SMS_CODE_INVALID(undefined, { field: 'code', extra: { reason: 'wrong' } });
  const merchant = await findMallMerchant(app.db.knex, { merchantId: input.merchantId });
  const outcome = await inTenant(app.db.knex, merchant.id, async (trx) => {
    if (!sandbox) {
      if (!await loadSmsSettings(trx, app.config.masterKey)) {
        throw errors.LS_MALL_LOGIN_NOT_CONFIGURED('Phone sign-in needs the merchant\'s SMS settings', { field: 'phone' });
      }
      const verdict = await consumeSmsCode(trx, app.config.masterKey, merchant.id, input.phone, input.code);
      // Returned, not thrown: the attempt just counted must be committed.
      if (verdict !== 'ok') return { verdict };
    }
    // Two first sign-ins with one phone at once must make one customer.
    await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [`phone:${merchant.id}:${input.phone}`]);
    const known = await trx('customers').where({ phone: input.phone }).first('id');
    const id = (known?.id as string | undefined) ?? await insertCustomer(trx, merchant.id, { phone: input.phone });
    if (sandbox) await linkSandboxIdentity(trx, merchant.id, id);
    return { session: await signCustomerToken(app, merchant.id, sessionCustomer(customerToApi(await getCustomerRow(trx, id)))) };
  });
  if (outcome.verdict) throw errors.LS_MALL_SMS_CODE_INVALID(verdictMessages[outcome.verdict], { field: 'code', extra: { reason: outcome.verdict } });
  return outcome.session;
}
