import { errors } from '../errors.ts';
import { apiPath, type WechatpayClient } from './client.ts';
import type { OpenString } from './types.ts';

/**
 * 商家券 (busifavor, merchant coupons), partner mode: the SP signs; `belong_merchant` is the
 * sub-merchant. Shapes: research notes §A ([WIM] openapi/v3/marketing/busifavor/*, [WPJ],
 * [PDOC]). Every mutating call carries a request number the caller stores first and reuses on
 * retry (out_request_no, modify_budget_request_no, use_request_no, return_request_no,
 * deactivate_request_no).
 */

export type BusifavorStockType = 'NORMAL' | 'DISCOUNT' | 'EXCHANGE';
/** SELF_CONSUME: "not yet supported" per a Go SDK comment (notes §A). */
export type BusifavorUseMethod = 'OFF_LINE' | 'MINI_PROGRAMS' | 'PAYMENT_CODE' | 'SELF_CONSUME';
export type BusifavorCodeMode = 'WECHATPAY_MODE' | 'MERCHANT_API' | 'MERCHANT_UPLOAD';

export interface BusifavorAvailableTime {
  /** RFC 3339. */
  available_begin_time: string;
  available_end_time: string;
  /** Valid for N days after taking effect. */
  available_day_after_receive?: number;
  /** Must be used together with available_day_after_receive. */
  wait_days_after_receive?: number;
  available_week?: { week_day?: number[]; available_day_time?: Array<{ begin_time: number; end_time: number }> };
  /** (sic) WeChat's spelling. */
  irregulary_avaliable_time?: Array<{ begin_time: string; end_time: string }>;
}

export interface BusifavorCouponUseRule {
  coupon_available_time: BusifavorAvailableTime;
  /** Exactly one of the three, matching stock_type. Amounts in fen. */
  fixed_normal_coupon?: { discount_amount: number; transaction_minimum: number };
  /** discount_percent 88 = 八八折. */
  discount_coupon?: { discount_percent: number; transaction_minimum: number };
  exchange_coupon?: { exchange_price: number; transaction_minimum: number };
  use_method: BusifavorUseMethod;
  /** Required with MINI_PROGRAMS. */
  mini_programs_appid?: string;
  mini_programs_path?: string;
}

export interface BusifavorStockSendRule {
  /** 1 … 1 000 000 000: the budget as a number of coupons. */
  max_coupons: number;
  /** At most 100. */
  max_coupons_per_user: number;
  /** DISCOUNT and EXCHANGE only. */
  max_coupons_by_day?: number;
  natural_person_limit?: boolean;
  prevent_api_abuse?: boolean;
  // max_amount / max_amount_by_day: "暂未开放" (not open yet) per the notes, so not offered here.
}

export interface CreateBusifavorStockInput {
  /**
   * At most 21 characters (one Chinese character = one).
   * ⚠ A Go SDK comment says 21 *bytes* (UTF-8); the notes think that is older wording. The
   * back office additionally applies the seed manual's stricter byte limits.
   */
  stock_name: string;
  /** The sub-merchant's mchid (子商户号), 8–15 characters. */
  belong_merchant: string;
  /** At most 20 characters, shown to the merchant only. */
  comment?: string;
  /** 适用商品范围, at most 15 characters, shown in the WeChat card bag. */
  goods_name: string;
  stock_type: BusifavorStockType;
  coupon_use_rule: BusifavorCouponUseRule;
  stock_send_rule: BusifavorStockSendRule;
  /** 1–128 characters, unique per merchant ("商户id+日期+流水号"). */
  out_request_no: string;
  coupon_code_mode: BusifavorCodeMode;
  custom_entrance?: { code_display_mode?: 'NOT_SHOW' | 'BARCODE' | 'QRCODE'; [field: string]: unknown };
  display_pattern_info?: { merchant_name?: string; background_color?: string; [field: string]: unknown };
  /** Without notify_appid, claim callbacks carry empty openid/unionid. */
  notify_config?: { notify_appid?: string };
}

const characters = (text: string) => [...text].length;

function checkLength(value: string | undefined, field: string, min: number, max: number): void {
  if (value === undefined) return;
  const n = characters(value);
  if (n < min || n > max) throw errors.LS_INPUT_INVALID(`${field} must be ${min}–${max} characters`, { field });
}

function checkCount(value: number | undefined, field: string, min: number, max: number): void {
  if (value === undefined) return;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw errors.LS_INPUT_INVALID(`${field} must be a whole number from ${min} to ${max}`, { field });
  }
}

