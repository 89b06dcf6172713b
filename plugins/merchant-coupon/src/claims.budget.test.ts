/**
 * The hot claim's SQL budget (issue 9's rule for hot endpoints, here for the flagship plugin's):
 * the statements one batch of claims sends, BEGIN and COMMIT included, whether it holds one claim
 * or many. Over budget fails, so a stray lookup cannot creep into the path everyone hits at once,
 * nor a statement per claim into a batch; to change it on purpose, see
 * docs/reliability.md "SQL budget".
 */
import t from 'tap';
import { createPluginTestKit } from '@lingshou/plugin-sdk/testing';
import merchantCoupon from './index.ts';
import { couponBody, mallCustomer } from '../test/kit-helpers.ts';

/** BEGIN, the tenant, the enabled plugins, the coupon, the WeChat Pay binding, the customers' openids, reserve_claims, COMMIT. */
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

t.test('a crowd claiming at once costs one budget per batch, not per claim', async (t) => {
  const coupon = (await a.api({ method: 'POST', url: `${base}/coupons`, payload: { ...couponBody(), perUserLimit: 1 } })).json() as { id: string };
  const binding = await kit.asPlugin(a, (ctx) => ctx.kernel.wechatpay.binding());
  const appid = binding.subAppid ?? binding.spAppid;
  const crowd = await Promise.all(Array.from({ length: 10 }, (_, i) => mallCustomer(kit, a, appid, `o-crowd-${i}`)));
  await crowd[0]!.api({ method: 'POST', url: `${base}/mall/coupons/${coupon.id}/claim` });
  const sql: string[] = [];
  const listener = (query: { sql: string }) => sql.push(query.sql);
  h.db.knex.on('query', listener);
  // The first customer again: refused for the limit inside a batch that reserves for the others.
  const answers = await Promise.all(crowd.map((customer) => customer.api({ method: 'POST', url: `${base}/mall/coupons/${coupon.id}/claim` })))
    .finally(() => h.db.knex.removeListener('query', listener));
  t.same(answers.map((res) => res.statusCode), [409, ...Array(9).fill(200)], answers[0]!.body);
  t.equal(answers[0]!.json().code, 'LS_MERCHANT_COUPON_LIMIT_REACHED');
  const batches = sql.filter((statement) => /^begin/i.test(statement)).length;
  t.ok(batches < answers.length, `${answers.length} claims in ${batches} transactions`);
  t.ok(sql.length <= batches * CLAIM_BUDGET, `${sql.length} statements in ${batches} batches, budget ${CLAIM_BUDGET} each`, { sql });
  const claimIds = answers.slice(1).map((res) => res.json().claimId as string);
  t.equal(new Set(claimIds).size, 9, 'each claim its own reservation');
});
