/**
 * The hot claim's SQL budget (issue 9's rule for hot endpoints, here for the flagship plugin's):
 * the statements one successful claim sends, BEGIN and COMMIT included. Over budget fails, so a
 * stray lookup cannot creep into the path everyone hits at once; to change it on purpose, see
 * docs/reliability.md "SQL budget".
 */
import t from 'tap';
import { createPluginTestKit } from '@lingshou/plugin-sdk/testing';
import merchantCoupon from './index.ts';
import { couponBody, mallCustomer } from '../test/kit-helpers.ts';

/** BEGIN, the tenant, the enabled plugins, the coupon, the WeChat Pay binding, the customer's openid, reserve_claim, COMMIT. */
const CLAIM_BUDGET = 8;

const kit = await createPluginTestKit({ plugin: merchantCoupon, wechatpay: 'sandbox' });
t.teardown(kit.close);
const { a, h } = kit;
const base = '/api/v1/plugins/merchant-coupon';

t.test('a claim stays within its query budget, whoever claims', async (t) => {
  const coupon = (await a.api({ method: 'POST', url: `${base}/coupons`, payload: { ...couponBody(), perUserLimit: 5 } })).json() as { id: string };
  const binding = await kit.asPlugin(a, (ctx) => ctx.kernel.wechatpay.binding());
  const appid = binding.subAppid ?? binding.spAppid;
  const customers = [await mallCustomer(kit, a, appid, 'o-budget-1'), await mallCustomer(kit, a, appid, 'o-budget-2')];
  // A first claim warms what a process keeps (the plugin gate's recent read).
  await customers[0]!.api({ method: 'POST', url: `${base}/mall/coupons/${coupon.id}/claim` });
  for (const [i, customer] of [customers[0]!, customers[1]!, customers[0]!].entries()) {
    const sql: string[] = [];
    const listener = (query: { sql: string }) => sql.push(query.sql);
    h.db.knex.on('query', listener);
    const res = await customer.api({ method: 'POST', url: `${base}/mall/coupons/${coupon.id}/claim` }).finally(() => h.db.knex.removeListener('query', listener));
    t.equal(res.statusCode, 200, res.body);
    t.ok(sql.length <= CLAIM_BUDGET, `claim ${i + 1}: ${sql.length} queries, budget ${CLAIM_BUDGET}`, { sql });
  }
});
