import type { Trx } from '../db/tenant-tx.ts';
import { customerToApi, getCustomerRow, insertCustomer } from './customers.service.ts';

export interface WechatIdentity {
  appid: string;
  openid: string;
  unionid?: string | null;
  /** Only a phone WeChat verified (getPhoneNumber): it links to the member who has it on file. */
  phone?: string | null;
}

interface IdentityRow {
  appid: string;
  openid: string;
  customer_id: string;
  unionid: string | null;
}

/**
 * The mall's sign-in: the customer behind a WeChat identity, created on first sight. A unionid
 * already seen under another appid (the official account, another mini program) links the new
 * openid to that customer; so does a verified phone already on file.
 */
export async function findOrCreateByWechat(trx: Trx, tenantId: string, identity: WechatIdentity) {
  const { appid, openid } = identity;
  const unionid = identity.unionid ?? null;
  // Two first visits of one person at once (two tabs, a retry) must make one customer, not two.
  await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [`wechat:${tenantId}:${unionid ?? `${appid}:${openid}`}`]);

  const known = await trx<IdentityRow>('customer_wechat_identities').where({ appid, openid }).first('customer_id', 'unionid');
  if (known) {
    if (unionid && !known.unionid) await trx('customer_wechat_identities').where({ appid, openid }).update({ unionid });
    return customerToApi(await getCustomerRow(trx, known.customer_id));
  }
  let customerId: string | undefined;
  if (unionid) {
    customerId = (await trx<IdentityRow>('customer_wechat_identities').where({ unionid }).first('customer_id'))?.customer_id;
  }
  if (!customerId && identity.phone) {
    customerId = (await trx('customers').where({ phone: identity.phone }).first('id'))?.id as string | undefined;
  }
  customerId ??= await insertCustomer(trx, tenantId, { phone: identity.phone ?? null });
  await trx('customer_wechat_identities').insert({ tenant_id: tenantId, appid, openid, unionid, customer_id: customerId });
  return customerToApi(await getCustomerRow(trx, customerId));
}
