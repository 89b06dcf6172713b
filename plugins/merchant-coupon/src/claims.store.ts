import { randomInt } from 'node:crypto';
import { newId, type PluginContext } from '@lingshou/plugin-sdk';
import { claimableBudget, type Coupon } from './coupon.ts';
import { errors } from './errors.ts';
import { findCoupon } from './coupons.store.ts';
import { claimWindow } from './rules.ts';

/**
 * pending: a place in the budget reserved for a customer, waiting for WeChat to send the coupon;
 * available: held, usable; locked: held by an order not yet paid; used: redeemed;
 * released: a reservation that WeChat never confirmed, its place given back;
 * deactivated: voided by the merchant (作废), its place kept.
 */
export type ClaimState = 'pending' | 'available' | 'locked' | 'used' | 'released' | 'deactivated';

export interface ClaimRow {
  id: string; coupon_id: string; customer_id: string | null; seq: number | null; out_request_no: string; openid: string | null;
  coupon_code: string | null; state: ClaimState; claimed_at: Date | null; valid_from: Date | null; valid_until: Date | null;
  order_id: string | null; use_request_no: string | null; used_at: Date | null; wechat_used_at: Date | null;
  return_request_no: string | null; returned_at: Date | null; notification_id: string | null; created_at: Date; updated_at: Date;
  deactivate_request_no: string | null; deactivate_reason: string | null; deactivated_at: Date | null;
}

/** A code the merchant assigns (code mode `merchant`): 20 digits starting 88, never a product's EAN-13. */
export const merchantCode = (): string => `88${String(randomInt(1e9)).padStart(9, '0')}${String(randomInt(1e9)).padStart(9, '0')}`;

/** A place in the budget reserved for a customer: what the send-coupon parameters need. */
export interface Reservation {
  id: string;
  out_request_no: string;
  coupon_code: string | null;
}

/** A customer asking for a coupon: who, and their openid for the mall's mini program (WeChat sends to it). */
export interface ClaimRequest {
  customerId: string;
  openid: string | null;
}

/**
 * Reserves coupons of the budget for a batch of customers (the claim route's batches), in one
 * call of the plugin's reserve_claims (migrations/20261207000000), with the rules of claims made
 * one after the other: the customers' claimant rows are locked first, so one customer's claims of
 * a coupon queue behind each other and each counts every earlier one; the coupon's row (the
 * budget) is locked next and held only until the commit that follows. The table's check
 * constraint and the unique (coupon, customer, seq) back both limits up. Answers a reservation or
 * the refusal for each request, in order.
 */
export async function reserveClaims(ctx: PluginContext, coupon: Coupon, requests: readonly ClaimRequest[]): Promise<(Reservation | Error)[]> {
  refuseUnclaimable(coupon);
  const reservations = requests.map((): Reservation => {
    const id = newId();
    return { id, out_request_no: `MC${id.replaceAll('-', '')}`, coupon_code: coupon.codeMode === 'merchant' ? merchantCode() : null };
  });
  const items = requests.map((request, i) => ({
    customer: request.customerId, claim: reservations[i]!.id, openid: request.openid,
    outRequestNo: reservations[i]!.out_request_no, code: reservations[i]!.coupon_code,
  }));
  const answers = await ctx.db.call<{ item: number; outcome: 'reserved' | 'limit-reached' | 'sold-out' }>('reserve_claims', [
    coupon.id, coupon.perUserLimit, JSON.stringify(items),
  ]);
  const outcomes = new Map(answers.map((answer) => [answer.item, answer.outcome]));
  // Why the budget refused (stopped meanwhile, codes ran out) is read once for the batch.
  const refusal = [...outcomes.values()].some((outcome) => outcome !== 'reserved' && outcome !== 'limit-reached')
    ? (unclaimable(await findCoupon(ctx, coupon.id)) ?? soldOut(coupon)) : undefined;
  return reservations.map((reservation, i) => {
    const outcome = outcomes.get(i + 1);
    if (outcome === 'reserved') return reservation;
    if (outcome === 'limit-reached') return errors.LS_MERCHANT_COUPON_LIMIT_REACHED(`At most ${coupon.perUserLimit} per customer`, { field: 'id' });
    return refusal!;
  });
}

/** A coupon nobody can claim now is refused before anything is locked; the increment decides under the lock. */
export function refuseUnclaimable(coupon: Coupon): void {
  const refusal = unclaimable(coupon);
  if (refusal) throw refusal;
}

/** Why nobody can claim the coupon now (not running, sold out), if so. */
function unclaimable(coupon: Coupon): Error | undefined {
  if (coupon.state !== 'running') return errors.LS_MERCHANT_COUPON_NOT_CLAIMABLE(`This coupon is ${coupon.state}`, { field: 'id' });
  if (coupon.claimedCount >= claimableBudget(coupon)) return soldOut(coupon);
  return undefined;
}

/** Sold out says why when the uploaded codes, not the budget, ran out: the merchant can upload more. */
function soldOut(coupon: Coupon) {
  const codesRanOut = coupon.codeMode === 'upload' && coupon.uploadedCount < coupon.maxCoupons && coupon.claimedCount >= coupon.uploadedCount;
  return errors.LS_MERCHANT_COUPON_SOLD_OUT(codesRanOut ? `No codes left: all ${coupon.uploadedCount} uploaded codes are taken` : undefined, { field: 'id' });
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
 * redeemed at the till. In code mode upload the uploaded code WeChat picked is marked sent.
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
  const id = reservation?.id ?? newId();
  const [row] = (reservation
    ? await ctx.db('claims').where({ id }).update(confirmed).returning('*')
    : await ctx.db('claims').insert({
      tenant_id: ctx.tenantId, id, coupon_id: coupon.id, customer_id: null, seq: null, out_request_no: `WX${id.replaceAll('-', '')}`, ...confirmed,
    }).returning('*')) as ClaimRow[];
  if (coupon.codeMode === 'upload') {
    await ctx.db('coupon_codes').where({ coupon_id: coupon.id, code: sent.couponCode }).update({ claim_id: id, sent_at: sent.sendTime });
  }
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
