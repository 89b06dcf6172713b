import type { Trx } from '../db/tenant-tx.ts';
import { errors } from '../errors.ts';
import { listPage, type ListQuery } from '../http/list-query.ts';
import { getOrderDetail, orderToApi } from '../orders/order-detail.ts';
import { latestRefundRequest, refundRequestToApi } from '../orders/refund-requests.service.ts';
import type { OrderRow } from '../orders/orders.service.ts';
import { resolveSettings } from '../stores/store-settings.ts';

/** The order tabs of the mall (全部 / 待付款 / 待收货 / 已完成 / 退款 / 已取消) as kernel states. */
export const ORDER_TABS: Record<string, string[]> = {
  unpaid: ['pending_payment'],
  active: ['paid', 'fulfilled'],
  done: ['completed'],
  refund: ['partially_refunded', 'refunded'],
  cancelled: ['cancelled'],
};

interface MallOrderRow {
  order_id: string;
  delivery_mode: string;
  delivery_fee_fen: string;
  address: unknown;
  pickup_code: string | null;
  picked_up_at: Date | null;
}

function deliveryToApi(row: MallOrderRow) {
  return {
    mode: row.delivery_mode, feeFen: Number(row.delivery_fee_fen), address: row.address ?? null,
    pickupCode: row.pickup_code, pickedUpAt: row.picked_up_at,
  };
}

/** The customer's own mall orders, newest first, with how each is delivered and its first line. */
export async function listCustomerOrders(trx: Trx, customerId: string, tab: string | undefined, page: ListQuery) {
  const base = trx('orders as o')
    .join('mall_orders as m', function joinMall() {
      this.on('m.tenant_id', 'o.tenant_id').andOn('m.order_id', 'o.id');
    })
    .join('stores as s', function joinStore() {
      this.on('s.tenant_id', 'o.tenant_id').andOn('s.id', 'o.store_id');
    })
    .where('m.customer_id', customerId)
    .select('o.*', 'm.order_id', 'm.delivery_mode', 'm.delivery_fee_fen', 'm.address', 'm.pickup_code', 'm.picked_up_at', 's.name as store_name',
      trx.raw(`(select json_build_object('name', l.name, 'specText', l.spec_text, 'count', (select count(*) from order_lines c where c.tenant_id = o.tenant_id and c.order_id = o.id))
        from order_lines l where l.tenant_id = o.tenant_id and l.order_id = o.id order by l.line_no limit 1) as first_line`));
  if (tab === 'refund') {
    // 退款/售后 also holds orders whose request is waiting or was turned down.
    base.where((w) => w.whereIn('o.status', ORDER_TABS.refund!)
      .orWhereExists(trx('refund_requests as r').where('r.tenant_id', trx.ref('o.tenant_id')).andWhere('r.order_id', trx.ref('o.id'))));
  } else if (tab) base.whereIn('o.status', ORDER_TABS[tab] ?? []);
  const { rows, total } = await listPage<OrderRow & MallOrderRow & { store_name: string; first_line: unknown }>(base, { ...page, _order: page._order ?? 'desc' }, {
    sortable: { id: 'o.id', createdAt: 'o.created_at' }, defaultSort: 'createdAt',
  });
  return {
    total,
    rows: rows.map((row) => ({ ...orderToApi(row), storeName: row.store_name, delivery: deliveryToApi(row), firstLine: row.first_line })),
  };
}

/** Locks out other customers' orders: they look like they do not exist. */
export async function assertOwnOrder(trx: Trx, customerId: string, orderId: string): Promise<MallOrderRow> {
  const row = await trx('mall_orders').where({ order_id: orderId, customer_id: customerId }).first() as MallOrderRow | undefined;
  if (!row) throw errors.LS_RESOURCE_NOT_FOUND('Order not found');
  return row;
}

/**
 * The kernel's order detail, with the delivery, the store, until when a refund may be asked
 * and the customer's latest refund request (its state and the merchant's note).
 */
export async function mallOrderDetail(trx: Trx, orderId: string) {
  const detail = await getOrderDetail(trx, orderId);
  const refundRequest = await latestRefundRequest(trx, orderId);
  const mall = await trx('mall_orders').where({ order_id: orderId }).first() as MallOrderRow | undefined;
  const store = await trx('stores').where({ id: detail.storeId }).first('name', 'address', 'phone', 'settings');
  const days = resolveSettings(store?.settings).returnWindows.onlineDays;
  const refundUntil = detail.paidAt ? new Date(new Date(detail.paidAt).getTime() + days * 86_400_000).toISOString() : null;
  return {
    ...detail,
    delivery: mall ? deliveryToApi(mall) : null,
    store: { name: store?.name as string, address: store?.address as string, phone: store?.phone as string },
    refundUntil,
    refundRequest: refundRequest ? refundRequestToApi(refundRequest) : null,
  };
}

/** A customer's WeChat identity to pay with: the mini program's openid when they signed in there. */
export async function payerOf(trx: Trx, customerId: string, preferAppid: string | null) {
  const identities = await trx('customer_wechat_identities').where({ customer_id: customerId }).orderBy('created_at', 'desc').select('appid', 'openid');
  return (identities.find((i) => i.appid === preferAppid) ?? identities[0]) as { appid: string; openid: string } | undefined;
}
