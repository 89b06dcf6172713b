import type { Trx } from '../../db/tenant-tx.ts';
import type { OrderDeps } from '../../orders/order-deps.ts';
import { lockOrder } from '../../orders/orders.service.ts';
import type { PartnerTransaction } from '../../wechatpay/types.ts';
import type { Refund } from '../../wechatpay/types.ts';
import type { RefundNotificationResource } from '../../wechatpay/notifications.ts';
import { settlePayment } from '../payments.service.ts';
import { finalResult, paymentIdOf, recordPromotions } from './transaction-result.ts';
import { scheduleCheck } from './wechatpay-method.ts';
import type { JobQueue } from '../../kernel/jobs/job-queue.ts';

/** What applying WeChat's word on a payment or refund did, recorded in the inbox and logs. */
export type SettleOutcome =
  | 'settled' | 'already-settled' | 'still-pending' | 'unknown-payment' | 'amount-mismatch' | 'paid-after-cancel';

interface PaymentRow {
  id: string;
  order_id: string;
  method: string;
  status: string;
  amount_fen: string;
  data: Record<string, unknown>;
}

/**
 * Applies a transaction WeChat reports (notification, query, code pay answer) to our payment:
 * the amount must be the payment's, a final state settles it once, and vouchers WeChat applied
 * become order adjustments in the same transaction. Replays change nothing.
 */
export async function settleTransaction(
  trx: Trx, deps: { orders: OrderDeps; jobs: JobQueue }, tenantId: string, transaction: PartnerTransaction,
): Promise<SettleOutcome> {
  const paymentId = paymentIdOf(transaction.out_trade_no);
  if (!paymentId) return 'unknown-payment';
  const found = await trx<PaymentRow>('payments').where({ id: paymentId, method: 'wechatpay' }).first('order_id');
  if (!found) return 'unknown-payment';
  // Order first, then payment: the lock order every payment path takes.
  await lockOrder(trx, found.order_id);
  const payment = await trx<PaymentRow>('payments').where({ id: paymentId }).forUpdate().first();
  if (!payment) return 'unknown-payment';
  const result = finalResult(transaction, payment.data);
  if (!result) return 'still-pending';
  if (transaction.amount?.total !== undefined && transaction.amount.total !== Number(payment.amount_fen)) return 'amount-mismatch';
  if (payment.status !== 'pending') {
    // Paid at WeChat after we gave up on it (the order was cancelled while the customer paid):
    // the money goes back to the customer in full.
    if (payment.status !== 'succeeded' && result.status === 'succeeded') {
      await scheduleCheck(deps, { trx, tenantId }, 'return', payment.id, 0);
      return 'paid-after-cancel';
    }
    return 'already-settled';
  }
  if (result.status === 'succeeded') await recordPromotions(trx, tenantId, payment.order_id, payment.id, transaction);
  return settlePayment(trx, deps.orders, tenantId, payment.id, result);
}

/**
 * Applies a refund's final state (notification or query) to the refund payment that carries its
 * out_refund_no, and completes the refund when every part of it has succeeded.
 */
export async function settleRefund(
  trx: Trx, refund: Pick<Refund, 'out_refund_no' | 'status'> & Partial<Refund> | RefundNotificationResource,
): Promise<'settled' | 'already-settled' | 'still-pending' | 'unknown-refund'> {
  const status = 'refund_status' in refund ? refund.refund_status : (refund as Refund).status;
  const row = await trx('refund_payments').where({ external_refund_no: refund.out_refund_no }).forUpdate().first('id', 'refund_id', 'status', 'data');
  if (!row) return settleReturn(trx, refund.out_refund_no, status);
  if (status !== 'SUCCESS' && status !== 'CLOSED' && status !== 'ABNORMAL') return 'still-pending';
  if (row.status !== 'pending') return 'already-settled';
  const succeeded = status === 'SUCCESS';
  const promotions = 'promotion_detail' in refund && Array.isArray(refund.promotion_detail) ? { promotions: refund.promotion_detail } : {};
  await trx('refund_payments').where({ id: row.id }).update({
    status: succeeded ? 'succeeded' : 'failed',
    external_id: refund.refund_id ?? null,
    data: JSON.stringify({ ...(row.data as object), refundStatus: status, ...promotions }),
    updated_at: trx.fn.now(),
  });
  const parts = await trx('refund_payments').where({ refund_id: row.refund_id }).pluck('status') as string[];
  if (parts.includes('failed')) {
    // ABNORMAL (the card was closed, say) or CLOSED needs a person: the refund shows as failed.
    await trx('refunds').where({ id: row.refund_id }).update({ status: 'failed', updated_at: trx.fn.now() });
  } else if (parts.every((part) => part === 'succeeded')) {
    await trx('refunds').where({ id: row.refund_id }).update({ status: 'succeeded', updated_at: trx.fn.now() });
  }
  return 'settled';
}

/** The refund of money taken after cancel (returnPayment, out_refund_no `C` + out_trade_no). */
async function settleReturn(trx: Trx, outRefundNo: string, status: string): Promise<'settled' | 'unknown-refund'> {
  const paymentId = outRefundNo.startsWith('C') ? paymentIdOf(outRefundNo.slice(1)) : null;
  if (!paymentId) return 'unknown-refund';
  const payment = await trx('payments').where({ id: paymentId }).forUpdate().first('data');
  if (!payment) return 'unknown-refund';
  const data = payment.data as { returned?: Record<string, unknown> };
  await trx('payments').where({ id: paymentId }).update({
    data: JSON.stringify({ ...data, returned: { ...data.returned, outRefundNo, status } }), updated_at: trx.fn.now(),
  });
  return 'settled';
}
