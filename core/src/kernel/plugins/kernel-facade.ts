import type { Trx } from '../../db/tenant-tx.ts';
import { getOrderDetail, orderToApi, type OrderDetail } from '../../orders/order-detail.ts';
import type { OrderRow } from '../../orders/orders.service.ts';
import { renderReceipt } from '../../orders/receipt.ts';
import { getStoreRow, storeToApi, type StoreRow } from '../../stores/stores.service.ts';
import type { HookBus } from '../hooks/hook-bus.ts';
import type { PaymentMethodRegistry } from '../../payments/payment-methods.ts';
import type { Receipt } from '../hooks/catalogue.ts';
import { getCustomerRow, customerToApi } from '../../customers/customers.service.ts';
import { findSkusForSale, findSkuByCode, type SaleSku } from '../../catalog/skus.service.ts';
import { moveStock, type StockMove, type StockMoveResult } from '../../stock/stock.service.ts';
import type { Capability } from './capabilities.ts';
import type { WechatpayBinding, WechatpayBindings } from '../../wechatpay/merchant-binding.ts';
import type { WechatpayClient } from '../../wechatpay/client.ts';
import { buildSendCouponParams, type SendCouponItem, type SendCouponParams } from '../../wechatpay/v2-sign.ts';

/**
 * The kernel as a plugin sees it: a few services bound to the current transaction and tenant,
 * each usable only with its declared capability. Plugins never import the kernel's modules.
 */
export interface KernelFacade {
  orders: {
    get(orderId: string): Promise<OrderDetail>;
    /**
     * The order's receipt as `GET /api/v1/orders/:id/receipt` answers it: the kernel's blocks,
     * then the `receipt.render` blocks of every plugin the merchant enabled. Not for use inside a
     * `receipt.render` tap (it would render itself again).
     */
    receipt(orderId: string): Promise<Receipt>;
    /**
     * A store's orders, newest first (by creation), without lines: `status` one state or several,
     * `paid: true` only orders that were paid (whatever happened after), `limit` 1–100 (default 20).
     * @example const [last] = await ctx.kernel.orders.list({ storeId, paid: true, limit: 1 });
     */
    list(query: OrderListQuery): Promise<OrderSummary[]>;
    /** Stores the plugin's own data on an order, under its id (`order.extensions[pluginId]`). */
    setExtension(orderId: string, value: unknown): Promise<void>;
  };
  customers: {
    get(customerId: string): Promise<ReturnType<typeof customerToApi>>;
    /** The customer's WeChat identities: one openid per appid (mini program, official account). */
    wechatIdentities(customerId: string): Promise<{ appid: string; openid: string; unionid: string | null }[]>;
    /** Many customers' openids for one appid (the mall's mini program) in one read, by customer id; a customer with none is absent. */
    openids(appid: string, customerIds: readonly string[]): Promise<Map<string, string>>;
    /**
     * Customers in id order, a page at a time (for segments such as all members of a store):
     * pass the last id of a page as `afterId` for the next; `limit` at most 500.
     */
    list(query?: { homeStoreId?: string; afterId?: string; limit?: number }): Promise<ReturnType<typeof customerToApi>[]>;
  };
  stores: {
    /** One of the merchant's stores; LS_RESOURCE_NOT_FOUND (404) for an unknown id or another merchant's. */
    get(storeId: string): Promise<Store>;
    /** Every store of the merchant, active or not, by code. */
    list(): Promise<Store[]>;
  };
  catalog: {
    skus(skuIds: string[]): Promise<Map<string, SaleSku>>;
    skuByCode(code: string): Promise<SaleSku>;
  };
  stock: { move(move: StockMove): Promise<StockMoveResult> };
  wechatpay: {
    /** The merchant as a sub-merchant of its partner; LS_WECHATPAY_NOT_CONFIGURED (409) when it is not one. */
    binding(): Promise<WechatpayBinding>;
    /** A client signed as the partner, pointed at WeChat Pay or the sandbox. */
    client(): Promise<WechatpayClient>;
    /** The mini-program send-coupon plugin's parameters, signed with the partner's APIv2 key. */
    sendCouponParams(coupons: SendCouponItem[]): Promise<SendCouponParams>;
    /** Claims a stock for this merchant, so its coupon notifications reach it (binding.marketingNotifyUrl). */
    registerStock(stockId: string, product: 'favor' | 'busifavor'): Promise<void>;
  };
}

export type Store = ReturnType<typeof storeToApi>;
export type OrderSummary = ReturnType<typeof orderToApi>;

export interface OrderListQuery {
  storeId: string;
  status?: string | string[];
  paid?: boolean;
  limit?: number;
}