/** WeChat's own limits (notes §A), checked before calling so the user sees the field at fault. */
export function validateBusifavorStock(input: CreateBusifavorStockInput): void {
  checkLength(input.stock_name, 'stock_name', 1, 21);
  checkLength(input.belong_merchant, 'belong_merchant', 8, 15);
  checkLength(input.comment, 'comment', 1, 20);
  checkLength(input.goods_name, 'goods_name', 1, 15);
  checkLength(input.out_request_no, 'out_request_no', 1, 128);
  checkCount(input.stock_send_rule?.max_coupons, 'stock_send_rule.max_coupons', 1, 1_000_000_000);
  checkCount(input.stock_send_rule?.max_coupons_per_user, 'stock_send_rule.max_coupons_per_user', 1, 100);
  const rule = input.coupon_use_rule;
  const kinds = [rule?.fixed_normal_coupon, rule?.discount_coupon, rule?.exchange_coupon].filter(Boolean).length;
  const expected = { NORMAL: rule?.fixed_normal_coupon, DISCOUNT: rule?.discount_coupon, EXCHANGE: rule?.exchange_coupon }[input.stock_type];
  if (kinds !== 1 || !expected) {
    throw errors.LS_INPUT_INVALID('coupon_use_rule needs exactly the rule matching stock_type', { field: 'coupon_use_rule' });
  }
  if (rule.use_method === 'MINI_PROGRAMS' && (!rule.mini_programs_appid || !rule.mini_programs_path)) {
    throw errors.LS_INPUT_INVALID('MINI_PROGRAMS needs mini_programs_appid and mini_programs_path', { field: 'coupon_use_rule.mini_programs_appid' });
  }
}

/** `POST /v3/marketing/busifavor/stocks` → `{stock_id, create_time}` */
export async function createBusifavorStock(client: WechatpayClient, input: CreateBusifavorStockInput): Promise<{ stock_id: string; create_time: string }> {
  validateBusifavorStock(input);
  const { data } = await client.post<{ stock_id: string; create_time: string }>('/v3/marketing/busifavor/stocks', input);
  return data;
}

/**
 * A code the merchant uploads to a MERCHANT_UPLOAD stock: 1–32 of `0-9 a-z A-Z - _ \ / = |`
 * (partner doc chapter9_2_6, 上传预存code).
 */
export const BUSIFAVOR_UPLOAD_CODE = /^[0-9A-Za-z\-_\\/=|]{1,32}$/;
/** At most this many codes per upload request (the same page). */
export const BUSIFAVOR_UPLOAD_BATCH = 200;

export interface UploadBusifavorCouponCodesInput {
  coupon_code_list: string[];
  /** 1–128 characters, unique per merchant: a retry of the same batch reuses it. */
  upload_request_no: string;
}

/** What WeChat answers an upload: the codes it took, those it already had, and those it refused with why. */
export interface UploadBusifavorCouponCodesResult {
  stock_id: string;
  /** The request's codes once duplicates are dropped. */
  total_count: number;
  success_count: number;
  success_codes?: string[];
  success_time: string;
  fail_count?: number;
  fail_codes?: Array<{ coupon_code: string; code: string; message: string }>;
  exist_codes?: string[];
  duplicate_codes?: string[];
}

/**
 * `POST …/stocks/{stock_id}/couponcodes` (上传预存code): codes for a MERCHANT_UPLOAD stock, of
 * which WeChat picks one at random for each coupon it sends. The list is checked against
 * WeChat's rules first, naming the code at fault (`coupon_code_list.<i>`).
 */
export async function uploadBusifavorCouponCodes(
  client: WechatpayClient, stockId: string, input: UploadBusifavorCouponCodesInput,
): Promise<UploadBusifavorCouponCodesResult> {
  const codes = input.coupon_code_list;
  if (!Array.isArray(codes) || codes.length < 1 || codes.length > BUSIFAVOR_UPLOAD_BATCH) {
    throw errors.LS_INPUT_INVALID(`coupon_code_list takes 1–${BUSIFAVOR_UPLOAD_BATCH} codes`, { field: 'coupon_code_list' });
  }
  const bad = codes.findIndex((code) => typeof code !== 'string' || !BUSIFAVOR_UPLOAD_CODE.test(code));
  if (bad >= 0) {
    throw errors.LS_INPUT_INVALID('A code is 1–32 of 0-9 a-z A-Z - _ \\ / = |', { field: `coupon_code_list.${bad}` });
  }
  checkLength(input.upload_request_no, 'upload_request_no', 1, 128);
  const { data } = await client.post<UploadBusifavorCouponCodesResult>(apiPath`/v3/marketing/busifavor/stocks/${stockId}/couponcodes`, input);
  return data;
}

export type BusifavorStockState = OpenString<'UNAUDIT' | 'RUNNING' | 'STOPED' | 'PAUSED'>;

