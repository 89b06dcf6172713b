import type { Trx } from '../../db/tenant-tx.ts';
import { getOrderDetail, type OrderDetail } from '../../orders/order-detail.ts';
import { getCustomerRow, customerToApi } from '../../customers/customers.service.ts';
import { findSkusForSale, findSkuByCode, type SaleSku } from '../../catalog/skus.service.ts';
import { moveStock, type StockMove, type StockMoveResult } from '../../stock/stock.service.ts';
import type { Capability } from './capabilities.ts';

/**
 * The kernel as a plugin sees it: a few services bound to the current transaction and tenant,
 * each usable only with its declared capability. Plugins never import the kernel's modules.
 */
export interface KernelFacade {
  orders: {
    get(orderId: string): Promise<OrderDetail>;
    /** Stores the plugin's own data on an order, under its id (`order.extensions[pluginId]`). */
    setExtension(orderId: string, value: unknown): Promise<void>;
  };
  customers: { get(customerId: string): Promise<ReturnType<typeof customerToApi>> };
  catalog: {
    skus(skuIds: string[]): Promise<Map<string, SaleSku>>;
    skuByCode(code: string): Promise<SaleSku>;
  };
  stock: { move(move: StockMove): Promise<StockMoveResult> };
}

export function createKernelFacade(trx: Trx, tenantId: string, pluginId: string, granted: readonly Capability[]): KernelFacade {
  const need = (capability: Capability) => {
    if (!granted.includes(capability)) {
      throw new Error(`Plugin ${pluginId} used ${capability} without declaring it in its permissions`);
    }
  };
  return {
    orders: {
      get: async (orderId) => { need('orders:read'); return getOrderDetail(trx, orderId); },
      setExtension: async (orderId, value) => {
        need('orders:write');
        await trx('orders').where({ id: orderId })
          .update({ extensions: trx.raw(`jsonb_set(extensions, ?, ?::jsonb)`, [`{${pluginId}}`, JSON.stringify(value)]), updated_at: trx.fn.now() });
      },
    },
    customers: { get: async (customerId) => { need('customers:read'); return customerToApi(await getCustomerRow(trx, customerId)); } },
    catalog: {
      skus: async (skuIds) => { need('catalog:read'); return findSkusForSale(trx, skuIds); },
      skuByCode: async (code) => { need('catalog:read'); return findSkuByCode(trx, code); },
    },
    stock: {
      move: async (move) => {
        need('stock:write');
        // A plugin's movements are marked as its own, so the ledger says who moved the stock.
        return moveStock(trx, tenantId, { ...move, type: move.type, sourceKey: `${pluginId}:${move.sourceKey}` });
      },
    },
  };
}
