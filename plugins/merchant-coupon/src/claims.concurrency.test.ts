import t from 'tap';
import nock from 'nock';
import { createPluginTestKit, wechatpayReply } from '@lingshou/plugin-sdk/testing';
import type { CouponInput } from './coupon-input.ts';
import { reserveClaims } from './claims.store.ts';
import { saveCoupon } from './coupons.service.ts';
import { findCoupon } from './coupons.store.ts';
import merchantCoupon from './index.ts';
import { couponBody, mallCustomer } from '../test/kit-helpers.ts';

// Real concurrency needs real connections: the kit runs on PostgreSQL here, whatever the suite uses.
process.env.DATABASE_URL ??= process.env.LINGSHOU_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';
nock.disableNetConnect();
const kit = await createPluginTestKit({ plugin: merchantCoupon, wechatpay: 'nock' });
t.teardown(async () => { nock.cleanAll(); nock.enableNetConnect(); await kit.close(); });
const { a, h } = kit;
const base = '/api/v1/plugins/merchant-coupon';

let stocks = 0;
/**
 * A running coupon as saving makes it once WeChat has answered (the create API and its WeChat
 * calls are tested in api.nock.test.ts; here only the ledger is under test).
 */
async function createCoupon(extra: Record<string, unknown>) {
  return kit.asPlugin(a, async (ctx) => {
    const id = await saveCoupon(ctx, couponBody(extra) as CouponInput);
    const stockId = String(9_600_000_000 + ++stocks);
    await ctx.db('coupons').where({ id }).update({ state: 'running', stock_id: stockId });
    return { id, stockId };
  });
}

const customers: Awaited<ReturnType<typeof mallCustomer>>[] = [];
t.before(async () => {
  for (let i = 0; i < 100; i += 1) customers.push(await mallCustomer(kit, a, null, `o-rush-${i}`));
});

t.test('500 concurrent claims (100 customers × 5, at most 2 each) against a budget of 100 issue exactly 100', async (t) => {
  t.equal(h.db.kind, 'postgres', 'on PostgreSQL');
  const coupon = await createCoupon({ name: 'Rush', maxCoupons: 100, perUserLimit: 2 });
  const attempts = await Promise.all(customers.flatMap((customer) => Array.from({ length: 5 }, () =>
    customer.api({ method: 'POST', url: `${base}/mall/coupons/${coupon.id}/claim` }).then((res) => ({ customerId: customer.customerId, res })))));
  const ok = attempts.filter(({ res }) => res.statusCode === 200);
  t.equal(ok.length, 100, 'one hundred claims');
  t.same([...new Set(attempts.filter(({ res }) => res.statusCode !== 200).map(({ res }) => res.json().code))].sort(),
    ['LS_MERCHANT_COUPON_LIMIT_REACHED', 'LS_MERCHANT_COUPON_SOLD_OUT'], 'the rest refused for the budget or the limit');
  const perCustomer = new Map<string, number>();
  for (const { customerId } of ok) perCustomer.set(customerId, (perCustomer.get(customerId) ?? 0) + 1);
  t.ok([...perCustomer.values()].every((n) => n <= 2), 'nobody holds more than two');
  const counted = await kit.asPlugin(a, async (ctx) => ({
    claimed: (await ctx.db('coupons').where({ id: coupon.id }).first('claimed_count')).claimed_count,
    rows: Number((await ctx.db('claims').where({ coupon_id: coupon.id }).count({ n: '*' }).first())!.n),
  }));
  t.same(counted, { claimed: 100, rows: 100 }, 'the ledger agrees');
});

t.test('batches of several servers at once, the same customers in other orders: no deadlock, budget and limit hold', async (t) => {
  const coupon = await createCoupon({ name: 'Servers', maxCoupons: 150, perUserLimit: 2 });
  const ids = customers.map((customer) => customer.customerId);
  // Six servers' batches of all 100 customers, each in its own order (rotated, every other reversed).
  const orders = Array.from({ length: 6 }, (_, i) => {
    const rotated = [...ids.slice(i * 17), ...ids.slice(0, i * 17)];
    return i % 2 ? rotated.reverse() : rotated;
  });
  // A server that reads the coupon after the others used the budget up refuses its whole batch
  // before reserving, as the claim route does: each of its asks is sold out.
  const outcomes = (await Promise.all(orders.map((order) => kit.asPlugin(a, async (ctx) =>
    reserveClaims(ctx, await findCoupon(ctx, coupon.id), order.map((customerId) => ({ customerId, openid: null })))
      .catch((refusal: Error) => order.map(() => refusal)))))).flat();
  const reserved = outcomes.filter((outcome) => !(outcome instanceof Error));
  t.equal(reserved.length, 150, 'the whole budget, no more');
  t.same([...new Set(outcomes.filter((outcome) => outcome instanceof Error).map((error) => (error as { code?: string }).code))].sort(),
    ['LS_MERCHANT_COUPON_LIMIT_REACHED', 'LS_MERCHANT_COUPON_SOLD_OUT']);
  const held = await kit.asPlugin(a, (ctx) => ctx.db('claims').where({ coupon_id: coupon.id }).groupBy('customer_id')
    .select('customer_id', ctx.db('claims').client.raw('count(*)::integer as n')) as Promise<{ n: number }[]>);
  t.equal(held.reduce((sum, row) => sum + row.n, 0), 150, 'the ledger agrees');
  t.ok(held.every((row) => row.n <= 2), 'nobody holds more than two');
});

