/**
 * Input schemas of the simulated /v3 endpoints, with WeChat's field names and the limits of
 * research/wechatpay.md. Unknown fields are allowed (WeChat adds fields over time; clients send
 * optional ones the sandbox ignores). A failed rule answers 400 PARAM_ERROR.
 */
const str = (maxLength: number, minLength = 1) => ({ type: 'string', minLength, maxLength }) as const;
const int = (minimum: number, maximum = 1_000_000_000_000) => ({ type: 'integer', minimum, maximum }) as const;
const time = { type: 'string', format: 'date-time' } as const;
const url = { type: 'string', format: 'uri', pattern: '^https?://', maxLength: 256 } as const;
const mchid = str(32);

function object(properties: Record<string, unknown>, required: string[] = []) {
  return { type: 'object', properties, required, additionalProperties: true } as const;
}

/** WeChat's answers are JSON objects; the sandbox serialises them as built (no schema-driven stripping). */
const answer = { type: 'object', additionalProperties: true } as const;
export const answers = (status: number) => ({ [status]: answer });
export const noContent = { 204: { type: 'null' } } as const;

const amount = object({ total: int(1), currency: { type: 'string', enum: ['CNY'] } }, ['total']);
const goodsDetail = { type: 'array', maxItems: 6000, items: object({ merchant_goods_id: str(32), quantity: int(1), unit_price: int(0) }, ['merchant_goods_id', 'quantity', 'unit_price']) } as const;
const outTradeNo = { type: 'string', pattern: '^[0-9A-Za-z_\\-|*]{6,32}$' } as const;

export const spSub = object({ sp_mchid: mchid, sub_mchid: mchid }, ['sp_mchid', 'sub_mchid']);
export const outTradeNoParams = object({ out_trade_no: outTradeNo }, ['out_trade_no']);

export const jsapiBody = object({
  sp_appid: str(32), sp_mchid: mchid, sub_appid: str(32), sub_mchid: mchid, description: str(127), out_trade_no: outTradeNo,
  attach: str(128, 0), notify_url: url, goods_tag: str(32), time_expire: time, amount,
  payer: object({ sp_openid: str(128), sub_openid: str(128) }),
  detail: object({ cost_price: int(0), invoice_id: str(32), goods_detail: goodsDetail }),
  scene_info: object({ payer_client_ip: str(45), device_id: str(32) }),
}, ['sp_appid', 'sp_mchid', 'sub_mchid', 'description', 'out_trade_no', 'notify_url', 'amount', 'payer']);

export const codepayBody = object({
  sp_appid: str(32), sp_mchid: mchid, sub_appid: str(32), sub_mchid: mchid, description: str(127), out_trade_no: outTradeNo,
  attach: str(128, 0), goods_tag: str(32), amount,
  payer: object({ auth_code: str(128) }, ['auth_code']),
  detail: object({ cost_price: int(0), invoice_id: str(32), goods_detail: goodsDetail }),
  scene_info: object({
    device_id: str(32), device_ip: str(45),
    store_info: { ...object({ id: str(32), out_id: str(32) }), anyOf: [{ required: ['id'] }, { required: ['out_id'] }] },
  }, ['store_info']),
}, ['sp_mchid', 'sub_mchid', 'description', 'out_trade_no', 'payer', 'amount', 'scene_info']);

export const reverseBody = object({ sp_appid: str(32), sp_mchid: mchid, sub_appid: str(32), sub_mchid: mchid }, ['sp_mchid', 'sub_mchid']);
export const transactionIdParams = object({ transaction_id: str(32) }, ['transaction_id']);

export const refundBody = object({
  sub_mchid: mchid, transaction_id: str(32), out_trade_no: outTradeNo, out_refund_no: { type: 'string', pattern: '^[0-9A-Za-z_\\-|*@]{1,64}$' },
  reason: str(80), notify_url: url, funds_account: { type: 'string', enum: ['AVAILABLE', 'UNSETTLED'] },
  amount: object({
    refund: int(1), total: int(1), currency: { type: 'string', enum: ['CNY'] },
    from: { type: 'array', items: object({ account: { type: 'string', enum: ['AVAILABLE', 'UNAVAILABLE'] }, amount: int(1) }, ['account', 'amount']) },
  }, ['refund', 'total', 'currency']),
  goods_detail: { type: 'array', items: object({ merchant_goods_id: str(32), unit_price: int(0), refund_amount: int(0), refund_quantity: int(1) }, ['merchant_goods_id', 'unit_price', 'refund_amount', 'refund_quantity']) },
}, ['sub_mchid', 'out_refund_no', 'amount']);
export const refundParams = object({ out_refund_no: str(64) }, ['out_refund_no']);
export const subMchidQuery = object({ sub_mchid: mchid }, ['sub_mchid']);

