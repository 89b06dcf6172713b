import { randomInt } from 'node:crypto';
import { newId, type PluginContext } from '@lingshou/plugin-sdk';
import type { Coupon } from './coupon.ts';
import { errors } from './errors.ts';
import { findCoupon } from './coupons.store.ts';
import { claimWindow } from './rules.ts';

/**
 * pending: a place in the budget reserved for a customer, waiting for WeChat to send the coupon;
 * available: held, usable; locked: held by an order not yet paid; used: redeemed;
 * released: a reservation that WeChat never confirmed, its place given back.
 */
export type ClaimState = 'pending' | 'available' | 'locked' | 'used' | 'released';

export interface ClaimRow {
  id: string; coupon_id: string; customer_id: string | null; seq: number | null; out_request_no: string; openid: string | null;
  coupon_code: string | null; state: ClaimState; claimed_at: Date | null; valid_from: Date | null; valid_until: Date | null;
  order_id: string | null; use_request_no: string | null; used_at: Date | null; wechat_used_at: Date | null;
  return_request_no: string | null; returned_at: Date | null; notification_id: string | null; created_at: Date; updated_at: Date;
}

/** A code the merchant assigns (code mode `merchant`): 20 digits starting 88, never a product's EAN-13. */
export const merchantCode = (): string => `88${String(randomInt(1e9)).padStart(9, '0')}${String(randomInt(1e9)).padStart(9, '0')}`;

/**
 * Reserves one coupon of the budget for a customer. The customer's claimant row is locked first,
 * so one customer's claims of a coupon queue behind each other and each counts every earlier one;
 * the coupon's row (the budget) is locked last, by the conditional increment, and held only until
 * the commit that follows it, so many customers claim at once. The table's check constraint and
 * the unique (coupon, customer, seq) back both limits up.
 */
export async function reserveClaim(ctx: PluginContext, coupon: Coupon, customerId: string, openid: string | null): Promise<ClaimRow> {
  const couponId = coupon.id;
  refuseUnclaimable(coupon);
  await ctx.db('claimants').insert({ tenant_id: ctx.tenantId, coupon_id: couponId, customer_id: customerId })
    .onConflict(['tenant_id', 'coupon_id', 'customer_id']).merge({ last_claim_at: new Date() });
  const held = await ctx.db('claims').where({ coupon_id: couponId, customer_id: customerId }).whereNot({ state: 'released' })
    .count({ n: '*' }).max({ lastSeq: 'seq' }).first() as { n: string; lastSeq: number | null };
  if (Number(held.n) >= coupon.perUserLimit) throw errors.LS_MERCHANT_COUPON_LIMIT_REACHED(`At most ${coupon.perUserLimit} per customer`, { field: 'id' });
  const id = newId();
  // seq follows the highest one held: a released reservation gives its seq up (null), so a count
  // alone could hand out a seq still held.
  const [claim] = await ctx.db('claims').insert({
    tenant_id: ctx.tenantId, id, coupon_id: couponId, customer_id: customerId, seq: (held.lastSeq ?? 0) + 1, openid,
    out_request_no: `MC${id.replaceAll('-', '')}`, coupon_code: coupon.codeMode === 'merchant' ? merchantCode() : null, state: 'pending',
  }).returning('*') as ClaimRow[];
  const bumped = await ctx.db('coupons').where({ id: couponId, state: 'running' }).whereRaw('claimed_count < max_coupons')
    .increment('claimed_count', 1).returning(['id']);
  if (bumped.length === 0) {
    refuseUnclaimable(await findCoupon(ctx, couponId));
    throw errors.LS_MERCHANT_COUPON_SOLD_OUT(undefined, { field: 'id' });
  }
  return claim!;
}

/** A coupon nobody can claim now is refused before anything is locked; the increment decides under the lock. */
export function refuseUnclaimable(coupon: Coupon): void {
  if (coupon.state !== 'running') throw errors.LS_MERCHANT_COUPON_NOT_CLAIMABLE(`This coupon is ${coupon.state}`, { field: 'id' });
  if (coupon.claimedCount >= coupon.maxCoupons) throw errors.LS_MERCHANT_COUPON_SOLD_OUT(undefined, { field: 'id' });
}

export interface CouponSent {
  notificationId: string;
  stockId: string;
  couponCode: string;
  openid: string;
  sendTime: Date;
}

/**
 * Records a coupon WeChat sent (COUPON.SEND), once whatever the replays: the claim it confirms is
 * found by its code (merchant codes are ours before WeChat sends them), else by the customer's
 * openid, a released reservation being revived. A coupon WeChat sent that matches no
 * reservation is still recorded, with no customer: it exists in someone's card bag and can be
 * redeemed at the till.
 */
export async function recordSent(ctx: PluginContext, coupon: Coupon, sent: CouponSent): Promise<ClaimRow> {
  const known = await ctx.db('claims').where({ coupon_code: sent.couponCode }).first() as ClaimRow | undefined;
  if (known && known.state !== 'pending' && known.state !== 'released') return known;
  const byOpenid = (state: ClaimState) => ctx.db('claims').where({ coupon_id: coupon.id, openid: sent.openid, state })
    .orderBy('created_at', state === 'pending' ? 'asc' : 'desc').forUpdate().skipLocked().first() as Promise<ClaimRow | undefined>;
  const reservation = known ?? (sent.openid ? (await byOpenid('pending')) ?? (await byOpenid('released')) : undefined);
  const { validFrom, validUntil } = claimWindow(coupon, sent.sendTime);
  const confirmed = {
    state: 'available', coupon_code: sent.couponCode, claimed_at: sent.sendTime, valid_from: validFrom, valid_until: validUntil,
    notification_id: sent.notificationId, openid: sent.openid || reservation?.openid || null, updated_at: new Date(),
  };
  // A coupon WeChat sent after its reservation was released (the customer tapped late) still
  // exists, so it counts again; WeChat enforces the same budget, so this stays within it.
  if (!reservation || reservation.state === 'released') {
    await ctx.db('coupons').where({ id: coupon.id }).whereRaw('claimed_count < max_coupons').increment('claimed_count', 1);
  }
  if (reservation) {
    const [row] = await ctx.db('claims').where({ id: reservation.id }).update(confirmed).returning('*') as ClaimRow[];
    return row!;
  }
  const id = newId();
  const [row] = await ctx.db('claims').insert({
    tenant_id: ctx.tenantId, id, coupon_id: coupon.id, customer_id: null, seq: null, out_request_no: `WX${id.replaceAll('-', '')}`, ...confirmed,
  }).returning('*') as ClaimRow[];
  return row!;
}

/** Gives back the places of reservations WeChat never confirmed, older than `before`. */
export async function releaseStale(ctx: PluginContext, before: Date): Promise<number> {
  const stale = await ctx.db('claims').where({ state: 'pending' }).where('created_at', '<', before).forUpdate().skipLocked()
    .select('id', 'coupon_id') as { id: string; coupon_id: string }[];
  for (const claim of stale) {
    await ctx.db('claims').where({ id: claim.id }).update({ state: 'released', seq: null, updated_at: new Date() });
    await ctx.db('coupons').where({ id: claim.coupon_id }).decrement('claimed_count', 1);
  }
  return stale.length;
}

export async function findClaimByCode(ctx: PluginContext, code: string, options: { lock?: boolean } = {}): Promise<ClaimRow | undefined> {
  const query = ctx.db('claims').where({ coupon_code: code }).whereNot({ state: 'pending' });
  if (options.lock) query.forUpdate();
  return await query.first() as ClaimRow | undefined;
}
