import { validateDocument } from '../http/validation.ts';
import { fen } from '../http/schemas.ts';

/**
 * A store's settings (seed 2.1.5.*) as one validated document. Every field has a default, so a
 * new store works at once and a partial update keeps what it does not mention.
 */
export const storeSettingsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    /** 2.1.5.1 商品折上折: member and promotion discounts may stack on a discounted price. */
    discountOnDiscount: { type: 'boolean', default: false },
    /** 2.1.5.2 会员免密支付: members pay from balance without a password up to a limit. */
    passwordFreeMemberPayment: {
      type: 'object', additionalProperties: false, default: {},
      properties: { enabled: { type: 'boolean', default: false }, limitFen: { ...fen, default: 20000 } },
    },
    /** 2.1.5.3 收银默认抹零方式: how the till rounds a cash total. */
    defaultRounding: { type: 'string', enum: ['none', 'drop_fen', 'drop_jiao', 'round_jiao'], default: 'none' },
    /** 2.1.5.4 会员现金存零: cash change may be kept as member balance. */
    cashChangeToBalance: { type: 'boolean', default: false },
    /** 2.1.5.5 线下零库存销售: the till may sell below zero stock (online never does). */
    zeroStockSale: { type: 'boolean', default: false },
    /** 2.1.5.6 自动拆分: a pack is split into units when units run out. */
    autoSplitPacks: { type: 'boolean', default: false },
    /** 2.1.5.7 商城客服 */
    customerService: {
      type: 'object', additionalProperties: false, default: {},
      properties: { phone: { type: 'string', maxLength: 32, default: '' }, wechat: { type: 'string', maxLength: 64, default: '' } },
    },
    /** 2.1.5.8 配送方式 */
    delivery: {
      type: 'object', additionalProperties: false, default: {},
      properties: {
        pickup: { type: 'boolean', default: true },
        sameCity: {
          type: 'object', additionalProperties: false, default: {},
          properties: {
            enabled: { type: 'boolean', default: false },
            feeFen: { ...fen, default: 500 },
            freeAboveFen: { ...fen, default: 0 },
            radiusMeters: { type: 'integer', minimum: 0, maximum: 100000, default: 5000 },
          },
        },
        express: {
          type: 'object', additionalProperties: false, default: {},
          properties: { enabled: { type: 'boolean', default: false }, feeFen: { ...fen, default: 1000 } },
        },
      },
    },
    /** 2.1.5.10 线上/下退货时间, in days after the sale (0: no returns). */
    returnWindows: {
      type: 'object', additionalProperties: false, default: {},
      properties: {
        onlineDays: { type: 'integer', minimum: 0, maximum: 365, default: 7 },
        offlineDays: { type: 'integer', minimum: 0, maximum: 365, default: 7 },
      },
    },
    /**
     * 售后审核: a customer's refund request from the mall waits for staff to approve it
     * (`manual`), or is refunded at once (`auto`). Manual by default: money leaves the shop on
     * an online request, often before the goods are back, so merchants expect to look first
     * (the marketplaces' default too); `auto` is the opt-in for shops that trust it.
     */
    refundApproval: { type: 'string', enum: ['auto', 'manual'], default: 'manual' },
    /** 2.1.5.11 商品标签 the store offers. */
    productLabels: {
      type: 'array', maxItems: 50, default: [],
      items: { type: 'string', minLength: 1, maxLength: 10 },
    },
    /** 2.1.5.12 商品默认图片: a storage key or URL shown when a product has no image. */
    defaultProductImage: { type: ['string', 'null'], maxLength: 500, default: null },
    /** 2.1.5.13 条码结算价格设置: scale barcodes settle at the printed price or weight × system price. */
    barcodePriceRule: { type: 'string', enum: ['barcode_price', 'system_price'], default: 'barcode_price' },
    /** 2.1.5.14 盘点显示当前库存 */
    stocktakeShowsOnHand: { type: 'boolean', default: true },
  },
} as const;

export type Rounding = 'none' | 'drop_fen' | 'drop_jiao' | 'round_jiao';

export interface StoreSettings {
  discountOnDiscount: boolean;
  passwordFreeMemberPayment: { enabled: boolean; limitFen: number };
  defaultRounding: Rounding;
  cashChangeToBalance: boolean;
  zeroStockSale: boolean;
  autoSplitPacks: boolean;
  customerService: { phone: string; wechat: string };
  delivery: {
    pickup: boolean;
    sameCity: { enabled: boolean; feeFen: number; freeAboveFen: number; radiusMeters: number };
    express: { enabled: boolean; feeFen: number };
  };
  returnWindows: { onlineDays: number; offlineDays: number };
  refundApproval: 'auto' | 'manual';
  productLabels: string[];
  defaultProductImage: string | null;
  barcodePriceRule: 'barcode_price' | 'system_price';
  stocktakeShowsOnHand: boolean;
}

/** The stored document (possibly from an older version) with every default filled in. */
export function resolveSettings(stored: unknown): StoreSettings {
  return validateDocument<StoreSettings>(storeSettingsSchema, stored ?? {}, 'settings');
}

/** Merges a partial update into the current settings (objects merge, arrays and values replace) and validates it. */
export function mergeSettings(current: StoreSettings, patch: Record<string, unknown>): StoreSettings {
  return validateDocument<StoreSettings>(storeSettingsSchema, deepMerge({ ...current }, patch), 'body');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function deepMerge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [key, value] of Object.entries(b)) {
    const before = out[key];
    out[key] = isPlainObject(before) && isPlainObject(value) ? deepMerge(before, value) : value;
  }
  return out;
}

/** Applies the store's 抹零 rule to a cash amount in fen. */
export function roundCash(amountFen: number, rule: Rounding): number {
  switch (rule) {
    case 'none': return amountFen;
    case 'drop_fen': return amountFen - (amountFen % 10);
    case 'drop_jiao': return amountFen - (amountFen % 100);
    case 'round_jiao': return Math.round(amountFen / 10) * 10;
  }
}
