import { errors } from '../errors.ts';
import { apiPath, type WechatpayClient } from './client.ts';
import { assertFen } from './payments.ts';
import type { OpenString } from './types.ts';

/**
 * 代金券 (favor, WeChat Pay vouchers): stocks the merchant funds (预充值, `no_cash: false`, funds
 * locked at activation) or not (免充值, `no_cash: true`, needs the sub-merchant's authorisation
 * of the service provider). Vouchers are redeemed by WeChat inside the payment and show up in
 * `promotion_detail`; COUPON.USE notifies the redemption. Shapes: research notes §B ([WIM]
 * openapi/v3/marketing/favor/*).
 *
 * ⚠ GUESS: `stock_creator_mchid` defaults to the SP mchid (the caller that creates the stock);
 * pass it explicitly when a stock was created by another mchid.
 */

export type FavorStockType = 'NORMAL' | 'DISCOUNT' | 'EXCHAHGE' | 'RANDOM' | 'DISCOUNT_CUT';

export interface CreateFavorStockInput {
  stock_name: string;
  /** RFC 3339. */
  available_begin_time: string;
  available_end_time: string;
  stock_use_rule: {
    max_coupons: number;
    /** Total budget, fen. */
    max_amount: number;
    max_amount_by_day?: number;
    max_coupons_per_user: number;
    natural_person_limit: boolean;
    prevent_api_abuse: boolean;
  };
  /** true = 免充值 (no-charge), false = 预充值 (pre-charged). */
  no_cash: boolean;
  /** (sic) EXCHAHGE is WeChat's spelling. */
  stock_type: FavorStockType;
  comment?: string;
  belong_merchant: string;
  pattern_info?: { description?: string; merchant_logo?: string; merchant_name?: string; background_color?: string; coupon_image?: string };
  coupon_use_rule: {
    coupon_available_time?: Record<string, unknown>;
    /** Amounts in fen. */
    fixed_normal_coupon?: { coupon_amount: number; transaction_minimum: number };
    /** Orders must send a matching goods_tag (≤ 32 characters; any one tag matches). */
    goods_tag?: string[];
    limit_pay?: string[];
    trade_type?: string[];
    /** Item-level vouchers: orders need detail.goods_detail. */
    available_items?: string[];
    available_merchants?: string[];
    combine_use?: boolean;
  };
  out_request_no: string;
}

/** `POST /v3/marketing/favor/coupon-stocks` → `{stock_id, create_time}` */
export async function createFavorStock(client: WechatpayClient, input: CreateFavorStockInput): Promise<{ stock_id: string; create_time: string }> {
  assertFen(input.stock_use_rule?.max_amount, 'stock_use_rule.max_amount');
  const fixed = input.coupon_use_rule?.fixed_normal_coupon;
  if (fixed) {
    assertFen(fixed.coupon_amount, 'coupon_use_rule.fixed_normal_coupon.coupon_amount');
    assertFen(fixed.transaction_minimum, 'coupon_use_rule.fixed_normal_coupon.transaction_minimum', { allowZero: true });
  }
  if (!input.out_request_no) throw errors.LS_INPUT_INVALID('out_request_no is required', { field: 'out_request_no' });
  const { data } = await client.post<{ stock_id: string; create_time: string }>('/v3/marketing/favor/coupon-stocks', input);
  return data;
}

type StockAction = 'start' | 'pause' | 'restart';

async function stockAction<T>(client: WechatpayClient, action: StockAction, stockId: string, stockCreatorMchid?: string): Promise<T> {
  const path = `${apiPath`/v3/marketing/favor/stocks/${stockId}`}/${action}`;
  const { data } = await client.post<T>(path, { stock_creator_mchid: stockCreatorMchid ?? client.credentials.spMchid });
  return data;
}

/** `POST …/stocks/{stock_id}/start` (激活): a pre-charged stock locks its funds now → `{stock_id, start_time}` */
export function startFavorStock(client: WechatpayClient, stockId: string, stockCreatorMchid?: string) {
  return stockAction<{ stock_id: string; start_time: string }>(client, 'start', stockId, stockCreatorMchid);
}

/** `POST …/stocks/{stock_id}/pause` → `{stock_id, pause_time}` */
export function pauseFavorStock(client: WechatpayClient, stockId: string, stockCreatorMchid?: string) {
  return stockAction<{ stock_id: string; pause_time: string }>(client, 'pause', stockId, stockCreatorMchid);
}

/** `POST …/stocks/{stock_id}/restart` → `{stock_id, restart_time}` */
export function restartFavorStock(client: WechatpayClient, stockId: string, stockCreatorMchid?: string) {
  return stockAction<{ stock_id: string; restart_time: string }>(client, 'restart', stockId, stockCreatorMchid);
}

export type FavorStockStatus = OpenString<'unactivated' | 'audit' | 'running' | 'stoped' | 'paused'>;

/** `GET …/stocks/{stock_id}?stock_creator_mchid=` (for syncing state). */
export interface FavorStock {
  stock_id: string;
  stock_creator_mchid?: string;
  stock_name: string;
  /** (sic) lower case, `stoped`. */
  status: FavorStockStatus;
  available_begin_time: string;
  available_end_time: string;
  stock_use_rule: CreateFavorStockInput['stock_use_rule'];
  no_cash: boolean;
  stock_type: FavorStockType;
  description?: string;
  create_time?: string;
  start_time?: string;
  stop_time?: string;
  singleitem?: boolean;
  /** Coupons sent so far. */
  distributed_coupons?: number;
}

export async function getFavorStock(client: WechatpayClient, stockId: string, stockCreatorMchid?: string): Promise<FavorStock> {
  const { data } = await client.get<FavorStock>(apiPath`/v3/marketing/favor/stocks/${stockId}`, {
    stock_creator_mchid: stockCreatorMchid ?? client.credentials.spMchid,
  });
  return data;
}

export interface SendFavorCouponInput {
  stock_id: string;
  /** Idempotency key per recipient: store it first, reuse it on retry. */
  out_request_no: string;
  /** The appid the openid belongs to. */
  appid: string;
  stock_creator_mchid?: string;
  coupon_value?: number;
  coupon_minimum?: number;
}

/** `POST /v3/marketing/favor/users/{openid}/coupons` → `{coupon_id}` */
export async function sendFavorCoupon(client: WechatpayClient, openid: string, input: SendFavorCouponInput): Promise<{ coupon_id: string }> {
  const { data } = await client.post<{ coupon_id: string }>(apiPath`/v3/marketing/favor/users/${openid}/coupons`, {
    ...input,
    stock_creator_mchid: input.stock_creator_mchid ?? client.credentials.spMchid,
  });
  return data;
}