t.test('code mode upload: 200 concurrent claims against 30 uploaded codes (budget 1000) issue 30; 10 more codes, 10 more', async (t) => {
  const coupon = await createCoupon({ name: 'Codes', codeMode: 'upload', maxCoupons: 1000, perUserLimit: 2 });
  /** Uploads `n` codes through the API, WeChat taking them all (the upload call itself: api.nock.test.ts). */
  const upload = async (prefix: string, n: number) => {
    const codes = Array.from({ length: n }, (_, i) => `${prefix}${i}`);
    nock('https://api.mch.weixin.qq.com').post(`/v3/marketing/busifavor/stocks/${coupon.stockId}/couponcodes`)
      .reply(wechatpayReply(200, { stock_id: coupon.stockId, total_count: n, success_count: n, success_codes: codes, success_time: '2026-11-28T12:00:00+08:00' }));
    const res = await a.api({ method: 'POST', url: `${base}/coupons/${coupon.id}/codes`, payload: { codes } });
    if (res.statusCode !== 200) throw new Error(`upload: ${res.statusCode} ${res.body}`);
  };
  const rush = () => Promise.all(customers.flatMap((customer) => Array.from({ length: 2 }, () =>
    customer.api({ method: 'POST', url: `${base}/mall/coupons/${coupon.id}/claim` }))));
  const ledger = () => kit.asPlugin(a, async (ctx) => ({
    claimed: (await ctx.db('coupons').where({ id: coupon.id }).first('claimed_count')).claimed_count as number,
    rows: Number((await ctx.db('claims').where({ coupon_id: coupon.id }).count({ n: '*' }).first())!.n),
  }));

  await upload('FIRST', 30);
  const first = await rush();
  t.equal(first.filter((res) => res.statusCode === 200).length, 30, 'one claim per uploaded code');
  t.same([...new Set(first.filter((res) => res.statusCode !== 200).map((res) => res.json().code))], ['LS_MERCHANT_COUPON_SOLD_OUT'], 'the rest: no codes left');
  t.same(await ledger(), { claimed: 30, rows: 30 }, 'the ledger agrees');

  await upload('MORE', 10);
  const second = await rush();
  t.equal(second.filter((res) => res.statusCode === 200).length, 10, 'ten more codes, ten more claims');
  t.same(await ledger(), { claimed: 40, rows: 40 });
  t.ok(nock.isDone());
});

t.test('50 concurrent claims by one customer with a limit of 3 give 3', async (t) => {
  const coupon = await createCoupon({ name: 'Limit', maxCoupons: 1000, perUserLimit: 3 });
  const one = customers[0]!;
  const results = await Promise.all(Array.from({ length: 50 }, () => one.api({ method: 'POST', url: `${base}/mall/coupons/${coupon.id}/claim` })));
  t.equal(results.filter((r) => r.statusCode === 200).length, 3);
  t.equal(results.filter((r) => r.json().code === 'LS_MERCHANT_COUPON_LIMIT_REACHED').length, 47);
});

t.test('one coupon on two orders at the same moment: one order gets it', async (t) => {
  const coupon = await createCoupon({ name: 'Once', thresholdFen: 0, amountFen: 100 });
  const code = '1000000000000000009999';
  await kit.asPlugin(a, async (ctx) => ctx.db('claims').insert({
    tenant_id: a.tenantId, id: crypto.randomUUID(), coupon_id: coupon.id, customer_id: customers[1]!.customerId, seq: 1,
    out_request_no: 'MC-once', coupon_code: code, state: 'available', claimed_at: new Date(), valid_from: new Date(Date.now() - 1000), valid_until: new Date(Date.now() + 86_400_000),
  }).then(() => ctx.db('coupons').where({ id: coupon.id }).increment('claimed_count', 1)));
  const till = h.as(a.cashierToken);
  const sale = (i: number) => till({ method: 'POST', url: '/api/v1/pos/orders', payload: {
    clientOrderId: `coupon-race-${i}`, storeId: a.storeIds[0], lines: [{ skuId: a.skus.cola.id, quantity: 1 }],
    tenders: [{ method: 'cash', amountFen: 250 }], pluginInputs: { 'merchant-coupon': { code } },
  } });
  const results = await Promise.all([sale(1), sale(2)]);
  t.same(results.map((r) => r.statusCode).sort(), [201, 409], results.map((r) => r.body).join('\n'));
  t.equal(results.find((r) => r.statusCode === 409)!.json().code, 'LS_MERCHANT_COUPON_CODE_TAKEN');
  const claim = await kit.asPlugin(a, (ctx) => ctx.db('claims').where({ coupon_code: code }).first());
  t.same([claim.state, claim.order_id], ['used', results.find((r) => r.statusCode === 201)!.json().id]);
});
