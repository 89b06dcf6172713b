import type { PluginContext } from '@lingshou/plugin-sdk';
import type { ClaimRow } from './claims.store.ts';
import { fromRow, ruleText, valueText, type Coupon, type CouponRow } from './coupon.ts';
import type { CartLine } from './rules.ts';
import { usability } from './usability.ts';

const chinaDate = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

export function validText(coupon: Coupon, claim?: Pick<ClaimRow, 'valid_until'>): string {
  if (claim?.valid_until) return `${chinaDate(new Date(claim.valid_until))}前有效`;
  return coupon.daysAfterClaim === null ? `${chinaDate(coupon.availableUntil)}前有效` : `领取后${coupon.daysAfterClaim}天内有效`;
}

/** The customer's coupons with their coupon, newest first; voided ones only when asked (the wallet shows them). */
export async function heldClaims(ctx: PluginContext, customerId: string, options: { voided?: boolean } = {}) {
  const states = ['available', 'locked', 'used', ...(options.voided ? ['deactivated'] : [])];
  const claims = await ctx.db('claims').where({ customer_id: customerId }).whereIn('state', states)
    .orderBy('claimed_at', 'desc').select('*') as ClaimRow[];
  const coupons = new Map(((await ctx.db('coupons').whereIn('id', [...new Set(claims.map((c) => c.coupon_id))]).select('*')) as CouponRow[])
    .map((row) => [row.id, fromRow(row)]));
  return claims.map((claim) => ({ claim, coupon: coupons.get(claim.coupon_id)! }));
}

/**
 * 我的优惠券 (the mall's coupon-wallet block): a coupon in an unpaid order counts as used until
 * that order is cancelled; one the merchant voided is no longer valid, as an expired one, and
 * says so.
 */
export async function wallet(ctx: PluginContext, customerId: string, now = new Date()) {
  return (await heldClaims(ctx, customerId, { voided: true })).map(({ claim, coupon }) => ({
    id: claim.id, title: coupon.name, valueText: valueText(coupon), code: claim.coupon_code!,
    validText: claim.state === 'deactivated' ? '已被商家作废' : validText(coupon, claim),
    state: claim.state === 'deactivated' ? 'expired' : claim.state !== 'available' ? 'used' : new Date(claim.valid_until!) <= now ? 'expired' : 'available',
  }));
}

/** What each cart line costs at list price (the picker runs before checkout prices the cart). */
export async function listPriceLines(ctx: PluginContext, lines: { skuId: string; quantity: number }[]): Promise<CartLine[]> {
  const skus = await ctx.kernel.catalog.skus(lines.map((line) => line.skuId));
  return lines.map((line) => {
    const sku = skus.get(line.skuId);
    const amountFen = !sku ? 0 : sku.weighed ? Math.round((sku.priceFen * line.quantity) / 1000) : sku.priceFen * line.quantity;
    return { skuId: line.skuId, amountFen, gift: false };
  });
}

/**
 * The coupon-picker block: every coupon the customer holds that is not used, applicable or not,
 * the best first; the others carry the reason (below the threshold, wrong store, …).
 */
export async function pick(ctx: PluginContext, customerId: string, cart: { storeId: string; channel: 'pos' | 'mall'; lines: { skuId: string; quantity: number }[] }) {
  const lines = await listPriceLines(ctx, cart.lines);
  const items = [];
  for (const { claim, coupon } of await heldClaims(ctx, customerId)) {
    if (claim.state === 'used') continue;
    const result = await usability(ctx, claim.coupon_code!, { storeId: cart.storeId, channel: cart.channel, customerId, lines });
    if (!result.ok && result.refusal.reason === 'used') continue;
    items.push({
      code: claim.coupon_code!, title: coupon.name, valueText: valueText(coupon), ruleText: ruleText(coupon), validText: validText(coupon, claim),
      applicable: result.ok, discountFen: result.ok ? result.value.discountFen : 0, ...(result.ok ? {} : { reason: result.refusal.message }),
    });
  }
  return items.sort((a, b) => Number(b.applicable) - Number(a.applicable) || b.discountFen - a.discountFen);
}
