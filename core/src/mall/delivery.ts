import { errors } from '../errors.ts';
import type { MallStore } from './mall-entry.service.ts';

export type DeliveryMode = 'pickup' | 'same_city' | 'express';

export const DELIVERY_MODES: DeliveryMode[] = ['pickup', 'same_city', 'express'];

/**
 * What a delivery mode costs at this store for goods worth `goodsFen` (配送方式, seed 2.1.5.8 and
 * 同城配送费 2.4.4.4): pickup is free, same-city has a fee unless the goods reach its free-above
 * amount, express has a flat fee. A mode the store does not offer is refused naming the field.
 */
export function deliveryFee(store: MallStore, mode: DeliveryMode, goodsFen: number): number {
  const { delivery } = store;
  switch (mode) {
    case 'pickup':
      if (!delivery.pickup) break;
      return 0;
    case 'same_city':
      if (!delivery.sameCity.enabled) break;
      return delivery.sameCity.freeAboveFen > 0 && goodsFen >= delivery.sameCity.freeAboveFen ? 0 : delivery.sameCity.feeFen;
    case 'express':
      if (!delivery.express.enabled) break;
      return delivery.express.feeFen;
  }
  throw errors.LS_MALL_DELIVERY_UNAVAILABLE(`${store.name} does not offer ${mode}`, { field: 'deliveryMode' });
}
