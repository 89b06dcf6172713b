import type { Trx } from '../db/tenant-tx.ts';
import { newId } from '../db/ids.ts';
import { errors } from '../errors.ts';
import { listPage, type ListQuery } from '../http/list-query.ts';
import { whereChinaDays, type ChinaDayQuery } from '../http/china-days.ts';
import { resolveSettings } from '../stores/store-settings.ts';
import { lockOrder } from './orders.service.ts';
import { assertRefundable, refundOrder } from './refunds.service.ts';
import type { OrderDeps } from './order-deps.ts';

export type RefundRequestState = 'requested' | 'approved' | 'rejected';

export interface RefundRequestRow {
  id: string;
  order_id: string;
  store_id: string;
  customer_id: string;
  state: RefundRequestState;
  reason: string;
  amount_fen: string;
  rejection_note: string | null;
  decided_by: string | null;
  decided_at: Date | null;
  refund_id: string | null;
  created_at: Date;
}

/** The request as the mall shows it on the order. */
export function refundRequestToApi(row: RefundRequestRow) {
  return {
    id: row.id, state: row.state, reason: row.reason, amountFen: Number(row.amount_fen), rejectionNote: row.rejection_note,
    // An approval without a decider was the store's automatic one.
    automatic: row.state === 'approved' && row.decided_by === null,
    refundId: row.refund_id, createdAt: row.created_at, decidedAt: row.decided_at,
  };
}

/** The order's newest refund request, if the customer ever asked. */
export async function latestRefundRequest(trx: Trx, orderId: string): Promise<RefundRequestRow | undefined> {
  return trx<RefundRequestRow>('refund_requests').where({ order_id: orderId })
    .orderBy('created_at', 'desc').orderBy('id', 'desc').first();
}

/**
 * A customer asks for the whole order back (售后申请). Asking again while a request is open
 * finds that request; after a rejection the customer may ask again, within the return window.
 * When the store approves automatically, the refund is made at once in this transaction.
 */
export async function requestRefund(
  trx: Trx, deps: OrderDeps, tenantId: string, input: { orderId: string; customerId: string; reason: string },
): Promise<RefundRequestRow> {
  // The order's lock makes concurrent requests for it queue here, so only one is written.
  const order = await lockOrder(trx, input.orderId);
  const open = await trx<RefundRequestRow>('refund_requests').where({ order_id: order.id, state: 'requested' }).first();
  if (open) return open;
  await assertRefundable(trx, order);
  const id = newId();
  await trx('refund_requests').insert({
    tenant_id: tenantId, id, order_id: order.id, store_id: order.store_id, customer_id: input.customerId,
    reason: input.reason, amount_fen: Number(order.paid_fen) - Number(order.refunded_fen),
  });
  const store = await trx('stores').where({ id: order.store_id }).first('settings');
  if (resolveSettings(store?.settings).refundApproval === 'auto') return approveRefundRequest(trx, deps, tenantId, id, null);
  return (await trx<RefundRequestRow>('refund_requests').where({ id }).first())!;
}

/** Locks an open request for a decision; one already decided cannot be decided again. */
async function lockOpenRequest(trx: Trx, id: string): Promise<RefundRequestRow> {
  const request = await trx<RefundRequestRow>('refund_requests').where({ id }).forUpdate().first();
  if (!request) throw errors.LS_RESOURCE_NOT_FOUND('Refund request not found');
  if (request.state !== 'requested') {
    throw errors.LS_ORDER_REFUND_REQUEST_DECIDED(`This refund request was already ${request.state}`, { extra: { state: request.state } });
  }
  return request;
}

/**
 * Approves an open request: the whole order is refunded (refundOrder: the tenders, the stock,
 * the order.refunded hook and event) with the window judged when the customer asked.
 * `staffId` null is the store's automatic approval.
 */
export async function approveRefundRequest(trx: Trx, deps: OrderDeps, tenantId: string, id: string, staffId: string | null): Promise<RefundRequestRow> {
  const request = await lockOpenRequest(trx, id);
  const refundId = await refundOrder(trx, deps, tenantId, request.order_id, {
    reason: request.reason, staffId, approvedBy: staffId, requestedAt: new Date(request.created_at),
  });
  return decide(trx, id, { state: 'approved', decided_by: staffId, refund_id: refundId });
}

/** Rejects an open request with a note the customer reads in the mall. */
export async function rejectRefundRequest(trx: Trx, id: string, staffId: string, note: string): Promise<RefundRequestRow> {
  await lockOpenRequest(trx, id);
  return decide(trx, id, { state: 'rejected', decided_by: staffId, rejection_note: note });
}

async function decide(trx: Trx, id: string, columns: Record<string, unknown>): Promise<RefundRequestRow> {
  const [row] = await trx('refund_requests').where({ id })
    .update({ ...columns, decided_at: trx.fn.now(), updated_at: trx.fn.now() }).returning('*') as RefundRequestRow[];
  return row!;
}

export type RefundRequestListQuery = ListQuery & ChinaDayQuery & { state?: RefundRequestState; storeId?: string; orderId?: string };

type ListRow = RefundRequestRow & {
  order_number: string; order_status: string; store_name: string; customer_name: string; customer_phone: string | null; decided_by_name: string | null;
};

/** Requests joined with their order, store, customer and decider, as the review list shows them. */
function reviewQuery(trx: Trx) {
  return trx('refund_requests as r')
    .join('orders as o', 'o.id', 'r.order_id')
    .join('stores as s', 's.id', 'r.store_id')
    .join('customers as c', 'c.id', 'r.customer_id')
    .leftJoin('staff as d', 'd.id', 'r.decided_by')
    .select('r.*', 'o.number as order_number', 'o.status as order_status', 's.name as store_name',
      'c.name as customer_name', 'c.phone as customer_phone', 'd.name as decided_by_name');
}

/**
 * The merchant's review list (售后/退款申请), newest first. `storeIds` (store-bound staff)
 * narrows to their stores, as the order list does; `q` matches the order number or phone.
 */
export async function listRefundRequests(trx: Trx, query: RefundRequestListQuery, storeIds: string[] | null) {
  const base = reviewQuery(trx);
  if (storeIds) base.whereIn('r.store_id', storeIds);
  if (query.storeId) base.where('r.store_id', query.storeId);
  if (query.orderId) base.where('r.order_id', query.orderId);
  if (query.state) base.where('r.state', query.state);
  whereChinaDays(base, 'r.created_at', query);
  const page = await listPage<ListRow>(base, query, {
    sortable: { id: 'r.id', createdAt: 'r.created_at', amountFen: 'r.amount_fen', state: 'r.state' },
    defaultSort: 'createdAt', search: ['o.number', 'c.phone'],
  });
  return { total: page.total, rows: page.rows.map(reviewItem) };
}

/** One request as the review list shows it (after a decision). */
export async function getRefundRequestItem(trx: Trx, id: string) {
  const row = await reviewQuery(trx).where('r.id', id).first() as ListRow | undefined;
  if (!row) throw errors.LS_RESOURCE_NOT_FOUND('Refund request not found');
  return reviewItem(row);
}

function reviewItem(row: ListRow) {
  return {
    ...refundRequestToApi(row),
    orderId: row.order_id, orderNumber: row.order_number, orderStatus: row.order_status, storeId: row.store_id, storeName: row.store_name,
    customer: { id: row.customer_id, name: row.customer_name, phone: row.customer_phone },
    decidedBy: row.decided_by ? { id: row.decided_by, name: row.decided_by_name ?? '' } : null,
  };
}
