import type { PluginContext, PriceDraft } from '@lingshou/plugin-sdk';
import type { Coupon } from './coupon.ts';
import { PLUGIN_ID } from './plugin-id.ts';
import { findCoupon } from './coupons.store.ts';
import { findClaimByCode, type ClaimRow } from './claims.store.ts';
import { evaluate, type CartLine, type Refusal, type Usable } from './rules.ts';

export interface UseRequest {
  storeId: string;
  channel: 'pos' | 'mall';
  customerId: string | null;
  lines: CartLine[];
  now?: Date;
}

export type Usability =
  | { ok: true; claim: ClaimRow; coupon: Coupon; value: Usable }
  | { ok: false; claim?: ClaimRow; coupon?: Coupon; refusal: Refusal };

/**
 * What each cart line costs before this plugin's discount: its base price and the others' line
 * adjustments (checkout.validate sees the draft with this plugin's own adjustments in it).
 */
export function cartLines(draft: PriceDraft): CartLine[] {
  return draft.lines.map((line, index) => ({
    skuId: line.skuId, gift: line.gift,
    amountFen: line.baseTotalFen + draft.adjustments.filter((a) => a.lineIndex === index && a.source !== PLUGIN_ID).reduce((sum, a) => sum + a.amountFen, 0),
  }));
}

/** A claim held by an order that was then cancelled is free again: cancelling has no hook to release it. */
async function heldByLiveOrder(ctx: PluginContext, claim: ClaimRow): Promise<boolean> {
  if (claim.state !== 'locked' || !claim.order_id) return false;
  const order = await ctx.kernel.orders.get(claim.order_id);
  return order.status !== 'cancelled';
}

type Held = { ok: true; claim: ClaimRow; coupon: Coupon } | { ok: false; claim?: ClaimRow; coupon?: Coupon; refusal: Refusal };

/**
 * Whether the claim behind a code may go to a new order: not used, not held by another live
 * order, and in the mall the signed-in customer's own. `lock` takes the claim's row lock, for
 * the order that will hold it.
 */
export async function claimFor(
  ctx: PluginContext, code: string, who: { channel: 'pos' | 'mall'; customerId: string | null }, options: { lock?: boolean } = {},
): Promise<Held> {
  const claim = await findClaimByCode(ctx, code, options);
  if (!claim || claim.state === 'released') return { ok: false, refusal: { reason: 'unknown', message: '没有这张商家券' } };
  const coupon = await findCoupon(ctx, claim.coupon_id);
  const refuse = (reason: string, message: string): Held => ({ ok: false, claim, coupon, refusal: { reason, message } });
  if (who.channel === 'mall' && claim.customer_id !== who.customerId) return refuse('not-yours', '这张商家券不属于当前顾客');
  if (claim.state === 'used') return refuse('used', '该券已使用');
  if (claim.state === 'deactivated') return refuse('deactivated', '该券已被商家作废');
  if (await heldByLiveOrder(ctx, claim)) return refuse('locked', '该券已被另一笔订单使用');
  return { ok: true, claim, coupon };
}

/** Whether a coupon code can be used on a cart, and for how much: the claim, then the coupon's rules. */
export async function usability(ctx: PluginContext, code: string, request: UseRequest): Promise<Usability> {
  const held = await claimFor(ctx, code, request);
  if (!held.ok) return held;
  const { claim, coupon } = held;
  const result = evaluate(coupon, { validFrom: claim.valid_from!, validUntil: claim.valid_until! }, {
    storeId: request.storeId, channel: request.channel, lines: request.lines, now: request.now ?? new Date(),
  });
  return result.ok ? { ok: true, claim, coupon, value: result.value } : { ok: false, claim, coupon, refusal: result.refusal };
}
