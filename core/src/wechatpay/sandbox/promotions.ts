/**
 * Vouchers (代金券) redeemed inside a payment, as WeChat does it: the payer's best usable
 * coupon is applied automatically, the payer pays total − discount, and the transaction carries
 * `promotion_detail`. Refunds give back the discount in proportion (`promotion_detail[].refund_amount`).
 */
import type { Knex } from 'knex';
import { num, SANDBOX_SCHEMA } from './db.ts';

export interface GoodsLine { merchant_goods_id: string; quantity: number; unit_price: number }

export interface PromotionDetail {
  coupon_id: string;
  name: string;
  scope: 'GLOBAL' | 'SINGLE';
  type: 'CASH' | 'NOCASH';
  amount: number;
  stock_id: string;
  wechatpay_contribute: number;
  merchant_contribute: number;
  other_contribute: number;
  currency: 'CNY';
  goods_detail?: { goods_id: string; quantity: number; unit_price: number; discount_amount: number }[];
}

export interface RefundPromotion {
  promotion_id: string;
  scope: 'GLOBAL' | 'SINGLE';
  type: 'CASH' | 'NOCASH';
  amount: number;
  refund_amount: number;
}

export interface PaymentFacts {
  subMchid: string;
  total: number;
  tradeType: 'JSAPI' | 'MICROPAY';
  goodsTag: string | undefined;
  goodsDetail: GoodsLine[] | undefined;
}

interface CandidateRow {
  coupon_id: string;
  stock_id: string;
  coupon_amount_fen: string | number;
  transaction_minimum_fen: string | number;
  no_cash: boolean;
  belong_merchant: string;
  stock: FavorStockBody;
}

/** The parts of a favor stock (as created) that decide where a coupon applies. */
export interface FavorStockBody {
  stock_name: string;
  available_begin_time: string;
  available_end_time: string;
  coupon_use_rule: {
    goods_tag?: string[];
    trade_type?: string[];
    available_merchants?: string[];
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/** WeChat's voucher trade types for our two payment kinds (JSAPI covers mini program and official account). */
const VOUCHER_TRADE_TYPES: Record<PaymentFacts['tradeType'], string[]> = { JSAPI: ['MICROAPP', 'OTHER', 'JSAPI'], MICROPAY: ['CARD', 'MICROPAY'] };

function usable(row: CandidateRow, facts: PaymentFacts, now: Date): boolean {
  const rule = row.stock.coupon_use_rule;
  if (now < new Date(row.stock.available_begin_time) || now > new Date(row.stock.available_end_time)) return false;
  const merchants = new Set([row.belong_merchant, ...(rule.available_merchants ?? [])]);
  if (!merchants.has(facts.subMchid)) return false;
  if (facts.total < num(row.transaction_minimum_fen)) return false;
  if (rule.goods_tag && rule.goods_tag.length > 0 && !(facts.goodsTag && rule.goods_tag.includes(facts.goodsTag))) return false;
  if (rule.trade_type && rule.trade_type.length > 0 && !rule.trade_type.some((t) => VOUCHER_TRADE_TYPES[facts.tradeType].includes(t))) return false;
  return true;
}

/** Splits a discount over the order lines in proportion to their value; the last line takes the rounding. */
function splitOverLines(discount: number, lines: GoodsLine[]): NonNullable<PromotionDetail['goods_detail']> {
  const value = lines.reduce((sum, line) => sum + line.unit_price * line.quantity, 0);
  let left = discount;
  return lines.map((line, index) => {
    const share = index === lines.length - 1 ? left : Math.floor((discount * line.unit_price * line.quantity) / Math.max(1, value));
    left -= share;
    return { goods_id: line.merchant_goods_id, quantity: line.quantity, unit_price: line.unit_price, discount_amount: share };
  });
}

/**
 * Picks the payer's best usable voucher and locks it (in the payment's transaction). Null when
 * none applies. The payer always pays at least 1 fen.
 */
export async function chooseVoucher(trx: Knex.Transaction, openid: string | null, facts: PaymentFacts, now: Date): Promise<PromotionDetail | null> {
  if (!openid || facts.total < 2) return null;
  const rows = (await trx(`${SANDBOX_SCHEMA}.favor_coupons as c`)
    .join(`${SANDBOX_SCHEMA}.favor_stocks as s`, 's.stock_id', 'c.stock_id')
    .where({ 'c.openid': openid, 'c.status': 'SENDED', 's.status': 'running' })
    .select('c.coupon_id', 'c.stock_id', 'c.coupon_amount_fen', 'c.transaction_minimum_fen', 's.no_cash', 's.belong_merchant', 's.stock')
    .orderBy([{ column: 'c.coupon_amount_fen', order: 'desc' }, { column: 'c.created_at', order: 'asc' }])
    .forUpdate('c')) as CandidateRow[];
  const best = rows.find((row) => usable(row, facts, now));
  if (!best) return null;
  const discount = Math.min(num(best.coupon_amount_fen), facts.total - 1);
  const single = (best.stock.coupon_use_rule.goods_tag?.length ?? 0) > 0 && (facts.goodsDetail?.length ?? 0) > 0;
  return {
    coupon_id: best.coupon_id,
    name: best.stock.stock_name,
    scope: single ? 'SINGLE' : 'GLOBAL',
    type: best.no_cash ? 'NOCASH' : 'CASH',
    amount: discount,
    stock_id: best.stock_id,
    wechatpay_contribute: 0,
    merchant_contribute: discount,
    other_contribute: 0,
    currency: 'CNY',
    ...(single ? { goods_detail: splitOverLines(discount, facts.goodsDetail!) } : {}),
  };
}

/** What the merchant settles on: vouchers without pre-charged funds (NOCASH) are not paid to it. */
export function settlementTotal(total: number, promotions: PromotionDetail[]): number {
  return total - promotions.filter((p) => p.type === 'NOCASH').reduce((sum, p) => sum + p.amount, 0);
}

/**
 * The voucher part of a refund: each promotion gives back its share of `refund / total`, and the
 * refund that completes the order gives back whatever is left of it.
 */
export function refundShares(
  promotions: PromotionDetail[], total: number, refund: number, refundedBefore: number, previous: RefundPromotion[][],
): RefundPromotion[] {
  const completes = refundedBefore + refund >= total;
  return promotions.map((promotion) => {
    const given = previous.flat().filter((p) => p.promotion_id === promotion.coupon_id).reduce((sum, p) => sum + p.refund_amount, 0);
    const left = Math.max(0, promotion.amount - given);
    const share = completes ? left : Math.min(left, Math.floor((promotion.amount * refund) / total));
    return { promotion_id: promotion.coupon_id, scope: promotion.scope, type: promotion.type, amount: promotion.amount, refund_amount: share };
  });
}
