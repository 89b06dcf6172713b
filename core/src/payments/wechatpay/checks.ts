import type { Knex } from 'knex';
import { inTenant, type Trx } from '../../db/tenant-tx.ts';
import { LingshouError } from '../../errors.ts';
import type { OrderDeps } from '../../orders/order-deps.ts';
import type { WechatpayBindings } from '../../wechatpay/merchant-binding.ts';
import {
  closePartnerTransaction, queryPartnerTransactionByOutTradeNo, reversePartnerTransaction,
} from '../../wechatpay/payments.ts';
import { createRefund, queryRefund } from '../../wechatpay/refunds.ts';
import type { PartnerTransaction } from '../../wechatpay/types.ts';
import type { JobQueue } from '../../kernel/jobs/job-queue.ts';
import { settlePayment } from '../payments.service.ts';
import { settleRefund, settleTransaction } from './settlement.ts';
import { outTradeNoOf } from './transaction-result.ts';
import { CODEPAY_CHECK_SECONDS, CODEPAY_MAX_CHECKS, scheduleCheck, type CheckJob } from './wechatpay-method.ts';

export interface CheckDeps {
  knex: Knex;
  bindings: WechatpayBindings;
  jobs: JobQueue;
  orders: OrderDeps;
}

/** WeChat's answer for an out_trade_no or out_refund_no it never received. */
const NOT_FOUND = new Set(['ORDER_NOT_EXIST', 'ORDERNOTEXIST', 'RESOURCE_NOT_EXISTS', 'NOT_FOUND']);

function notFound(error: unknown): boolean {
  return error instanceof LingshouError && NOT_FOUND.has(String(error.extra?.wechatCode ?? ''));
}

/** Runs one check job: asks WeChat again, settles a final answer, or schedules the next check. */
export async function runCheck(deps: CheckDeps, job: CheckJob): Promise<string> {
  return inTenant(deps.knex, job.tenantId, (trx) =>
    job.kind === 'payment' ? checkPayment(deps, trx, job.tenantId, job.id, job.attempt)
      : job.kind === 'refund' ? checkRefund(deps, trx, job.tenantId, job.id, job.attempt)
        : returnPayment(deps, trx, job.tenantId, job.id));
}

/**
 * One look at a pending WeChat payment. A final state settles it. A till code payment that is
 * still open after its checks is reversed (撤销: WeChat closes it, or refunds it if it was paid);
 * a mall order past its expiry is closed. Otherwise, with `attempt` set, the next check is queued.
 */
export async function checkPayment(deps: CheckDeps, trx: Trx, tenantId: string, paymentId: string, attempt: number | null): Promise<string> {
  const payment = await trx('payments').where({ id: paymentId, method: 'wechatpay' }).first('id', 'status', 'data', 'created_at');
  if (!payment || payment.status !== 'pending') return 'not-pending';
  const data = payment.data as { flow?: string; expiresAt?: string };
  const { binding, client } = await deps.bindings.forTenant(tenantId, trx);
  const ids = { sub_mchid: binding.subMchid, out_trade_no: outTradeNoOf(paymentId) };
  let transaction: PartnerTransaction | undefined;
  try {
    transaction = await queryPartnerTransactionByOutTradeNo(client, ids);
  } catch (error) {
    if (!notFound(error)) throw error;
  }
  if (transaction) {
    const outcome = await settleTransaction(trx, deps, tenantId, transaction);
    if (outcome !== 'still-pending') return outcome;
  }
  const codepay = data.flow === 'codepay';
  const ageSeconds = (Date.now() - new Date(payment.created_at as string).getTime()) / 1000;
  // A code payment is given up after its last check (or when the reconciliation finds it, which is
  // later than any check); a mall payment once it has expired.
  const giveUp = codepay
    ? attempt === null || attempt + 1 >= CODEPAY_MAX_CHECKS || ageSeconds > CODEPAY_CHECK_SECONDS * CODEPAY_MAX_CHECKS * 2
    : data.expiresAt !== undefined && Date.now() > new Date(data.expiresAt).getTime();
  if (!giveUp) {
    if (attempt !== null) await scheduleCheck(deps, { trx, tenantId }, 'payment', paymentId, attempt + 1);
    return 'still-pending';
  }
  if (codepay) {
    // A reverse of an unknown order fails with ORDER_NOT_EXIST: nothing was taken, nothing to undo.
    try {
      await reversePartnerTransaction(client, ids);
    } catch (error) {
      if (!notFound(error)) throw error;
    }
  } else if (transaction) {
    await closePartnerTransaction(client, ids);
  }
  await settlePayment(trx, deps.orders, tenantId, paymentId, {
    status: 'failed', failureReason: codepay ? '顾客未在时限内完成支付，已撤销' : '支付已超时关闭',
    data: { ...data, tradeState: codepay ? 'REVOKED' : 'CLOSED' },
  });
  return codepay ? 'reversed' : 'closed';
}

/**
 * One look at a pending WeChat refund by its out_refund_no. Unknown to WeChat (our call never
 * reached it): sent again with the same number. Final: settled. Otherwise checked again later.
 */
