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

/** A timestamp read back from JSON (json_agg), as the Date a column would have given. */
const at = (value: string | null) => (value === null ? null : new Date(value));

/** An order with its lines, adjustments, payments and refunds: one query, whatever its size. */
export async function getOrderDetail(trx: Trx, orderId: string) {
  const order = await trx('orders as o').where('o.id', orderId).first<(OrderRow & OrderChildren) | undefined>('o.*', trx.raw(`
    coalesce((select json_agg(l order by l.line_no) from order_lines l where l.order_id = o.id), '[]') as lines,
    coalesce((select json_agg(a order by a.id) from order_adjustments a where a.order_id = o.id), '[]') as adjustments,
    coalesce((select json_agg(p order by p.created_at, p.id) from payments p where p.order_id = o.id), '[]') as payments,
    coalesce((select json_agg(to_jsonb(r) || jsonb_build_object('lines', coalesce((
        select json_agg(json_build_object('orderLineId', rl.order_line_id, 'quantity', rl.quantity, 'amountFen', rl.amount_fen))
          from refund_lines rl where rl.refund_id = r.id), '[]')) order by r.created_at)
      from refunds r where r.order_id = o.id), '[]') as refunds`));
  if (!order) throw errors.LS_RESOURCE_NOT_FOUND('Order not found');
  const { lines, adjustments, payments, refunds } = order;
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
      refundedFen: Number(p.refunded_fen), externalId: p.external_id, createdAt: at(p.created_at), succeededAt: at(p.succeeded_at),
    })),
    refunds: refunds.map((r) => ({
      id: r.id, amountFen: Number(r.amount_fen), reason: r.reason, status: r.status, restock: r.restock, createdAt: at(r.created_at), approvedBy: r.approved_by ?? null,
      lines: r.lines.map((l) => ({ orderLineId: l.orderLineId, quantity: Number(l.quantity), amountFen: Number(l.amountFen) })),
    })),
  };
}

/** The child rows, as json_agg gives them: snake_case columns, numbers, timestamps as strings. */
type JsonRow = Record<string, string | number | boolean | null> & { data?: unknown };
interface OrderChildren {
  lines: JsonRow[];
  adjustments: JsonRow[];
  payments: (JsonRow & { created_at: string; succeeded_at: string | null })[];
  refunds: (JsonRow & { created_at: string; lines: { orderLineId: string; quantity: number; amountFen: number }[] })[];
}

export type OrderDetail = Awaited<ReturnType<typeof getOrderDetail>>;
