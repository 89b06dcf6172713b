import type { Trx } from '../db/tenant-tx.ts';
import { newId } from '../db/ids.ts';
import { errors } from '../errors.ts';
import { resolveSettings } from '../stores/store-settings.ts';
import { defaultWarehouseOf } from '../stock/warehouses.service.ts';
import { moveStockMany } from '../stock/stock.service.ts';
import { lockOrder, type OrderRow } from './orders.service.ts';
import type { OrderDeps } from './order-deps.ts';

export interface RefundInput {
  /** Lines and quantities to return; omitted means everything not yet refunded. */
  lines?: { lineId: string; quantity: number }[];
  reason?: string;
  /** Put the goods back into stock (the default); false for goods that cannot be resold. */
  restock?: boolean;
  staffId?: string | null;
  /** The manager who approved it at the till, or who approved the customer's refund request. */
  approvedBy?: string | null;
  /**
   * When the customer asked for it (a mall refund request): the return window is judged then,
   * so a merchant's slow review does not close it. Omitted: now.
   */
  requestedAt?: Date;
}

const REFUNDABLE = ['paid', 'fulfilled', 'completed', 'partially_refunded'];

interface LineRow {
  id: string;
  sku_id: string;
  quantity: string;
  total_fen: string;
  refunded_quantity: string;
  refunded_fen: string;
}

/** What returning `quantity` of a line gives back: pro rata, and the last unit takes the remainder. */
export function lineRefundAmount(line: { quantity: number; totalFen: number; refundedQuantity: number; refundedFen: number }, quantity: number): number {
  if (quantity === line.quantity - line.refundedQuantity) return line.totalFen - line.refundedFen;
  return Math.min(Math.floor((line.totalFen * quantity) / line.quantity), line.totalFen - line.refundedFen);
}

/** Refuses a refund of an order that is not paid, or whose store's return window had closed `at`. */
export async function assertRefundable(trx: Trx, order: OrderRow, at = new Date()): Promise<void> {
  if (!REFUNDABLE.includes(order.status)) {
    throw errors.LS_ORDER_STATE_INVALID(`An order in state ${order.status} cannot be refunded`, { extra: { status: order.status } });
  }
  const store = await trx('stores').where({ id: order.store_id }).first('settings');
  const windows = resolveSettings(store?.settings).returnWindows;
  const days = order.channel === 'pos' ? windows.offlineDays : windows.onlineDays;
  if (order.paid_at && at.getTime() - new Date(order.paid_at).getTime() > days * 86_400_000) {
    throw errors.LS_ORDER_REFUND_WINDOW_CLOSED(`Returns are accepted for ${days} days after payment`, { extra: { days } });
  }
}

/**
 * Refunds lines of a paid order, in full or in part, back to the tenders it was paid with
 * (most recent first), and puts the goods back into the store's stock through the ledger.
 */