/** `GET …/stocks/{stock_id}`: the fields the notes list, plus the echoed configuration. */
export interface BusifavorStock extends Partial<Omit<CreateBusifavorStockInput, 'out_request_no'>> {
  stock_id: string;
  /** (sic) STOPED. */
  stock_state: BusifavorStockState;
  coupon_code_mode?: BusifavorCodeMode;
  coupon_code_count?: { total_count: number; available_count: number };
  send_count_information?: { total_send_num?: number; total_send_amount?: number; today_send_num?: number; today_send_amount?: number };
}

export async function getBusifavorStock(client: WechatpayClient, stockId: string): Promise<BusifavorStock> {
  const { data } = await client.get<BusifavorStock>(apiPath`/v3/marketing/busifavor/stocks/${stockId}`);
  return data;
}

/** PATCH …/stocks/{stock_id}: name, comment, goods_name, entrance, use_method; no amounts. Answers 204. */
export interface UpdateBusifavorStockInput {
  out_request_no: string;
  stock_name?: string;
  comment?: string;
  goods_name?: string;
  custom_entrance?: Record<string, unknown>;
  display_pattern_info?: Record<string, unknown>;
  coupon_use_rule?: { use_method?: BusifavorUseMethod; mini_programs_appid?: string; mini_programs_path?: string };
  stock_send_rule?: { natural_person_limit?: boolean; prevent_api_abuse?: boolean };
  notify_config?: { notify_appid?: string };
}

export async function updateBusifavorStock(client: WechatpayClient, stockId: string, input: UpdateBusifavorStockInput): Promise<void> {
  checkLength(input.stock_name, 'stock_name', 1, 21);
  checkLength(input.comment, 'comment', 1, 20);
  checkLength(input.goods_name, 'goods_name', 1, 15);
  await client.patch(apiPath`/v3/marketing/busifavor/stocks/${stockId}`, input);
}

export interface UpdateBusifavorBudgetInput {
  modify_budget_request_no: string;
  target_max_coupons?: number;
  /** The value we believe is current; WeChat refuses the change when it is not. */
  current_max_coupons?: number;
  target_max_coupons_by_day?: number;
  current_max_coupons_by_day?: number;
}

/** `PATCH …/stocks/{stock_id}/budget` → `{max_coupons, max_coupons_by_day?}` */
export async function updateBusifavorBudget(
  client: WechatpayClient, stockId: string, input: UpdateBusifavorBudgetInput,
): Promise<{ max_coupons: number; max_coupons_by_day?: number }> {
  if (input.target_max_coupons === undefined && input.target_max_coupons_by_day === undefined) {
    throw errors.LS_INPUT_INVALID('target_max_coupons or target_max_coupons_by_day is required', { field: 'target_max_coupons' });
  }
  checkCount(input.target_max_coupons, 'target_max_coupons', 1, 1_000_000_000);
  const { data } = await client.patch<{ max_coupons: number; max_coupons_by_day?: number }>(
    apiPath`/v3/marketing/busifavor/stocks/${stockId}/budget`, input,
  );
  return data;
}

export interface UseBusifavorCouponInput {
  coupon_code: string;
  /** Must be bound to the calling mchid (the SP) or to the belong_merchant. */
  appid: string;
  /** RFC 3339. */
  use_time: string;
  use_request_no: string;
  /** Mandatory in MERCHANT_API and MERCHANT_UPLOAD code modes. */
  stock_id?: string;
  openid?: string;
  out_trade_no?: string;
  mch_id?: string;
  transaction_id?: string;
}

/** `POST /v3/marketing/busifavor/coupons/use` (核销 at the till) → `{stock_id, openid, wechatpay_use_time}` */
export async function useBusifavorCoupon(
  client: WechatpayClient, input: UseBusifavorCouponInput,
): Promise<{ stock_id: string; openid: string; wechatpay_use_time: string }> {
  const { data } = await client.post<{ stock_id: string; openid: string; wechatpay_use_time: string }>('/v3/marketing/busifavor/coupons/use', input);
  return data;
}

/** `POST …/coupons/return`: only for coupons already redeemed → `{wechatpay_return_time}` */
export async function returnBusifavorCoupon(
  client: WechatpayClient, input: { coupon_code: string; stock_id: string; return_request_no: string },
): Promise<{ wechatpay_return_time: string }> {
  const { data } = await client.post<{ wechatpay_return_time: string }>('/v3/marketing/busifavor/coupons/return', input);
  return data;
}

/**
 * `POST …/coupons/deactivate`: an available coupon can no longer be redeemed afterwards.
 * Answer `{wechatpay_deactivate_time}` ([WIM] coupons/deactivate.md; the notes give no answer shape).
 */
export async function deactivateBusifavorCoupon(
  client: WechatpayClient, input: { coupon_code: string; stock_id: string; deactivate_request_no: string; deactivate_reason?: string },
): Promise<{ wechatpay_deactivate_time: string }> {
  const { data } = await client.post<{ wechatpay_deactivate_time: string }>('/v3/marketing/busifavor/coupons/deactivate', input);
  return data;
}
