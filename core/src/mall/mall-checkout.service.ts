import { randomInt } from 'node:crypto';
import type { Trx } from '../db/tenant-tx.ts';
import { errors } from '../errors.ts';
import { createOrder, quote } from '../orders/orders.service.ts';
import type { OrderDeps } from '../orders/order-deps.ts';
import type { OrderCharges } from '../orders/pricing.ts';
import { getAddress, type Address } from './addresses.service.ts';
import { getMallStore, type MallStore } from './mall-entry.service.ts';
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
 * The store's fee for a delivery mode as a kernel price charge: priced on the goods after every
 * discount (the free-above amount counts what the customer pays for goods), and part of the
 * order's total like any adjustment. `fee()` tells what the last pricing charged.
 */
function deliveryCharge(store: MallStore, mode: DeliveryMode): { charges: OrderCharges; fee(): number } {
  let feeFen = 0;
  return {
    charges: (goodsFen) => {
      feeFen = deliveryFee(store, mode, goodsFen);
      return feeFen > 0 ? [{ source: 'kernel', kind: 'delivery_fee', amountFen: feeFen, reason: DELIVERY_FEE_REASON[mode], data: { deliveryMode: mode } }] : [];
    },
    fee: () => feeFen,
  };
}

/** The mall's cart price: the till's quote (plugin adjustments, pluginInputs) on the mall channel, delivery fee included. */
export async function quoteMallCart(trx: Trx, deps: OrderDeps, tenantId: string, customerId: string, input: MallCartInput) {
  const store = await getMallStore(trx, input.storeId);
  const delivery = deliveryCharge(store, input.deliveryMode);
  const priced = await quote(trx, deps, tenantId, {
    storeId: store.id, channel: 'mall', customerId, lines: input.lines, pluginInputs: input.pluginInputs, charges: delivery.charges,
  });
  return { ...priced, deliveryMode: input.deliveryMode, deliveryFeeFen: delivery.fee(), payableFen: priced.totalFen };
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
 * Places a mall order: the kernel's createOrder (pricing with the delivery fee, stock, numbering)
 * on the mall channel, and the delivery record (address snapshot, pickup code). All in the
 * caller's transaction, so nothing is half-written.
 */
export async function placeMallOrder(trx: Trx, deps: OrderDeps, tenantId: string, customerId: string, input: MallCartInput): Promise<string> {
  const store = await getMallStore(trx, input.storeId);
  let address: Address | null = null;
  if (input.deliveryMode !== 'pickup') {
    if (!input.addressId) throw errors.LS_MALL_DELIVERY_UNAVAILABLE('A delivery needs an address', { field: 'addressId' });
    address = await getAddress(trx, customerId, input.addressId, 'addressId');
  }
  const delivery = deliveryCharge(store, input.deliveryMode);
  const orderId = await createOrder(trx, deps, tenantId, {
    storeId: store.id, channel: 'mall', customerId, note: input.note, lines: input.lines, pluginInputs: input.pluginInputs, charges: delivery.charges,
  });
  const feeFen = delivery.fee();
  await insertMallOrder(trx, {
    tenant_id: tenantId, order_id: orderId, customer_id: customerId, delivery_mode: input.deliveryMode, delivery_fee_fen: feeFen,
    address: address ? JSON.stringify(address) : null,
  }, input.deliveryMode === 'pickup');
  return orderId;
}
