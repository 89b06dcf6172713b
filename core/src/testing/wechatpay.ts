import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { createPartner } from '../tenancy/partners.service.ts';
import { provisionSandboxPartner } from '../wechatpay/sandbox/sandbox-partner.ts';
import { encryptResource } from '../wechatpay/aead.ts';
import {
  CERT_PLATFORM, TEST_API_CERT_SERIAL, TEST_APIV2_KEY, TEST_APIV3_KEY, TEST_SP_APPID, TEST_SP_MCHID, TEST_SUB_MCHID,
  signedHeaders, testPartner, wechatpayReply as signedReply, type ReplyOptions,
} from '../wechatpay/testing.ts';
import type { TestApp } from './test-app.ts';
import type { TestMerchant } from './merchant.ts';

export { TEST_SP_MCHID, TEST_SP_APPID, TEST_SUB_MCHID, TEST_APIV3_KEY };

/** What binding merchants to a partner gave each of them. */
export interface WechatpayTestBinding {
  partnerId: string;
  spMchid: string;
  spAppid: string;
  /** sub_mchid by tenant id. */
  subMchids: Map<string, string>;
}

async function assign(knex: Knex, partnerId: string, merchants: TestMerchant[], subMchids: string[]): Promise<Map<string, string>> {
  const byTenant = new Map<string, string>();
  for (const [index, merchant] of merchants.entries()) {
    await knex('tenants').where({ id: merchant.tenantId }).update({ partner_id: partnerId, sub_mchid: subMchids[index] });
    byTenant.set(merchant.tenantId, subMchids[index]!);
  }
  return byTenant;
}

/**
 * Provisions a service provider in the app's WeChat Pay sandbox (start the app with
 * `wechatpaySandbox`), stores it as a partner pointed at the sandbox, and makes each merchant
 * one of its sub-merchants.
 */
export async function bindSandboxPartner(h: TestApp, merchants: TestMerchant[], options: { noCashAuthorized?: boolean } = {}): Promise<WechatpayTestBinding> {
  const sp = await provisionSandboxPartner(h.app, {
    name: '测试服务商', subMerchants: merchants.map((_m, i) => ({ name: `测试特约商户${i + 1}`, noCashAuthorized: options.noCashAuthorized ?? true })),
  });
  const partner = await createPartner(h.db.knex, h.app.config.masterKey, { name: '沙箱服务商', ...sp.credentials });
  const subMchids = await assign(h.db.knex, partner.id, merchants, sp.subMchids);
  return { partnerId: partner.id, spMchid: sp.spMchid, spAppid: sp.spAppid, subMchids };
}

/**
 * Stores the fixed test partner (core/src/wechatpay/testing.ts: TEST_SP_MCHID, certificate mode)
 * pointed at the real https://api.mch.weixin.qq.com, for tests that answer with nock; merchant
 * i gets sub_mchid TEST_SUB_MCHID + i.
 */
export async function bindNockPartner(h: TestApp, merchants: TestMerchant[]): Promise<WechatpayTestBinding> {
  const { merchant } = testPartner('certificate');
  const partner = await createPartner(h.db.knex, h.app.config.masterKey, {
    name: '测试服务商', spMchid: TEST_SP_MCHID, spAppid: TEST_SP_APPID, apiCertSerial: TEST_API_CERT_SERIAL,
    apiPrivateKey: merchant.privateKeyPem, apiv3Key: TEST_APIV3_KEY, apiv2Key: TEST_APIV2_KEY,
    platformCertificate: CERT_PLATFORM.certificatePem, wechatpayApi: 'production',
  });
  const subMchids = await assign(h.db.knex, partner.id, merchants, merchants.map((_m, i) => String(Number(TEST_SUB_MCHID) + i)));
  return { partnerId: partner.id, spMchid: TEST_SP_MCHID, spAppid: TEST_SP_APPID, subMchids };
}

/** A nock reply signed by the test partner's platform certificate, timestamped now. */
export function wechatpayReply(status: number, body: unknown, options: ReplyOptions = {}) {
  return signedReply(status, body, { timestampMs: Date.now(), ...options });
}

/**
 * A notification as WeChat would post it to the test partner (bindNockPartner): the resource
 * encrypted with its APIv3 key, the body signed by its platform certificate.
 */
export function signedNotification(eventType: string, resource: unknown, options: { id?: string; resourceType?: string; summary?: string } = {}) {
  const body = JSON.stringify({
    id: options.id ?? randomBytes(16).toString('hex'),
    create_time: new Date().toISOString(),
    event_type: eventType,
    resource_type: options.resourceType ?? 'encrypt-resource',
    summary: options.summary ?? eventType,
    resource: { ...encryptResource(JSON.stringify(resource), TEST_APIV3_KEY, { associatedData: 'transaction' }), original_type: 'transaction' },
  });
  return { body, headers: { 'content-type': 'application/json', ...signedHeaders(CERT_PLATFORM, body, { timestampMs: Date.now() }) } };
}
