import type { Trx } from '../../db/tenant-tx.ts';

/** A price change a plugin (or the kernel) makes at checkout. Negative amounts are discounts. */
export interface PriceAdjustment {
  /** `kernel` or the plugin's id; filled in by the hook bus for plugin taps. */
  source: string;
  /** What kind of change: `line_discount`, `gift`, `rounding`, `coupon`, ... */
  kind: string;
  /** The line it applies to (0-based index into the cart), or undefined for the whole order. */
  lineIndex?: number;
  amountFen: number;
  /** Shown to the cashier and the customer: `满100减10`, `抹零`. */
  reason: string;
  data?: Record<string, unknown>;
}

export interface PricedLine {
  skuId: string;
  productId: string;
  name: string;
  specText: string;
  barcode: string | null;
  weighed: boolean;
  gift: boolean;
  unitPriceFen: number;
  /** Pieces, or grams for weighed goods. */
  quantity: number;
  baseTotalFen: number;
}

/** The cart as it flows through `checkout.price`: each tap returns it with its adjustments added. */
export interface PriceDraft {
  lines: PricedLine[];
  adjustments: PriceAdjustment[];
}

export interface CheckoutContext {
  trx: Trx;
  tenantId: string;
  storeId: string;
  channel: 'pos' | 'mall';
  customerId: string | null;
  /** Inputs for plugins, keyed by plugin id (a coupon code, a greeting). */
  pluginInputs: Record<string, unknown>;
}

export interface OrderEvent {
  trx: Trx;
  tenantId: string;
  orderId: string;
  storeId: string;
  channel: 'pos' | 'mall';
}

export interface RefundEvent extends OrderEvent {
  refundId: string;
  amountFen: number;
}

/**
 * Every hook the kernel calls, with its mode. Waterfall taps transform the payload in turn;
 * series taps run in turn for their effects. All run inside the operation's transaction:
 * a tap that throws aborts the operation.
 */
export interface HookCatalogue {
  'checkout.price': { mode: 'waterfall'; payload: PriceDraft; context: CheckoutContext };
  'order.created': { mode: 'series'; payload: OrderEvent; context: OrderEvent };
  'order.paid': { mode: 'series'; payload: OrderEvent; context: OrderEvent };
  'order.refunded': { mode: 'series'; payload: RefundEvent; context: RefundEvent };
}

export type HookName = keyof HookCatalogue;

export const hookModes: { [K in HookName]: HookCatalogue[K]['mode'] } = {
  'checkout.price': 'waterfall',
  'order.created': 'series',
  'order.paid': 'series',
  'order.refunded': 'series',
};
