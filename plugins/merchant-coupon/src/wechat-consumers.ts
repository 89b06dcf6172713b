import { returnBusifavorCoupon, useBusifavorCoupon, type PluginContext } from '@lingshou/plugin-sdk';
import type { ClaimRow } from './claims.store.ts';
import { recordSent } from './claims.store.ts';
import { findCouponByStock } from './coupons.store.ts';
import { mallAppid } from './wechat-stock.ts';

export interface MerchantCouponConfig {
  /** When a refund gives the coupon back (seed: 退款退券 per the merchant's setting). */
  returnOnRefund?: 'full' | 'any' | 'never';
}

const hex = (id: string) => id.replaceAll('-', '');

/**
 * COUPON.SEND (research notes §A): WeChat sent a coupon of one of the shop's stocks. Duplicates
 * happen; the claim is recorded once (by coupon code), whatever the replays.
 */
export async function onNotification(ctx: PluginContext, payload: Record<string, unknown>): Promise<void> {
  if (payload.eventType !== 'COUPON.SEND') return;
  const resource = payload.resource as { stock_id?: string; coupon_code?: string; openid?: string; send_time?: string };
  if (!resource?.stock_id || !resource.coupon_code) return;
  const coupon = await findCouponByStock(ctx, resource.stock_id);
  if (!coupon) return;
  await recordSent(ctx, coupon, {
    notificationId: String(payload.notificationId), stockId: resource.stock_id, couponCode: resource.coupon_code,
    openid: resource.openid ?? '', sendTime: resource.send_time ? new Date(resource.send_time) : new Date(),
  });
}

/**
 * After an order is paid: redeems its coupon at WeChat (核销). `use_request_no` is derived from
 * the claim and the order, so the outbox's retries send the same request and WeChat answers
 * the first one's result.
 */
export async function redeemAtWechat(ctx: PluginContext, payload: Record<string, unknown>): Promise<void> {
  const orderId = String(payload.orderId);
  const claims = await ctx.db('claims').where({ order_id: orderId, state: 'used' }).whereNull('wechat_used_at').forUpdate().select('*') as ClaimRow[];
  if (claims.length === 0) return;
  const binding = await ctx.kernel.wechatpay.binding();
  const client = await ctx.kernel.wechatpay.client();
  for (const claim of claims) {
    const coupon = (await ctx.db('coupons').where({ id: claim.coupon_id }).first('stock_id', 'code_mode')) as { stock_id: string; code_mode: string };
    const useRequestNo = `U${hex(claim.id)}${hex(orderId).slice(0, 16)}`;
    await ctx.db('claims').where({ id: claim.id }).update({ use_request_no: useRequestNo });
    const used = await useBusifavorCoupon(client, {
      coupon_code: claim.coupon_code!, appid: mallAppid(binding), use_time: new Date(claim.used_at!).toISOString(), use_request_no: useRequestNo,
      // WeChat needs the stock for codes the merchant assigned; naming it always costs nothing.
      stock_id: coupon.stock_id,
    });
    await ctx.db('claims').where({ id: claim.id }).update({ wechat_used_at: new Date(used.wechatpay_use_time), updated_at: new Date() });
  }
}

/**
 * After a refund: gives the order's coupon back to the customer, at WeChat too when it was
 * redeemed there, as the merchant's setting says (default: when the order is fully refunded).
 */
export async function returnOnRefund(ctx: PluginContext, payload: Record<string, unknown>): Promise<void> {
  const rule = (ctx.config as MerchantCouponConfig).returnOnRefund ?? 'full';
  if (rule === 'never') return;
  const orderId = String(payload.orderId);
  const order = await ctx.kernel.orders.get(orderId);
  if (rule === 'full' && order.refundedFen < order.paidFen) return;
  const claims = await ctx.db('claims').where({ order_id: orderId, state: 'used' }).forUpdate().select('*') as ClaimRow[];
  for (const claim of claims) {
    const coupon = (await ctx.db('coupons').where({ id: claim.coupon_id }).first('stock_id')) as { stock_id: string };
    if (claim.wechat_used_at) {
      const returnRequestNo = `R${hex(claim.id)}${hex(orderId).slice(0, 16)}`;
      await ctx.db('claims').where({ id: claim.id }).update({ return_request_no: returnRequestNo });
      await returnBusifavorCoupon(await ctx.kernel.wechatpay.client(), { coupon_code: claim.coupon_code!, stock_id: coupon.stock_id, return_request_no: returnRequestNo });
    }
    await ctx.db('claims').where({ id: claim.id }).update({
      state: 'available', order_id: null, used_at: null, wechat_used_at: null, use_request_no: null, returned_at: new Date(), updated_at: new Date(),
    });
    await ctx.db('coupons').where({ id: claim.coupon_id }).decrement('used_count', 1);
  }
}
