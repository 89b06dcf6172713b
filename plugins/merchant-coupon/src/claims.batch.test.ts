/**
 * reserve_claims' rules for one batch, as claims made one after the other in the batch's order:
 * the per-user limit counts what a customer holds and their earlier asks in the batch; the room
 * left goes to the first asks within the limit; seq follows the highest held. Concurrency is
 * claims.concurrency.test.ts's (PostgreSQL); these run on whichever database the suite uses.
 */
import t from 'tap';
import { createPluginTestKit } from '@lingshou/plugin-sdk/testing';
import type { CouponInput } from './coupon-input.ts';
import { reserveClaims, type Reservation } from './claims.store.ts';
import { saveCoupon } from './coupons.service.ts';
import { findCoupon } from './coupons.store.ts';
import merchantCoupon from './index.ts';
import { couponBody, mallCustomer } from '../test/kit-helpers.ts';

const kit = await createPluginTestKit({ plugin: merchantCoupon, wechatpay: 'sandbox' });
t.teardown(kit.close);
const { a } = kit;

let stocks = 0;
async function runningCoupon(extra: Record<string, unknown>) {
  return kit.asPlugin(a, async (ctx) => {
    const id = await saveCoupon(ctx, couponBody(extra) as CouponInput);
    await ctx.db('coupons').where({ id }).update({ state: 'running', stock_id: String(9_700_000_000 + ++stocks) });
    return id;
  });
}

/** One batch, as the claim route sends it: each ask's outcome code ('ok' when reserved) and the reservations. */
async function batch(couponId: string, customerIds: string[]) {
  const outcomes = await kit.asPlugin(a, async (ctx) => reserveClaims(ctx, await findCoupon(ctx, couponId), customerIds.map((customerId) => ({ customerId, openid: null }))));
  return outcomes.map((outcome) => (outcome instanceof Error ? (outcome as Error & { code: string }).code : 'ok'));
}

const seqs = (couponId: string, customerId: string) => kit.asPlugin(a, (ctx) =>
  ctx.db('claims').where({ coupon_id: couponId, customer_id: customerId }).orderBy('seq').pluck('seq') as Promise<number[]>);

const [ann, bob, cat] = await Promise.all(['o-ann', 'o-bob', 'o-cat'].map(async (openid) => (await mallCustomer(kit, a, null, openid)).customerId));

t.test('the limit counts what a customer holds and their earlier asks in the batch', async (t) => {
  const coupon = await runningCoupon({ maxCoupons: 100, perUserLimit: 2 });
  t.same(await batch(coupon, [ann!]), ['ok']);
  t.same(await batch(coupon, [ann!, bob!, ann!, bob!, bob!, ann!]), [
    'ok', 'ok', 'LS_MERCHANT_COUPON_LIMIT_REACHED', 'ok', 'LS_MERCHANT_COUPON_LIMIT_REACHED', 'LS_MERCHANT_COUPON_LIMIT_REACHED',
  ]);
  t.same(await seqs(coupon, ann!), [1, 2], 'seq follows the highest held');
  t.same(await seqs(coupon, bob!), [1, 2]);
});

t.test('the room left goes to the first asks within the limit, in the batch\'s order; the rest are sold out', async (t) => {
  const coupon = await runningCoupon({ maxCoupons: 3, perUserLimit: 1 });
  t.same(await batch(coupon, [ann!, ann!, bob!, cat!]), ['ok', 'LS_MERCHANT_COUPON_LIMIT_REACHED', 'ok', 'ok'], 'a refused ask takes no room');
  const more = await runningCoupon({ maxCoupons: 2, perUserLimit: 5 });
  t.same(await batch(more, [cat!, bob!, ann!, cat!]), ['ok', 'ok', 'LS_MERCHANT_COUPON_SOLD_OUT', 'LS_MERCHANT_COUPON_SOLD_OUT']);
  const counted = await kit.asPlugin(a, async (ctx) => (await findCoupon(ctx, more)).claimedCount);
  t.equal(counted, 2, 'the counter moved once, by the reserved');
});

t.test('a released claim gives its place back; the next seq follows the highest still held', async (t) => {
  const coupon = await runningCoupon({ maxCoupons: 10, perUserLimit: 2 });
  t.same(await batch(coupon, [ann!, ann!]), ['ok', 'ok']);
  await kit.asPlugin(a, async (ctx) => {
    await ctx.db('claims').where({ coupon_id: coupon, customer_id: ann!, seq: 1 }).update({ state: 'released', seq: null });
    await ctx.db('coupons').where({ id: coupon }).decrement('claimed_count', 1);
  });
  t.same(await batch(coupon, [ann!, ann!]), ['ok', 'LS_MERCHANT_COUPON_LIMIT_REACHED']);
  t.same(await seqs(coupon, ann!), [2, 3, null]);
});

t.test('a coupon not running reserves nothing, and says why', async (t) => {
  const coupon = await runningCoupon({ maxCoupons: 10, perUserLimit: 2 });
  const outcomes = await kit.asPlugin(a, async (ctx) => {
    const running = await findCoupon(ctx, coupon);
    // Paused by the merchant after the batch read the coupon: the lock decides.
    await ctx.db('coupons').where({ id: coupon }).update({ state: 'paused' });
    return reserveClaims(ctx, running, [{ customerId: bob!, openid: null }, { customerId: cat!, openid: null }]);
  });
  t.same(outcomes.map((outcome) => (outcome as Error & { code?: string }).code), ['LS_MERCHANT_COUPON_NOT_CLAIMABLE', 'LS_MERCHANT_COUPON_NOT_CLAIMABLE']);
  t.same(await seqs(coupon, bob!), [], 'no claim written');
});

t.test('each reservation is its own: claim ids, request numbers and (code mode merchant) codes', async (t) => {
  const coupon = await runningCoupon({ maxCoupons: 10, perUserLimit: 3, codeMode: 'merchant' });
  const reservations = await kit.asPlugin(a, async (ctx) =>
    reserveClaims(ctx, await findCoupon(ctx, coupon), [ann!, bob!, ann!].map((customerId) => ({ customerId, openid: `o-${customerId}` })))) as Reservation[];
  t.equal(new Set(reservations.map((r) => r.id)).size, 3);
  t.ok(reservations.every((r) => r.out_request_no === `MC${r.id.replaceAll('-', '')}` && /^88\d{18}$/.test(r.coupon_code!)));
  const rows = await kit.asPlugin(a, (ctx) => ctx.db('claims').where({ coupon_id: coupon })
    .select('id', 'customer_id', 'openid', 'state') as Promise<{ id: string; customer_id: string; openid: string; state: string }[]>);
  t.same(new Set(rows.map((row) => row.id)), new Set(reservations.map((r) => r.id)));
  t.ok(rows.every((row) => row.state === 'pending' && row.openid === `o-${row.customer_id}`), 'pending, each with its customer\'s openid');
});
