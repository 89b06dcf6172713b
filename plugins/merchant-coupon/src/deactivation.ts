import { deactivateBusifavorCoupon, type PluginContext } from '@lingshou/plugin-sdk';
import type { ClaimRow } from './claims.store.ts';
import { findCoupon } from './coupons.store.ts';
import { errors } from './errors.ts';

/**
 * 作废: voids a coupon a customer holds, at WeChat (busifavor coupons/deactivate) and here, so it
 * can no longer be used in the mall, at the till, or in WeChat's card bag. Only a coupon that is
 * available can be voided: one in an order, used or still unconfirmed says so. The request
 * number comes from the claim, so a retry after a failure sends the same request and WeChat
 * answers the first one's result; voiding twice is answered with the claim as it is.
 */
export async function deactivateClaim(ctx: PluginContext, couponId: string, claimId: string, reason: string): Promise<ClaimRow> {
  const coupon = await findCoupon(ctx, couponId);
  const claim = await ctx.db('claims').where({ id: claimId, coupon_id: couponId }).whereNot({ state: 'released' }).forUpdate().first() as ClaimRow | undefined;
  if (!claim) throw errors.LS_MERCHANT_COUPON_NOT_FOUND('No such claim of this coupon', { field: 'claimId' });
  if (claim.state === 'deactivated') return claim;
  if (claim.state !== 'available') {
    const why = { pending: 'WeChat has not sent it yet', locked: 'it is held by an order', used: 'it is used' }[claim.state as 'pending' | 'locked' | 'used'];
    throw errors.LS_MERCHANT_COUPON_STATE_INVALID(`Only an available coupon can be voided: ${why}`, { field: 'claimId' });
  }
  const deactivateRequestNo = `D${claim.id.replaceAll('-', '')}`;
  const answer = await deactivateBusifavorCoupon(await ctx.kernel.wechatpay.client(), {
    coupon_code: claim.coupon_code!, stock_id: coupon.stockId!, deactivate_request_no: deactivateRequestNo, deactivate_reason: reason,
  });
  const [row] = await ctx.db('claims').where({ id: claim.id }).update({
    state: 'deactivated', deactivate_request_no: deactivateRequestNo, deactivate_reason: reason,
    deactivated_at: new Date(answer.wechatpay_deactivate_time), updated_at: new Date(),
  }).returning('*') as ClaimRow[];
  return row!;
}
