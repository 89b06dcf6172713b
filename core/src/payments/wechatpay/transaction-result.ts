import type { Trx } from '../../db/tenant-tx.ts';
import { newId } from '../../db/ids.ts';
import type { PartnerTransaction, PromotionDetail } from '../../wechatpay/types.ts';
import type { CollectResult } from '../payment-methods.ts';

/** Our payment id as WeChat's out_trade_no: 32 hex characters (WeChat allows 6–32 of [A-Za-z0-9_-|*]). */
export function outTradeNoOf(paymentId: string): string {
  return paymentId.replaceAll('-', '');
}

/** The payment id back from an out_trade_no we made. */
export function paymentIdOf(outTradeNo: string): string | null {
  if (!/^[0-9a-f]{32}$/.test(outTradeNo)) return null;
  return `${outTradeNo.slice(0, 8)}-${outTradeNo.slice(8, 12)}-${outTradeNo.slice(12, 16)}-${outTradeNo.slice(16, 20)}-${outTradeNo.slice(20)}`;
}

/** Trade states after which WeChat will not take the money any more. */
const FAILED_STATES = new Set(['CLOSED', 'REVOKED', 'PAYERROR']);

/** A transaction in a final state as a payment result; undefined while it may still be paid. */
export function finalResult(transaction: PartnerTransaction, previous: Record<string, unknown> = {}): CollectResult | undefined {
  const data = {
    ...previous,
    tradeState: transaction.trade_state,
    ...(transaction.transaction_id ? { transactionId: transaction.transaction_id } : {}),
    ...(transaction.amount?.payer_total !== undefined ? { payerTotalFen: transaction.amount.payer_total } : {}),
    ...(transaction.payer?.sp_openid || transaction.payer?.sub_openid ? { payer: transaction.payer } : {}),
    ...(transaction.promotion_detail?.length ? { promotions: transaction.promotion_detail.map(promotionData) } : {}),
  };
  if (transaction.trade_state === 'SUCCESS' || transaction.trade_state === 'REFUND') {
    return { status: 'succeeded', ...(transaction.transaction_id ? { externalId: transaction.transaction_id } : {}), data };
  }
  if (FAILED_STATES.has(transaction.trade_state)) {
    return { status: 'failed', data, failureReason: transaction.trade_state_desc ?? transaction.trade_state };
  }
  return undefined;
}

function promotionData(promotion: PromotionDetail) {
  return {
    promotionId: promotion.coupon_id,
    stockId: promotion.stock_id ?? null,
    name: promotion.name ?? '',
    scope: promotion.scope ?? null,
    type: promotion.type ?? null,
    amountFen: promotion.amount,
    wechatpayContributeFen: promotion.wechatpay_contribute ?? 0,
    merchantContributeFen: promotion.merchant_contribute ?? 0,
    otherContributeFen: promotion.other_contribute ?? 0,
  };
}

/**
 * Vouchers WeChat applied inside a payment (promotion_detail) become order adjustments with
 * source `wechatpay`, kind `payment-promotion`. They do not change the order's total: the
 * customer paid less and the voucher paid the rest, inside one payment of the full amount.
 */
export async function recordPromotions(
  trx: Trx, tenantId: string, orderId: string, paymentId: string, transaction: PartnerTransaction,
): Promise<void> {
  const promotions = transaction.promotion_detail ?? [];
  if (promotions.length === 0) return;
  await trx('order_adjustments').insert(promotions.map((promotion) => ({
    tenant_id: tenantId, id: newId(), order_id: orderId, line_id: null, source: 'wechatpay', kind: 'payment-promotion',
    amount_fen: -promotion.amount,
    reason: promotion.name ? `微信优惠 ${promotion.name}` : '微信优惠',
    data: JSON.stringify({ paymentId, ...promotionData(promotion) }),
  })));
}
