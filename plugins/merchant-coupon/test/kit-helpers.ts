import type { PluginTestKit } from '@lingshou/plugin-sdk/testing';

type Shop = PluginTestKit['a'];

let phones = 0;

/**
 * A mall customer of a shop signed in through WeChat: a customer with an openid under the
 * shop's mall appid (none when `appid` is null), and a customer token as the mall's sign-in issues it.
 */
export async function mallCustomer(kit: PluginTestKit, shop: Shop, appid: string | null, openid: string) {
  const created = await shop.api({ method: 'POST', url: '/api/v1/customers', payload: { name: `顾客${openid.slice(-4)}`, phone: `139${String(++phones).padStart(8, '0')}` } });
  if (created.statusCode !== 201) throw new Error(`customer: ${created.statusCode} ${created.body}`);
  const customerId = (created.json() as { id: string }).id;
  if (appid) await kit.h.db.knex.transaction(async (trx) => {
    await trx.raw(`select set_config('app.tenant_id', ?, true)`, [shop.tenantId]);
    await trx('customer_wechat_identities').insert({ tenant_id: shop.tenantId, appid, openid, customer_id: customerId });
  });
  const token = kit.h.app.jwt.sign({
    accountId: customerId, kind: 'customer', tenantId: shop.tenantId, staffId: null, permissions: [], storeIds: null, customerId,
  }, { expiresIn: 3600 });
  return { customerId, openid, api: kit.h.as(token) };
}

/** Polls until `check` answers something truthy (notifications and consumers run after commit). */
export async function eventually<T>(check: () => Promise<T | undefined | null | false>, what: string, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A coupon body the tests vary: 满10减2 at every store, for a week. */
export function couponBody(extra: Record<string, unknown> = {}) {
  return {
    name: '满10减2', scopeText: '全场通用', type: 'fixed', thresholdFen: 1000, amountFen: 200, maxCoupons: 100, perUserLimit: 2,
    availableUntil: new Date(Date.now() + 7 * 86_400_000).toISOString(), ...extra,
  };
}
