import { randomInt } from 'node:crypto';
import type { Trx } from '../db/tenant-tx.ts';
import { newId } from '../db/ids.ts';
import { errors } from '../errors.ts';
import { createOrder, quote } from '../orders/orders.service.ts';
import type { OrderDeps } from '../orders/order-deps.ts';
import { getAddress, type Address } from './addresses.service.ts';
import { getMallStore } from './mall-entry.service.ts';
import { deliveryFee, type DeliveryMode } from './delivery.ts';

export interface MallCartInput {
  storeId: string;
  lines: { skuId: string; quantity: number }[];
  deliveryMode: DeliveryMode;
  addressId?: string;
  note?: string;
  pluginInputs?: Record<string, unknown>;
}

export const DELIVERY_FEE_REASON: Record<DeliveryMode, string> = { pickup: '到店自提', same_city: '同城配送费', express: '快递运费' };

/**
 * The mall's cart price: the same quote the till uses (plugin adjustments, pluginInputs) on the
 * mall channel, plus the store's fee for the chosen delivery mode.
 */
export async function quoteMallCart(trx: Trx, deps: OrderDeps, tenantId: string, customerId: string, input: MallCartInput) {
  const store = await getMallStore(trx, input.storeId);
  const priced = await quote(trx, deps, tenantId, {
    storeId: store.id, channel: 'mall', customerId, lines: input.lines, pluginInputs: input.pluginInputs,
  });
  const deliveryFeeFen = deliveryFee(store, input.deliveryMode, priced.totalFen);
  return { ...priced, deliveryMode: input.deliveryMode, deliveryFeeFen, payableFen: priced.totalFen + deliveryFeeFen };
}

const PICKUP_CODE_ATTEMPTS = 8;

/** Eight digits: easy to read out at the till; unique per merchant (ON CONFLICT draws again). */
async function insertMallOrder(trx: Trx, row: Record<string, unknown>, wantsCode: boolean): Promise<void> {
  if (!wantsCode) {
    await trx('mall_orders').insert(row);
    return;
  }
  for (let attempt = 0; attempt < PICKUP_CODE_ATTEMPTS; attempt++) {
    const inserted = await trx('mall_orders').insert({ ...row, pickup_code: String(randomInt(10_000_000, 100_000_000)) })
      .onConflict(['tenant_id', 'pickup_code']).ignore().returning('order_id');
    if (inserted.length > 0) return;
  }
  throw errors.LS_INTERNAL('No free pickup code was found');
}

/**
 * Places a mall order: the kernel's createOrder (pricing, stock, numbering) on the mall
 * channel, then the delivery fee as an order-level kernel adjustment, and the delivery record
 * (address snapshot, pickup code). All in the caller's transaction, so nothing is half-written.
 */
export async function placeMallOrder(trx: Trx, deps: OrderDeps, tenantId: string, customerId: string, input: MallCartInput): Promise<string> {
  const store = await getMallStore(trx, input.storeId);
  let address: Address | null = null;
  if (input.deliveryMode !== 'pickup') {
    if (!input.addressId) throw errors.LS_MALL_DELIVERY_UNAVAILABLE('A delivery needs an address', { field: 'addressId' });
    address = await getAddress(trx, customerId, input.addressId, 'addressId');
  }
  const orderId = await createOrder(trx, deps, tenantId, {
    storeId: store.id, channel: 'mall', customerId, note: input.note, lines: input.lines, pluginInputs: input.pluginInputs,
  });
  const order = await trx('orders').where({ id: orderId }).first('total_fen');
  const feeFen = deliveryFee(store, input.deliveryMode, Number(order.total_fen));
  if (feeFen > 0) {
    await trx('order_adjustments').insert({
      tenant_id: tenantId, id: newId(), order_id: orderId, line_id: null, source: 'kernel', kind: 'delivery_fee',
      amount_fen: feeFen, reason: DELIVERY_FEE_REASON[input.deliveryMode], data: JSON.stringify({ deliveryMode: input.deliveryMode }),
    });
    await trx('orders').where({ id: orderId }).update({
      adjustment_fen: trx.raw('adjustment_fen + ?', [feeFen]), total_fen: trx.raw('total_fen + ?', [feeFen]),
    });
  }
  await insertMallOrder(trx, {
    tenant_id: tenantId, order_id: orderId, customer_id: customerId, delivery_mode: input.deliveryMode, delivery_fee_fen: feeFen,
    address: address ? JSON.stringify(address) : null,
  }, input.deliveryMode === 'pickup');
  return orderId;
}
