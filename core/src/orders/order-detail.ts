import type { Trx } from '../db/tenant-tx.ts';
import { errors } from '../errors.ts';
import type { OrderRow } from './orders.service.ts';

export function orderToApi(row: OrderRow) {
  const total = Number(row.total_fen);
  return {
    id: row.id, number: row.number, storeId: row.store_id, channel: row.channel, clientOrderId: row.client_order_id,
    customerId: row.customer_id, staffId: row.staff_id, status: row.status,
    subtotalFen: Number(row.subtotal_fen), adjustmentFen: Number(row.adjustment_fen), totalFen: total,
    paidFen: Number(row.paid_fen), refundedFen: Number(row.refunded_fen), dueFen: total - Number(row.paid_fen),
    note: row.note, extensions: row.extensions,
    createdAt: row.created_at, paidAt: row.paid_at, cancelledAt: row.cancelled_at,
    fulfilledAt: row.fulfilled_at, completedAt: row.completed_at, updatedAt: row.updated_at,
  };
}

/** An order with its lines, adjustments, payments and refunds: five indexed queries, whatever its size. */
export async function getOrderDetail(trx: Trx, orderId: string) {
  const order = await trx<OrderRow>('orders').where({ id: orderId }).first();
  if (!order) throw errors.LS_RESOURCE_NOT_FOUND('Order not found');
  // One after another: a transaction is one connection, which runs one statement at a time anyway.
  const lines = await trx('order_lines').where({ order_id: orderId }).orderBy('line_no').select('*');
  const adjustments = await trx('order_adjustments').where({ order_id: orderId }).orderBy('id').select('*');
  const payments = await trx('payments').where({ order_id: orderId }).orderBy('created_at').orderBy('id').select('*');
  const refunds = await trx('refunds as r')
      .where('r.order_id', orderId)
      .select('r.*', trx.raw(`coalesce((select json_agg(json_build_object('orderLineId', l.order_line_id, 'quantity', l.quantity, 'amountFen', l.amount_fen))
        from refund_lines l where l.tenant_id = r.tenant_id and l.refund_id = r.id), '[]') as lines`))
      .orderBy('r.created_at');
  return {
    ...orderToApi(order),
    lines: lines.map((l) => ({
      id: l.id, lineNo: l.line_no, skuId: l.sku_id, productId: l.product_id, name: l.name, specText: l.spec_text,
      barcode: l.barcode, weighed: l.weighed, gift: l.gift, unitPriceFen: Number(l.unit_price_fen), quantity: Number(l.quantity),
      baseTotalFen: Number(l.base_total_fen), adjustmentFen: Number(l.adjustment_fen), totalFen: Number(l.total_fen),
      refundedQuantity: Number(l.refunded_quantity), refundedFen: Number(l.refunded_fen),
    })),
    adjustments: adjustments.map((a) => ({
      id: a.id, lineId: a.line_id, source: a.source, kind: a.kind, amountFen: Number(a.amount_fen), reason: a.reason, data: a.data,
    })),
    payments: payments.map((p) => ({
      id: p.id, method: p.method, status: p.status, amountFen: Number(p.amount_fen),
      tenderedFen: p.tendered_fen === null ? null : Number(p.tendered_fen), changeFen: p.change_fen === null ? null : Number(p.change_fen),
      refundedFen: Number(p.refunded_fen), externalId: p.external_id, createdAt: p.created_at, succeededAt: p.succeeded_at,
    })),
    refunds: refunds.map((r) => ({
      id: r.id, amountFen: Number(r.amount_fen), reason: r.reason, status: r.status, restock: r.restock, createdAt: r.created_at,
      lines: (r.lines as { orderLineId: string; quantity: number; amountFen: number }[])
        .map((l) => ({ orderLineId: l.orderLineId, quantity: Number(l.quantity), amountFen: Number(l.amountFen) })),
    })),
  };
}

export type OrderDetail = Awaited<ReturnType<typeof getOrderDetail>>;