/** Kernel services the facade reaches besides the transaction. */
export interface FacadeServices {
  wechatpay: WechatpayBindings;
  /** The hook bus and the payment methods, for the receipt (its `receipt.render` taps, the tenders' names). */
  hooks: HookBus;
  payments: PaymentMethodRegistry;
}

export function createKernelFacade(
  trx: Trx, tenantId: string, pluginId: string, granted: readonly Capability[], services: FacadeServices,
): KernelFacade {
  const need = (capability: Capability) => {
    if (!granted.includes(capability)) {
      throw new Error(`Plugin ${pluginId} used ${capability} without declaring it in its permissions`);
    }
  };
  // The merchant's WeChat Pay, read once per transaction: a claim asks for the binding and then signs with it.
  let merchantWechatpay: ReturnType<WechatpayBindings['forTenant']> | undefined;
  const wechatpay = () => (merchantWechatpay ??= services.wechatpay.forTenant(tenantId, trx));
  return {
    orders: {
      get: async (orderId) => { need('orders:read'); return getOrderDetail(trx, orderId); },
      receipt: async (orderId) => { need('orders:read'); return renderReceipt(trx, services, tenantId, orderId); },
      list: async (query) => {
        need('orders:read');
        const statuses = query.status === undefined ? [] : [query.status].flat();
        // Walks the (tenant_id, store_id, created_at) index backwards and stops at the limit.
        const rows = await trx<OrderRow>('orders').where({ store_id: query.storeId })
          .modify((q) => {
            if (statuses.length > 0) q.whereIn('status', statuses);
            if (query.paid) q.whereNotNull('paid_at');
          })
          .orderBy([{ column: 'created_at', order: 'desc' }, { column: 'id', order: 'desc' }])
          .limit(Math.min(Math.max(query.limit ?? 20, 1), 100)).select('*');
        return rows.map(orderToApi);
      },
      setExtension: async (orderId, value) => {
        need('orders:write');
        await trx('orders').where({ id: orderId })
          .update({ extensions: trx.raw(`jsonb_set(extensions, ?, ?::jsonb)`, [`{${pluginId}}`, JSON.stringify(value)]), updated_at: trx.fn.now() });
      },
    },
    customers: {
      get: async (customerId) => { need('customers:read'); return customerToApi(await getCustomerRow(trx, customerId)); },
      wechatIdentities: async (customerId) => {
        need('customers:read');
        const rows = await trx('customer_wechat_identities').where({ customer_id: customerId }).orderBy('appid').select('appid', 'openid', 'unionid');
        return rows.map((row) => ({ appid: row.appid as string, openid: row.openid as string, unionid: (row.unionid as string | null) ?? null }));
      },
      openids: async (appid, customerIds) => {
        need('customers:read');
        if (customerIds.length === 0) return new Map();
        const rows = await trx('customer_wechat_identities').where({ appid }).whereIn('customer_id', [...new Set(customerIds)])
          .select('customer_id', 'openid') as { customer_id: string; openid: string }[];
        return new Map(rows.map((row) => [row.customer_id, row.openid]));
      },
      list: async (query = {}) => {
        need('customers:read');
        const rows = await trx('customers')
          .modify((q) => {
            if (query.homeStoreId) q.where({ home_store_id: query.homeStoreId });
            if (query.afterId) q.where('id', '>', query.afterId);
          })
          .orderBy('id').limit(Math.min(Math.max(query.limit ?? 100, 1), 500)).select('*');
        return rows.map(customerToApi);
      },
    },
    stores: {
      get: async (storeId) => { need('stores:read'); return storeToApi(await getStoreRow(trx, storeId)); },
      list: async () => {
        need('stores:read');
        return (await trx<StoreRow>('stores').orderBy('code').orderBy('id').select('*')).map(storeToApi);
      },
    },
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
    wechatpay: {
      binding: async () => { need('wechatpay:use'); return (await wechatpay()).binding; },
      client: async () => { need('wechatpay:use'); return (await wechatpay()).client; },
      sendCouponParams: async (coupons) => {
        need('wechatpay:use');
        const { credentials } = await wechatpay();
        return buildSendCouponParams({ coupons, sendCouponMerchant: credentials.spMchid, apiv2Key: credentials.apiv2Key });
      },
      registerStock: async (stockId, product) => {
        need('wechatpay:use');
        await trx('wechatpay_stocks').insert({ tenant_id: tenantId, stock_id: stockId, product, plugin_id: pluginId }).onConflict(['tenant_id', 'stock_id']).ignore();
      },
    },
  };
}
