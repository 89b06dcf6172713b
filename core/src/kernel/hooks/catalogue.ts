import type { Trx } from '../../db/tenant-tx.ts';

/** A price change a plugin (or the kernel) makes at checkout. Negative amounts are discounts. */
export interface PriceAdjustment {
  /** `kernel` or the plugin's id; for a plugin's adjustments the hook bus writes it. */
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

/** The cart as it flows through `checkout.price`: each tap returns it with its adjustments appended. */
export interface PriceDraft {
  lines: PricedLine[];
  adjustments: PriceAdjustment[];
}

export interface CheckoutInfo {
  storeId: string;
  channel: 'pos' | 'mall';
  customerId: string | null;
  /** What the caller sent for plugins, keyed by plugin id; each tap sees its own entry as `input`. */
  pluginInputs: Record<string, unknown>;
}

export interface OrderEvent {
  orderId: string;
  storeId: string;
  channel: 'pos' | 'mall';
}

export interface RefundEvent extends OrderEvent {
  refundId: string;
  amountFen: number;
}

/** A code the till scanned (a scanner types it like a keyboard). */
export interface ScanInput {
  code: string;
  storeId: string;
  customerId: string | null;
}

/** What a scan handler recognised: the till adds a line, applies a coupon, or shows a message. */
export interface ScanResult {
  kind: string;
  /** The plugin that recognised the code (written by the hook bus). */
  source?: string;
  /** Shown to the cashier: `商家券 满100减10`. */
  label: string;
  data: Record<string, unknown>;
}

export interface ReceiptBlock {
  /** Who added it: `kernel` or a plugin id (written by the hook bus). */
  source: string;
  kind: 'text' | 'line' | 'qrcode' | 'barcode';
  text: string;
}

export interface Receipt {
  orderId: string;
  blocks: ReceiptBlock[];
}

/**
 * Every hook the kernel calls. `payload` is what taps receive and (waterfall) return; `info` is
 * read-only context about the operation. All run inside the operation's transaction: a tap
 * that throws aborts the operation. Modes: waterfall (each tap returns the next payload),
 * series (taps run for their effects; any may veto by throwing), bail (the first tap that
 * returns a result wins).
 */
export interface HookCatalogue {
  'checkout.price': { mode: 'waterfall'; payload: PriceDraft; info: CheckoutInfo; result: PriceDraft };
  'checkout.validate': { mode: 'series'; payload: PriceDraft; info: CheckoutInfo; result: void };
  'order.created': { mode: 'series'; payload: OrderEvent; info: OrderEvent & { pluginInputs: Record<string, unknown> }; result: void };
  'order.paid': { mode: 'series'; payload: OrderEvent; info: OrderEvent; result: void };
  'order.refunded': { mode: 'series'; payload: RefundEvent; info: RefundEvent; result: void };
  'pos.scan': { mode: 'bail'; payload: ScanInput; info: ScanInput; result: ScanResult | undefined };
  'receipt.render': { mode: 'waterfall'; payload: Receipt; info: { orderId: string; storeId: string }; result: Receipt };
}

export type HookName = keyof HookCatalogue;

/**
 * The catalogue at run time: each hook's mode and what it is for (docs/hooks.md is generated from
 * it). `appends` names the list a waterfall tap may only append to; the bus attributes each item
 * it appends to the tapping plugin.
 */
export const hookCatalogue: {
  [K in HookName]: { mode: HookCatalogue[K]['mode']; description: string; appends?: 'adjustments' | 'blocks' };
} = {
  'checkout.price': { mode: 'waterfall', appends: 'adjustments', description: 'Price a cart: append adjustments (discounts, coupons) to the draft. Runs for quotes and for orders.' },
  'checkout.validate': { mode: 'series', description: 'Veto a checkout by throwing a LingshouError (e.g. a coupon that no longer applies).' },
  'order.created': { mode: 'series', description: 'An order was written, in its transaction (stock taken, not yet paid); each tap sees its checkout input as `ctx.input`.' },
  'order.paid': { mode: 'series', description: 'An order became paid, in the payment\'s transaction.' },
  'order.refunded': { mode: 'series', description: 'A refund was recorded, in its transaction.' },
  'pos.scan': { mode: 'bail', description: 'Recognise a code scanned at the till (scale barcode, coupon, card); return a ScanResult or undefined.' },
  'receipt.render': { mode: 'waterfall', appends: 'blocks', description: 'Add blocks to a receipt (a greeting, the coupon used).' },
};

/** What the kernel passes when it calls a hook: the transaction and the tenant it runs for. */
export interface HookCall<K extends HookName> {
  trx: Trx;
  tenantId: string;
  info: HookCatalogue[K]['info'];
}