export async function checkRefund(deps: CheckDeps, trx: Trx, tenantId: string, outRefundNo: string, attempt: number | null): Promise<string> {
  const row = await trx('refund_payments as rp').join('payments as p', 'p.id', 'rp.payment_id')
    .where({ 'rp.external_refund_no': outRefundNo, 'p.method': 'wechatpay' })
    .first('rp.status', 'rp.amount_fen', 'p.id as payment_id', 'p.amount_fen as payment_amount_fen', 'p.external_id');
  if (!row || row.status !== 'pending') return 'not-pending';
  const { binding, client } = await deps.bindings.forTenant(tenantId, trx);
  let refund;
  try {
    refund = await queryRefund(client, { sub_mchid: binding.subMchid, out_refund_no: outRefundNo });
  } catch (error) {
    if (!notFound(error)) throw error;
    refund = await createRefund(client, {
      sub_mchid: binding.subMchid,
      ...(row.external_id ? { transaction_id: row.external_id as string } : { out_trade_no: outTradeNoOf(row.payment_id as string) }),
      out_refund_no: outRefundNo, notify_url: binding.notifyUrl,
      amount: { refund: Number(row.amount_fen), total: Number(row.payment_amount_fen), currency: 'CNY' },
    });
  }
  const outcome = await settleRefund(trx, refund);
  if (outcome === 'still-pending' && attempt !== null && attempt + 1 < CODEPAY_MAX_CHECKS) {
    await scheduleCheck(deps, { trx, tenantId }, 'refund', outRefundNo, attempt + 1);
  }
  return outcome;
}

/**
 * Gives back, in full, money WeChat took for a payment we had already given up on (its order was
 * cancelled, or another tender paid it). The refund number is derived from the payment, so a
 * repeated job asks WeChat for the same refund.
 */
export async function returnPayment(deps: CheckDeps, trx: Trx, tenantId: string, paymentId: string): Promise<string> {
  const payment = await trx('payments').where({ id: paymentId, method: 'wechatpay' }).forUpdate().first('status', 'amount_fen', 'data');
  if (!payment || payment.status === 'succeeded') return 'not-returnable';
  const data = payment.data as Record<string, unknown>;
  if ((data.returned as { status?: string } | undefined)?.status === 'SUCCESS') return 'already-returned';
  const { binding, client } = await deps.bindings.forTenant(tenantId, trx);
  const outTradeNo = outTradeNoOf(paymentId);
  const refund = await createRefund(client, {
    sub_mchid: binding.subMchid, out_trade_no: outTradeNo, out_refund_no: `C${outTradeNo}`, reason: '订单已取消，自动退款',
    notify_url: binding.notifyUrl, amount: { refund: Number(payment.amount_fen), total: Number(payment.amount_fen), currency: 'CNY' },
  });
  await trx('payments').where({ id: paymentId }).update({
    data: JSON.stringify({ ...data, returned: { outRefundNo: refund.out_refund_no, refundId: refund.refund_id, status: refund.status } }),
    updated_at: trx.fn.now(),
  });
  return 'returned';
}

/** Payments and refunds still pending after `olderThanSeconds`, across tenants (owner connection). */
export async function findStale(knex: Knex, olderThanSeconds: number, limit = 200) {
  const since = new Date(Date.now() - olderThanSeconds * 1000);
  const payments = await knex('payments').where({ method: 'wechatpay', status: 'pending' }).where('created_at', '<', since)
    .orderBy('created_at').limit(limit).select('tenant_id', 'id') as { tenant_id: string; id: string }[];
  const refunds = await knex('refund_payments as rp').join('payments as p', function joinPayment() {
    this.on('p.tenant_id', 'rp.tenant_id').andOn('p.id', 'rp.payment_id');
  }).where({ 'rp.status': 'pending', 'p.method': 'wechatpay' }).where('rp.created_at', '<', since)
    .orderBy('rp.created_at').limit(limit).select('rp.tenant_id', 'rp.external_refund_no') as { tenant_id: string; external_refund_no: string }[];
  return { payments, refunds };
}

/**
 * The reconciliation job: everything WeChat has not told us about after `olderThanSeconds` is
 * asked for once. One failing merchant does not stop the others; the next run tries again.
 */
export async function reconcile(deps: CheckDeps, olderThanSeconds: number, log: (error: unknown, what: string) => void): Promise<{ checked: number; failed: number }> {
  const stale = await findStale(deps.knex, olderThanSeconds);
  let checked = 0;
  let failed = 0;
  const run = async (what: string, fn: () => Promise<unknown>) => {
    try {
      await fn();
      checked++;
    } catch (error) {
      failed++;
      log(error, what);
    }
  };
  for (const p of stale.payments) {
    await run(`payment ${p.id}`, () => inTenant(deps.knex, p.tenant_id, (trx) => checkPayment(deps, trx, p.tenant_id, p.id, null)));
  }
  for (const r of stale.refunds) {
    await run(`refund ${r.external_refund_no}`, () => inTenant(deps.knex, r.tenant_id, (trx) => checkRefund(deps, trx, r.tenant_id, r.external_refund_no, null)));
  }
  return { checked, failed };
}
