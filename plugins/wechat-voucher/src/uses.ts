import { newId, type PluginContext } from '@lingshou/plugin-sdk';

type Order = Awaited<ReturnType<PluginContext['kernel']['orders']['get']>>;

/** What the kernel's WeChat Pay payment writes on an order for each voucher WeChat applied. */
interface PromotionData {
  promotionId: string;
  stockId: string;
  amountFen: number;
}

const isPromotion = (data: unknown): data is PromotionData => {
  const d = data as Partial<PromotionData> | null | undefined;
  return typeof d?.promotionId === 'string' && typeof d.stockId === 'string' && Number.isInteger(d.amountFen);
};

/** Our stocks by WeChat's stock id, among those given. */
async function ourStocks(ctx: PluginContext, wechatStockIds: string[]): Promise<Map<string, string>> {
  if (wechatStockIds.length === 0) return new Map();
  const rows = (await ctx.db('stocks').whereIn('wechat_stock_id', wechatStockIds).select('id', 'wechat_stock_id')) as { id: string; wechat_stock_id: string }[];
  return new Map(rows.map((row) => [row.wechat_stock_id, row.id]));
}

/**
 * The voucher's share of the order's refunds. WeChat keeps the coupon used and gives back the
 * discount in proportion to each refund (research notes: refund promotion_detail[].refund_amount),
 * the refund that completes the order giving back the rest. Recomputed from the order's totals,
 * so running it again changes nothing.
 */
function refundedShare(order: Order, amountFen: number): number {
  if (order.refundedFen <= 0 || order.paidFen <= 0) return 0;
  if (order.refundedFen >= order.paidFen) return amountFen;
  return Math.floor((amountFen * order.refundedFen) / order.paidFen);
}

/**
 * order.paid: records the uses of our vouchers WeChat applied inside the payment
 * (`source: 'wechatpay'` adjustments). One use per coupon, however it was learned first.
 */
export async function recordFromOrder(ctx: PluginContext, payload: Record<string, unknown>): Promise<void> {
  const order = await ctx.kernel.orders.get(payload.orderId as string);
  const promotions = order.adjustments.filter((a) => a.source === 'wechatpay').map((a) => a.data).filter(isPromotion);
  const stocks = await ourStocks(ctx, promotions.map((p) => p.stockId));
  for (const promotion of promotions) {
    const stockId = stocks.get(promotion.stockId);
    if (!stockId) continue;
    await ctx.db('coupon_uses').insert({
      tenant_id: ctx.tenantId, id: newId(), stock_id: stockId, coupon_id: promotion.promotionId, amount_fen: promotion.amountFen,
      order_id: order.id, used_at: order.paidAt ?? new Date(), from_order: true, refunded_fen: refundedShare(order, promotion.amountFen),
    }).onConflict(['tenant_id', 'coupon_id']).merge({
      order_id: order.id, amount_fen: promotion.amountFen, from_order: true, refunded_fen: refundedShare(order, promotion.amountFen), updated_at: new Date(),
    });
  }
}

interface CouponUseResource {
  stock_id?: string;
  coupon_id?: string;
  normal_coupon_information?: { coupon_amount?: number };
  consume_information?: { consume_time?: string; transaction_id?: string };
}

/**
 * wechatpay.notification COUPON.USE (research notes §B): a voucher of ours was redeemed. The
 * kernel delivers each notification once; a replayed one, or one for a coupon the paid order
 * already recorded, leaves one use.
 */
export async function recordFromNotification(ctx: PluginContext, payload: Record<string, unknown>): Promise<void> {
  if (payload.eventType !== 'COUPON.USE') return;
  const resource = payload.resource as CouponUseResource;
  if (!resource?.stock_id || !resource.coupon_id) return;
  const stockId = (await ourStocks(ctx, [resource.stock_id])).get(resource.stock_id);
  if (!stockId) return;
  const consume = resource.consume_information ?? {};
  await ctx.db('coupon_uses').insert({
    tenant_id: ctx.tenantId, id: newId(), stock_id: stockId, coupon_id: resource.coupon_id,
    amount_fen: resource.normal_coupon_information?.coupon_amount ?? 0, transaction_id: consume.transaction_id ?? null,
    used_at: consume.consume_time ? new Date(consume.consume_time) : new Date(), notification_id: String(payload.notificationId),
  }).onConflict(['tenant_id', 'coupon_id']).merge({
    notification_id: String(payload.notificationId), transaction_id: consume.transaction_id ?? null, updated_at: new Date(),
  });
}

/** order.refunded: keeps each of the order's voucher uses' refunded share current. */
export async function recordRefund(ctx: PluginContext, payload: Record<string, unknown>): Promise<void> {
  const uses = (await ctx.db('coupon_uses').where({ order_id: payload.orderId }).select('id', 'amount_fen')) as { id: string; amount_fen: string | number }[];
  if (uses.length === 0) return;
  const order = await ctx.kernel.orders.get(payload.orderId as string);
  for (const use of uses) {
    await ctx.db('coupon_uses').where({ id: use.id }).update({ refunded_fen: refundedShare(order, Number(use.amount_fen)), updated_at: new Date() });
  }
}