// 商家券 (busifavor)
const busifavorTime = object({ available_begin_time: time, available_end_time: time, available_day_after_receive: int(1, 365), wait_days_after_receive: int(0, 365) }, ['available_begin_time', 'available_end_time']);
export const busifavorStockBody = object({
  stock_name: str(21), belong_merchant: str(15, 8), comment: str(20), goods_name: str(15),
  stock_type: { type: 'string', enum: ['NORMAL', 'DISCOUNT', 'EXCHANGE'] },
  coupon_use_rule: object({
    coupon_available_time: busifavorTime,
    fixed_normal_coupon: object({ discount_amount: int(1), transaction_minimum: int(0) }, ['discount_amount', 'transaction_minimum']),
    discount_coupon: object({ discount_percent: int(1, 99), transaction_minimum: int(0) }, ['discount_percent', 'transaction_minimum']),
    exchange_coupon: object({ exchange_price: int(0), transaction_minimum: int(0) }, ['exchange_price', 'transaction_minimum']),
    use_method: { type: 'string', enum: ['OFF_LINE', 'MINI_PROGRAMS', 'PAYMENT_CODE', 'SELF_CONSUME'] },
    mini_programs_appid: str(32), mini_programs_path: str(128),
  }, ['coupon_available_time', 'use_method']),
  stock_send_rule: object({ max_coupons: int(1, 1_000_000_000), max_coupons_per_user: int(1, 100), max_coupons_by_day: int(1, 1_000_000_000) }, ['max_coupons', 'max_coupons_per_user']),
  out_request_no: str(128),
  coupon_code_mode: { type: 'string', enum: ['WECHATPAY_MODE', 'MERCHANT_API', 'MERCHANT_UPLOAD'] },
  notify_config: object({ notify_appid: str(32) }),
}, ['stock_name', 'belong_merchant', 'goods_name', 'stock_type', 'coupon_use_rule', 'stock_send_rule', 'out_request_no', 'coupon_code_mode']);
export const stockIdParams = object({ stock_id: str(32) }, ['stock_id']);
export const busifavorBudgetBody = object({
  target_max_coupons: int(1, 1_000_000_000), current_max_coupons: int(1, 1_000_000_000),
  target_max_coupons_by_day: int(1, 1_000_000_000), current_max_coupons_by_day: int(1, 1_000_000_000), modify_budget_request_no: str(128),
}, ['modify_budget_request_no']);
export const busifavorModifyBody = object({ out_request_no: str(128), stock_name: str(21), comment: str(20), goods_name: str(15) }, ['out_request_no']);
/** 上传预存code: 1–200 codes of 1–32 `0-9 a-z A-Z - _ \ / = |` (partner doc chapter9_2_6). */
export const busifavorCodesBody = object({
  coupon_code_list: { type: 'array', minItems: 1, maxItems: 200, items: { type: 'string', pattern: '^[0-9A-Za-z\\-_\\\\/=|]{1,32}$' } },
  upload_request_no: str(128),
}, ['coupon_code_list', 'upload_request_no']);
export const busifavorUseBody = object({
  coupon_code: str(128), stock_id: str(32), appid: str(32), use_time: time, use_request_no: str(128), openid: str(128), out_trade_no: str(32), transaction_id: str(32),
}, ['coupon_code', 'appid', 'use_time', 'use_request_no']);
export const busifavorReturnBody = object({ coupon_code: str(128), stock_id: str(32), return_request_no: str(128) }, ['coupon_code', 'stock_id', 'return_request_no']);
export const busifavorDeactivateBody = object({ coupon_code: str(128), stock_id: str(32), deactivate_request_no: str(128), deactivate_reason: str(64) }, ['coupon_code', 'stock_id', 'deactivate_request_no']);
export const callbackBody = object({ mchid, notify_url: url, switch: { type: 'boolean' } }, ['mchid', 'notify_url']);
export const mchidQuery = object({ mchid }, ['mchid']);
export const openidParams = object({ openid: str(128) }, ['openid']);
export const busifavorCouponParams = object({ openid: str(128), coupon_code: str(128), appid: str(32) }, ['openid', 'coupon_code', 'appid']);
export const busifavorCouponsQuery = object({
  appid: str(32), stock_id: str(32), coupon_state: { type: 'string', enum: ['SENDED', 'USED', 'EXPIRED', 'DEACTIVATED'] },
  creator_merchant: mchid, belong_merchant: mchid, sender_merchant: mchid, offset: int(0, 1_000_000), limit: int(1, 50),
}, ['appid']);

// 代金券 (favor)
export const favorStockBody = object({
  stock_name: str(20), comment: str(20), belong_merchant: mchid, available_begin_time: time, available_end_time: time,
  stock_use_rule: object({
    max_coupons: int(1, 1_000_000_000), max_amount: int(1), max_amount_by_day: int(1), max_coupons_per_user: int(1, 100),
    natural_person_limit: { type: 'boolean' }, prevent_api_abuse: { type: 'boolean' },
  }, ['max_coupons', 'max_amount', 'max_coupons_per_user']),
  coupon_use_rule: object({
    fixed_normal_coupon: object({ coupon_amount: int(1), transaction_minimum: int(0) }, ['coupon_amount', 'transaction_minimum']),
    goods_tag: { type: 'array', items: str(32) }, trade_type: { type: 'array', items: str(16) },
    available_merchants: { type: 'array', items: mchid }, combine_use: { type: 'boolean' },
  }),
  no_cash: { type: 'boolean' }, stock_type: str(16), out_request_no: str(128),
}, ['stock_name', 'belong_merchant', 'available_begin_time', 'available_end_time', 'stock_use_rule', 'coupon_use_rule', 'no_cash', 'stock_type', 'out_request_no']);
export const stockCreatorBody = object({ stock_creator_mchid: mchid }, ['stock_creator_mchid']);
export const favorSendBody = object({
  stock_id: str(32), out_request_no: str(128), appid: str(32), stock_creator_mchid: mchid, coupon_value: int(1), coupon_minimum: int(0),
}, ['stock_id', 'out_request_no', 'appid', 'stock_creator_mchid']);
export const favorCouponParams = object({ openid: str(128), coupon_id: str(32) }, ['openid', 'coupon_id']);
export const appidQuery = object({ appid: str(32) }, ['appid']);
export const favorCouponsQuery = object({
  appid: str(32), stock_id: str(32), status: { type: 'string', enum: ['SENDED', 'USED', 'EXPIRED'] }, creator_mchid: mchid,
  sender_mchid: mchid, available_mchid: mchid, offset: int(0, 1_000_000), limit: int(1, 10),
}, ['appid']);
