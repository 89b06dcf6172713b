import type { Trx } from '../db/tenant-tx.ts';
import { listPage, type ListQuery } from '../http/list-query.ts';
import { whereChinaDays, type ChinaDayQuery } from '../http/china-days.ts';

export type PaymentListQuery = ListQuery & ChinaDayQuery & {
  storeId?: string; method?: string; status?: string; orderId?: string;
};

interface PaymentListRow {
  id: string; order_id: string; order_number: string; store_id: string; store_name: string; method: string; status: string;
  amount_fen: string; refunded_fen: string; external_id: string | null; created_at: Date; succeeded_at: Date | null;
}

/**
 * The merchant's tenders across orders, each with its order's number and store. `storeIds`
 * (store-bound staff) narrows to those stores, as the order list does.
 */
export async function listPayments(trx: Trx, query: PaymentListQuery, storeIds: string[] | null) {
  const base = trx('payments as p')
    .join('orders as o', 'o.id', 'p.order_id')
    .join('stores as s', 's.id', 'o.store_id')
    .select(
      'p.id', 'p.order_id', 'o.number as order_number', 'o.store_id', 's.name as store_name', 'p.method', 'p.status',
      'p.amount_fen', 'p.refunded_fen', 'p.external_id', 'p.created_at', 'p.succeeded_at',
    );
  if (storeIds) base.whereIn('o.store_id', storeIds);
  if (query.storeId) base.where('o.store_id', query.storeId);
  if (query.orderId) base.where('p.order_id', query.orderId);
  if (query.method) base.where('p.method', query.method);
  if (query.status) base.where('p.status', query.status);
  whereChinaDays(base, 'p.created_at', query);
  const page = await listPage<PaymentListRow>(base, query, {
    sortable: { id: 'p.id', createdAt: 'p.created_at', amountFen: 'p.amount_fen', method: 'p.method', status: 'p.status' },
    defaultSort: 'createdAt', search: ['o.number'],
  });
  return { total: page.total, rows: page.rows.map(paymentListItem) };
}

function paymentListItem(row: PaymentListRow) {
  return {
    id: row.id, orderId: row.order_id, orderNumber: row.order_number, storeId: row.store_id, storeName: row.store_name,
    method: row.method, status: row.status, amountFen: Number(row.amount_fen), refundedFen: Number(row.refunded_fen),
    externalId: row.external_id, createdAt: row.created_at, succeededAt: row.succeeded_at,
  };
}
