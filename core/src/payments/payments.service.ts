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
  const order = await lockOrderForPayment(trx, orderId);
  if (order.status !== 'pending_payment') {
    throw errors.LS_ORDER_STATE_INVALID(`The order is ${order.status}, not awaiting payment`, { extra: { status: order.status } });
  }
  const due = Number(order.total_fen) - Number(order.paid_fen) - Number(order.pending_fen);
  const offered = tenders.reduce((sum, t) => sum + t.amountFen, 0);
  if (offered !== due) {
    throw errors.LS_PAYMENT_TOTAL_MISMATCH(`The tenders add up to ${offered} fen; ${due} fen is due`, {
      field: 'tenders', extra: { dueFen: due, offeredFen: offered },
    });
  }
  const payments = [];
  for (const [index, tender] of tenders.entries()) {
    const method = await deps.payments.resolve(trx, tenantId, tender.method, `tenders.${index}.method`);
    if (!method.channels.includes(order.channel)) {
      throw errors.LS_PAYMENT_METHOD_UNKNOWN(`${method.label.en} is not available for ${order.channel} orders`, { field: `tenders.${index}.method` });
    }
    payments.push({ id: newId(), index, tender, method });
  }
  // Every tender's row exists (pending) before any method collects, so a method may refer to it.
  if (payments.length > 0) await trx('payments').insert(payments.map(({ id, tender, method }) => ({
    tenant_id: tenantId, id, order_id: orderId, method: method.id, status: 'pending', amount_fen: tender.amountFen,
  })));
  const results: { paymentId: string; result: CollectResult }[] = [];
  for (const { id: paymentId, index, tender, method } of payments) {
    const result = await method.collect(
      { trx, tenantId, orderId, storeId: order.store_id, channel: order.channel, paymentId, index }, tender,
    );
    if (result.status === 'failed') {
      throw errors.LS_PAYMENT_DECLINED(result.failureReason ?? undefined, { field: `tenders.${index}`, extra: { method: method.id } });
    }
    results.push({ paymentId, result });
  }
  await recordResults(trx, results);
  await settleOrder(trx, deps, tenantId, order);
}

/** The order row, locked, with what its pending payments add up to. */
async function lockOrderForPayment(trx: Trx, orderId: string): Promise<OrderRow & { pending_fen: string }> {
  const order = await trx('orders as o')
    .where('o.id', orderId)
    .forUpdate('o')
    .first<(OrderRow & { pending_fen: string }) | undefined>('o.*', trx.raw(
      `(select coalesce(sum(p.amount_fen), 0) from payments p where p.order_id = o.id and p.status = 'pending') as pending_fen`,
    ));
  if (!order) throw errors.LS_RESOURCE_NOT_FOUND('Order not found');
  return order;
}

/** Writes the methods' answers onto their payment rows, all in one statement. */
async function recordResults(trx: Trx, results: { paymentId: string; result: CollectResult }[]): Promise<void> {
  if (results.length === 0) return;
  await trx.raw(
    `update payments p set status = r.status, external_id = r.external_id, tendered_fen = r.tendered_fen, change_fen = r.change_fen,
            data = r.data, succeeded_at = case when r.status = 'succeeded' then now() end, updated_at = now()
       from jsonb_to_recordset(?::jsonb) as r(id uuid, status text, external_id text, tendered_fen bigint, change_fen bigint, data jsonb)
      where p.id = r.id and p.id = any(?::uuid[])`,
    // The id list lets the planner use the primary key (it cannot tell how few rows the recordset has).
    [JSON.stringify(results.map(({ paymentId, result }) => ({
      id: paymentId, status: result.status, external_id: result.externalId ?? null,
      tendered_fen: result.tenderedFen ?? null, change_fen: result.changeFen ?? null, data: result.data ?? {},
    }))), results.map(({ paymentId }) => paymentId)],
  );
}

/** Adds up what has succeeded; the order is paid once that covers its total. One statement. */
async function settleOrder(trx: Trx, deps: OrderDeps, tenantId: string, order: OrderRow): Promise<void> {
  const result = await trx.raw(
    `update orders o set paid_fen = s.paid, updated_at = now(),
            status = case when s.paid = o.total_fen then 'paid' else o.status end,
            paid_at = case when s.paid = o.total_fen then now() else o.paid_at end
       from (select coalesce(sum(amount_fen), 0) as paid from payments where order_id = :orderId and status = 'succeeded') s
      where o.id = :orderId
      returning o.status`,
    { orderId: order.id },
  );
  if ((result.rows as { status: string }[])[0]?.status === 'paid') {
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
  await recordResults(trx, [{ paymentId, result }]);
  if (order.status === 'pending_payment') await settleOrder(trx, deps, tenantId, order);
  return 'settled';
}
