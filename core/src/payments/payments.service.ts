import type { Trx } from '../db/tenant-tx.ts';
import { newId } from '../db/ids.ts';
import { errors } from '../errors.ts';
import { lockOrder, type OrderRow } from '../orders/orders.service.ts';
import type { OrderDeps } from '../orders/order-deps.ts';
import type { CollectResult, TenderInput } from './payment-methods.ts';

/**
 * Pays an order with one or more tenders (组合支付, seed 6.1.1). The tenders must add up to
 * exactly what is still due. Methods that settle in our database succeed or fail here; a
 * declined tender rolls back the whole request, so no tender is taken without the others.
 */
export async function payOrder(trx: Trx, deps: OrderDeps, tenantId: string, orderId: string, tenders: TenderInput[]): Promise<void> {
  const order = await lockOrder(trx, orderId);
  if (order.status !== 'pending_payment') {
    throw errors.LS_ORDER_STATE_INVALID(`The order is ${order.status}, not awaiting payment`, { extra: { status: order.status } });
  }
  const pending = await trx('payments').where({ order_id: orderId, status: 'pending' }).sum({ amount: 'amount_fen' }).first();
  const due = Number(order.total_fen) - Number(order.paid_fen) - Number(pending?.amount ?? 0);
  const offered = tenders.reduce((sum, t) => sum + t.amountFen, 0);
  if (offered !== due) {
    throw errors.LS_PAYMENT_TOTAL_MISMATCH(`The tenders add up to ${offered} fen; ${due} fen is due`, {
      field: 'tenders', extra: { dueFen: due, offeredFen: offered },
    });
  }
  for (const [index, tender] of tenders.entries()) {
    const method = await deps.payments.resolve(trx, tenantId, tender.method, `tenders.${index}.method`);
    if (!method.channels.includes(order.channel)) {
      throw errors.LS_PAYMENT_METHOD_UNKNOWN(`${method.label.en} is not available for ${order.channel} orders`, { field: `tenders.${index}.method` });
    }
    const paymentId = newId();
    await trx('payments').insert({
      tenant_id: tenantId, id: paymentId, order_id: orderId, method: method.id, status: 'pending', amount_fen: tender.amountFen,
    });
    const result = await method.collect(
      { trx, tenantId, orderId, storeId: order.store_id, channel: order.channel, paymentId, index }, tender,
    );
    if (result.status === 'failed') {
      throw errors.LS_PAYMENT_DECLINED(result.failureReason ?? undefined, { field: `tenders.${index}`, extra: { method: method.id } });
    }
    await recordResult(trx, paymentId, result);
  }
  await settleOrder(trx, deps, tenantId, order);
}

async function recordResult(trx: Trx, paymentId: string, result: CollectResult): Promise<void> {
  await trx('payments').where({ id: paymentId }).update({
    status: result.status,
    external_id: result.externalId ?? null,
    tendered_fen: result.tenderedFen ?? null,
    change_fen: result.changeFen ?? null,
    data: JSON.stringify(result.data ?? {}),
    succeeded_at: result.status === 'succeeded' ? trx.fn.now() : null,
    updated_at: trx.fn.now(),
  });
}

/** Adds up what has succeeded; the order is paid once that covers its total. */
async function settleOrder(trx: Trx, deps: OrderDeps, tenantId: string, order: OrderRow): Promise<void> {
  const paid = await trx('payments').where({ order_id: order.id, status: 'succeeded' }).sum({ amount: 'amount_fen' }).first();
  const paidFen = Number(paid?.amount ?? 0);
  const isPaid = paidFen === Number(order.total_fen);
  await trx('orders').where({ id: order.id }).update({
    paid_fen: paidFen,
    ...(isPaid ? { status: 'paid', paid_at: trx.fn.now() } : {}),
    updated_at: trx.fn.now(),
  });
  if (isPaid) {
    const event = { orderId: order.id, storeId: order.store_id, channel: order.channel };
    await deps.hooks.call('order.paid', event, { trx, tenantId, info: event });
    await deps.events.emit(trx, tenantId, 'order.paid', event);
  }
}

/**
 * Settles a pending payment with its provider's final answer (a WeChat Pay notification or
 * query). Settling an already settled payment changes nothing, so replays are harmless.
 */
export async function settlePayment(
  trx: Trx, deps: OrderDeps, tenantId: string, paymentId: string, result: CollectResult,
): Promise<'settled' | 'already-settled'> {
  if (result.status === 'pending') throw new Error('settlePayment needs a final result, not pending');
  const payment = await trx('payments').where({ id: paymentId }).first('order_id', 'status');
  if (!payment) throw errors.LS_RESOURCE_NOT_FOUND('Payment not found');
  const order = await lockOrder(trx, payment.order_id as string);
  const current = await trx('payments').where({ id: paymentId }).forUpdate().first('status');
  if (current?.status !== 'pending') return 'already-settled';
  await recordResult(trx, paymentId, result);
  if (order.status === 'pending_payment') await settleOrder(trx, deps, tenantId, order);
  return 'settled';
}
