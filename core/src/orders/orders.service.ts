import type { Knex } from 'knex';
import type { Trx } from '../db/tenant-tx.ts';
import { newId } from '../db/ids.ts';
import { errors, LingshouError } from '../errors.ts';
import { getStoreRow, type StoreRow } from '../stores/stores.service.ts';
import { resolveSettings } from '../stores/store-settings.ts';
import { defaultWarehouseOf } from '../stock/warehouses.service.ts';
import { moveStockMany } from '../stock/stock.service.ts';
import { findSkusForSale } from '../catalog/skus.service.ts';
import { priceCart, type CartLineInput, type OrderCharges, type PricedCart } from './pricing.ts';
import { nextOrderNumber } from './order-number.ts';
import type { Channel, OrderDeps } from './order-deps.ts';

export interface CheckoutInput {
  storeId: string;
  channel: Channel;
  customerId?: string | null;
  staffId?: string | null;
  clientOrderId?: string;
  note?: string;
  lines: CartLineInput[];
  /** Inputs for plugins' price taps, keyed by plugin id. */
  pluginInputs?: Record<string, unknown>;
  /** Charges priced on the discounted goods, e.g. the mall's delivery fee (pricing.ts OrderCharges). */
  charges?: OrderCharges;
  /** An order number taken beforehand (allocateOrderNumber), so the counter is not locked while the sale runs. */
  number?: string;
}

async function assertCustomer(trx: Trx, customerId: string | null | undefined): Promise<void> {
  if (!customerId) return;
  const found = await trx('customers').where({ id: customerId }).first('id');
  if (!found) throw errors.LS_RESOURCE_NOT_FOUND('Customer not found', { field: 'customerId' });
}

async function priceFor(trx: Trx, deps: OrderDeps, tenantId: string, store: StoreRow, input: CheckoutInput): Promise<PricedCart> {
  await assertCustomer(trx, input.customerId);
  const skus = await findSkusForSale(trx, input.lines.map((l) => l.skuId));
  return priceCart(deps.hooks, { trx, tenantId, info: {
    storeId: store.id, channel: input.channel, customerId: input.customerId ?? null, pluginInputs: input.pluginInputs ?? {},
  } }, input.lines, skus, resolveSettings(store.settings).defaultRounding, input.charges);
}

/** Prices a cart without writing anything: what the till and the mall show before checkout. */
export async function quote(trx: Trx, deps: OrderDeps, tenantId: string, input: CheckoutInput): Promise<PricedCart> {
  const store = await getStoreRow(trx, input.storeId).catch(rename('storeId'));
  return priceFor(trx, deps, tenantId, store, input);
}

/**
 * Creates an order awaiting payment: prices it, takes the stock through the ledger, numbers it
 * and writes it with its lines and adjustments. Everything happens in the caller's transaction.
 */
export async function createOrder(trx: Trx, deps: OrderDeps, tenantId: string, input: CheckoutInput): Promise<string> {
  const store = await storeForSale(trx, input.storeId);
  const settings = resolveSettings(store.settings);
  const priced = await priceFor(trx, deps, tenantId, store, input);
  const orderId = newId();
  const lineIds = priced.lines.map(() => newId());

  try {
    await moveStockMany(trx, tenantId, priced.lines.map((line, index) => ({
      warehouseId: store.warehouse_id, skuId: line.skuId, delta: -line.quantity, type: 'sale',
      sourceKey: `order:${orderId}:line:${lineIds[index]}`, staffId: input.staffId ?? null,
      // Only the till may sell below zero, and only where the store allows it (seed 2.1.5.5).
      mayGoNegative: input.channel === 'pos' && settings.zeroStockSale,
    })));
  } catch (error) {
    throw fieldForStock(error, input.lines);
  }

  const number = input.number ?? await nextOrderNumber(trx, tenantId, store.id, store.code);
  // The order, its lines and its adjustments in one statement: one round trip however many
  // plugins adjusted the price (foreign keys are checked at the end of the statement).
  const writes = [
    trx('orders').insert({
      tenant_id: tenantId, id: orderId, store_id: store.id, number, channel: input.channel,
      client_order_id: input.clientOrderId ?? null, customer_id: input.customerId ?? null, staff_id: input.staffId ?? null,
      status: 'pending_payment', subtotal_fen: priced.subtotalFen, adjustment_fen: priced.adjustmentFen,
      total_fen: priced.totalFen, note: input.note ?? '',
    }),
    trx('order_lines').insert(priced.lines.map((line, index) => ({
      tenant_id: tenantId, id: lineIds[index], order_id: orderId, line_no: index + 1, sku_id: line.skuId,
      product_id: line.productId, name: line.name, spec_text: line.specText, barcode: line.barcode,
      weighed: line.weighed, gift: line.gift, unit_price_fen: line.unitPriceFen, quantity: line.quantity,
      base_total_fen: line.baseTotalFen, adjustment_fen: line.adjustmentFen, total_fen: line.totalFen,
    }))),
    ...(priced.adjustments.length > 0 ? [trx('order_adjustments').insert(priced.adjustments.map((adjustment) => ({
      tenant_id: tenantId, id: newId(), order_id: orderId,
      line_id: adjustment.lineIndex === undefined ? null : lineIds[adjustment.lineIndex],
      source: adjustment.source, kind: adjustment.kind, amount_fen: adjustment.amountFen, reason: adjustment.reason,
      data: JSON.stringify(adjustment.data ?? {}),
    })))] : []),
  ].map((query) => query.toSQL());
  await trx.raw(
    `with ${writes.map((write, index) => `w${index} as (${write.sql})`).join(', ')} select 1`,
    writes.flatMap((write) => write.bindings as Knex.Value[]),
  );
  const event = { orderId, storeId: store.id, channel: input.channel };
  await deps.hooks.call('order.created', event, { trx, tenantId, info: { ...event, pluginInputs: input.pluginInputs ?? {} } });
  await deps.events.emit(trx, tenantId, 'order.created', event);
  return orderId;
}