export async function refundOrder(trx: Trx, deps: OrderDeps, tenantId: string, orderId: string, input: RefundInput): Promise<string> {
  const order = await lockOrder(trx, orderId);
  await assertRefundable(trx, order, input.requestedAt);

  const lines = (await trx('order_lines').where({ order_id: orderId }).select('*')) as LineRow[];
  const byId = new Map(lines.map((l) => [l.id, l]));
  const requested = input.lines ?? lines
    .filter((l) => Number(l.refunded_quantity) < Number(l.quantity))
    .map((l) => ({ lineId: l.id, quantity: Number(l.quantity) - Number(l.refunded_quantity) }));
  if (requested.length === 0) throw errors.LS_ORDER_REFUND_EXCEEDS('Everything in this order has been refunded');

  const refundId = newId();
  const refundLines = requested.map((request, index) => {
    const line = byId.get(request.lineId);
    if (!line) throw errors.LS_RESOURCE_NOT_FOUND('No such line in this order', { field: `lines.${index}.lineId` });
    const state = {
      quantity: Number(line.quantity), totalFen: Number(line.total_fen),
      refundedQuantity: Number(line.refunded_quantity), refundedFen: Number(line.refunded_fen),
    };
    if (request.quantity > state.quantity - state.refundedQuantity) {
      throw errors.LS_ORDER_REFUND_EXCEEDS(`Only ${state.quantity - state.refundedQuantity} can still be returned`, { field: `lines.${index}.quantity` });
    }
    // Apply as we go, so the same line named twice is checked against what is left.
    const amountFen = lineRefundAmount(state, request.quantity);
    line.refunded_quantity = String(state.refundedQuantity + request.quantity);
    line.refunded_fen = String(state.refundedFen + amountFen);
    return { line, quantity: request.quantity, amountFen };
  });
  const amountFen = refundLines.reduce((sum, r) => sum + r.amountFen, 0);

  await trx('refunds').insert({
    tenant_id: tenantId, id: refundId, order_id: orderId, amount_fen: amountFen, reason: input.reason ?? '',
    status: 'pending', restock: input.restock ?? true, staff_id: input.staffId ?? null,
    approved_by: input.approvedBy ?? null,
  });
  await trx('refund_lines').insert(refundLines.map((r) => ({
    tenant_id: tenantId, id: newId(), refund_id: refundId, order_line_id: r.line.id, quantity: r.quantity, amount_fen: r.amountFen,
  })));
  for (const r of refundLines) {
    await trx('order_lines').where({ id: r.line.id }).update({ refunded_quantity: r.line.refunded_quantity, refunded_fen: r.line.refunded_fen });
  }
  if (input.restock ?? true) {
    const warehouse = await defaultWarehouseOf(trx, order.store_id);
    await moveStockMany(trx, tenantId, refundLines.map((r, index) => ({
      warehouseId: warehouse.id, skuId: r.line.sku_id, delta: r.quantity, type: 'refund',
      sourceKey: `refund:${refundId}:${index}`, staffId: input.staffId ?? null,
    })));
  }

  const allSucceeded = await refundTenders(trx, deps, tenantId, order, refundId, amountFen);
  const refundedFen = Number(order.refunded_fen) + amountFen;
  await trx('refunds').where({ id: refundId }).update({ status: allSucceeded ? 'succeeded' : 'pending', updated_at: trx.fn.now() });
  const fully = refundedFen === Number(order.paid_fen) && lines.every((l) => Number(l.refunded_quantity) === Number(l.quantity));
  await trx('orders').where({ id: orderId }).update({ refunded_fen: refundedFen, status: fully ? 'refunded' : 'partially_refunded', updated_at: trx.fn.now() });
  // The whole order back by whatever way (the order page, the till): the customer's open request is answered by it.
  if (fully && order.channel === 'mall') {
    await trx('refund_requests').where({ order_id: orderId, state: 'requested' })
      .update({ state: 'approved', decided_by: input.approvedBy ?? input.staffId ?? null, decided_at: trx.fn.now(), refund_id: refundId, updated_at: trx.fn.now() });
  }
  const event = { orderId, storeId: order.store_id, channel: order.channel, refundId, amountFen };
  await deps.hooks.call('order.refunded', event, { trx, tenantId, info: event });
  await deps.events.emit(trx, tenantId, 'order.refunded', event);
  return refundId;
}

/** Splits the refund over the order's succeeded payments, newest first, and asks each method to pay it back. */
async function refundTenders(
  trx: Trx, deps: OrderDeps, tenantId: string, order: { id: string; store_id: string; channel: 'pos' | 'mall' },
  refundId: string, amountFen: number,
): Promise<boolean> {
  const payments = await trx('payments').where({ order_id: order.id, status: 'succeeded' })
    .orderBy('created_at', 'desc').orderBy('id', 'desc').select('*');
  let left = amountFen;
  let allSucceeded = true;
  for (const [index, payment] of payments.entries()) {
    if (left === 0) break;
    const share = Math.min(left, Number(payment.amount_fen) - Number(payment.refunded_fen));
    if (share <= 0) continue;
    left -= share;
    const refundNo = `R${refundId.replaceAll('-', '')}${index}`;
    const refundPaymentId = newId();
    // Written before the method is asked, so a method that calls out can retry with the same number.
    await trx('refund_payments').insert({
      tenant_id: tenantId, id: refundPaymentId, refund_id: refundId, payment_id: payment.id, amount_fen: share,
      status: 'pending', external_refund_no: refundNo,
    });
    const method = await deps.payments.resolve(trx, tenantId, payment.method as string, 'method', { anyOwner: true });
    const result = await method.refund(
      { trx, tenantId, orderId: order.id, storeId: order.store_id, channel: order.channel, paymentId: payment.id as string, index },
      {
        id: payment.id, method: payment.method, amountFen: Number(payment.amount_fen), refundedFen: Number(payment.refunded_fen),
        externalId: payment.external_id, data: payment.data,
      },
      share, refundNo,
    );
    if (result.status === 'failed') throw errors.LS_PAYMENT_DECLINED('The refund was refused by the payment method', { extra: { method: payment.method } });
    if (result.status !== 'succeeded') allSucceeded = false;
    await trx('refund_payments').where({ id: refundPaymentId })
      .update({ status: result.status, external_id: result.externalId ?? null, data: JSON.stringify(result.data ?? {}), updated_at: trx.fn.now() });
    await trx('payments').where({ id: payment.id }).update({ refunded_fen: Number(payment.refunded_fen) + share, updated_at: trx.fn.now() });
  }
  if (left > 0) throw errors.LS_ORDER_REFUND_EXCEEDS('The refund is more than was paid');
  return allSucceeded;
}