/** The store and the warehouse its sales take stock from, in one round trip. */
async function storeForSale(trx: Trx, storeId: string): Promise<StoreRow & { warehouse_id: string }> {
  const row = await trx('stores as s')
    .join('warehouses as w', (join) => join.on('w.tenant_id', 's.tenant_id').andOn('w.store_id', 's.id').andOnVal('w.is_default', true))
    .where('s.id', storeId)
    .first<(StoreRow & { warehouse_id: string }) | undefined>('s.*', 'w.id as warehouse_id');
  if (!row) throw errors.LS_RESOURCE_NOT_FOUND('Store not found', { field: 'storeId' });
  return row;
}

function fieldForStock(error: unknown, lines: CartLineInput[]): unknown {
  if (!(error instanceof LingshouError) || error.code !== 'LS_STOCK_INSUFFICIENT') return error;
  const index = lines.findIndex((l) => l.skuId === error.extra?.skuId);
  return errors.LS_STOCK_INSUFFICIENT(undefined, { field: `lines.${index}.quantity`, extra: { skuId: error.extra?.skuId } });
}

/** A missing referenced row becomes a 404 naming the input field that referred to it. */
export function rename(field: string) {
  return (error: unknown): never => {
    if (error instanceof LingshouError && error.code === 'LS_RESOURCE_NOT_FOUND') {
      throw errors.LS_RESOURCE_NOT_FOUND(error.message, { field });
    }
    throw error;
  };
}

export interface OrderRow {
  tenant_id: string;
  id: string;
  store_id: string;
  number: string;
  channel: Channel;
  client_order_id: string | null;
  customer_id: string | null;
  staff_id: string | null;
  status: string;
  subtotal_fen: string;
  adjustment_fen: string;
  total_fen: string;
  paid_fen: string;
  refunded_fen: string;
  note: string;
  extensions: Record<string, unknown>;
  paid_at: Date | null;
  cancelled_at: Date | null;
  fulfilled_at: Date | null;
  completed_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

/** Locks the order row for a state change; other-tenant and unknown ids are both "not found". */
export async function lockOrder(trx: Trx, orderId: string): Promise<OrderRow> {
  const order = await trx<OrderRow>('orders').where({ id: orderId }).forUpdate().first();
  if (!order) throw errors.LS_RESOURCE_NOT_FOUND('Order not found');
  return order;
}

/** Cancels an unpaid order and puts its stock back. */
export async function cancelOrder(trx: Trx, tenantId: string, orderId: string, staffId: string | null): Promise<void> {
  const order = await lockOrder(trx, orderId);
  if (order.status !== 'pending_payment' || Number(order.paid_fen) > 0) {
    throw errors.LS_ORDER_STATE_INVALID('Only an unpaid order can be cancelled; refund a paid one', { extra: { status: order.status } });
  }
  await trx('payments').where({ order_id: orderId, status: 'pending' }).update({ status: 'cancelled', updated_at: trx.fn.now() });
  const lines = await trx('order_lines').where({ order_id: orderId }).select('id', 'sku_id', 'quantity');
  const warehouse = await defaultWarehouseOf(trx, order.store_id);
  await moveStockMany(trx, tenantId, lines.map((line) => ({
    warehouseId: warehouse.id, skuId: line.sku_id as string, delta: Number(line.quantity), type: 'cancel',
    sourceKey: `cancel:${orderId}:line:${line.id}`, staffId,
  })));
  await trx('orders').where({ id: orderId }).update({ status: 'cancelled', cancelled_at: trx.fn.now(), updated_at: trx.fn.now() });
}

const NEXT_STATE: Record<'fulfil' | 'complete', { from: string[]; to: string; stamp: string }> = {
  fulfil: { from: ['paid'], to: 'fulfilled', stamp: 'fulfilled_at' },
  complete: { from: ['paid', 'fulfilled'], to: 'completed', stamp: 'completed_at' },
};

/** paid → fulfilled (picked up, delivered) → completed (receipt confirmed). */
export async function advanceOrder(trx: Trx, orderId: string, step: 'fulfil' | 'complete'): Promise<void> {
  const order = await lockOrder(trx, orderId);
  const rule = NEXT_STATE[step];
  if (!rule.from.includes(order.status)) {
    throw errors.LS_ORDER_STATE_INVALID(`An order in state ${order.status} cannot be ${rule.to}`, { extra: { status: order.status } });
  }
  await trx('orders').where({ id: orderId }).update({ status: rule.to, [rule.stamp]: trx.fn.now(), updated_at: trx.fn.now() });
}
