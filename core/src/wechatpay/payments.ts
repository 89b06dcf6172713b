import { errors } from '../errors.ts';
import { apiPath, type WechatpayClient } from './client.ts';
import type { RequestPaymentParams } from './signer.ts';
import type { OrderDetail, PartnerTransaction, SettleInfo } from './types.ts';

/**
 * Partner (服务商) payment endpoints: JSAPI / mini-program prepay, code pay at the till, query,
 * close and reverse. sp_appid and sp_mchid come from the client's credentials; the caller gives
 * the sub-merchant. Shapes: research notes §C and [WIM] openapi/v3/pay/partner/transactions/*.
 */

export function assertFen(value: unknown, field: string, { allowZero = false } = {}): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < (allowZero ? 0 : 1)) {
    throw errors.LS_INPUT_INVALID(`${field} must be a ${allowZero ? 'non-negative' : 'positive'} whole number of fen`, { field });
  }
}

export interface PartnerJsapiPrepayInput {
  sub_mchid: string;
  /** The sub-merchant's app; required with `payer.sub_openid`. */
  sub_appid?: string;
  description: string;
  out_trade_no: string;
  notify_url: string;
  amount: { total: number; currency?: 'CNY' };
  /** One of them: sp_openid (under sp_appid) or sub_openid (under sub_appid). */
  payer: { sp_openid?: string; sub_openid?: string };
  attach?: string;
  time_expire?: string;
  /** Needed when a voucher stock has goods_tag: the order must send a matching tag. */
  goods_tag?: string;
  detail?: OrderDetail;
  settle_info?: SettleInfo;
  scene_info?: {
    payer_client_ip: string;
    device_id?: string;
    store_info?: { id: string; name?: string; area_code?: string; address?: string };
  };
}

export interface PartnerJsapiPrepayResult {
  prepayId: string;
  /** Hand to `wx.requestPayment` / `WeixinJSBridge.invoke('getBrandWCPayRequest')` as is. */
  requestPayment: RequestPaymentParams;
}

/**
 * `POST /v3/pay/partner/transactions/jsapi` (also the mini-program order), then the signed
 * `requestPayment` parameters for the front end.
 *
 * ⚠ GUESS (notes §C): the appId of requestPayment is `sub_appid` when paying with `sub_openid`,
 * otherwise `sp_appid`.
 */
export async function createPartnerJsapiPrepay(
  client: WechatpayClient, input: PartnerJsapiPrepayInput, options: { timeStamp?: string; nonceStr?: string } = {},
): Promise<PartnerJsapiPrepayResult> {
  assertFen(input.amount?.total, 'amount.total');
  if (!input.payer?.sp_openid && !input.payer?.sub_openid) {
    throw errors.LS_INPUT_INVALID('payer needs sp_openid or sub_openid', { field: 'payer' });
  }
  if (input.payer.sub_openid && !input.sub_appid) {
    throw errors.LS_INPUT_INVALID('sub_openid is only valid with sub_appid', { field: 'sub_appid' });
  }
  const { credentials } = client;
  const { data } = await client.post<{ prepay_id: string }>('/v3/pay/partner/transactions/jsapi', {
    sp_appid: credentials.spAppid,
    sp_mchid: credentials.spMchid,
    ...input,
  });
  const appId = input.payer.sub_openid && input.sub_appid ? input.sub_appid : credentials.spAppid;
  return { prepayId: data.prepay_id, requestPayment: client.signer.requestPayment(appId, data.prepay_id, options) };
}

export interface PartnerCodepayInput {
  sub_mchid: string;
  sub_appid?: string;
  description: string;
  out_trade_no: string;
  /** The customer's payment code (付款码) as scanned by the cashier. */
  payer: { auth_code: string };
  amount: { total: number; currency?: 'CNY' };
  /** store_info is required, with `id` or `out_id`. */
  scene_info: { device_id?: string; device_ip?: string; store_info: { id?: string; out_id?: string } };
  attach?: string;
  goods_tag?: string;
  support_fapiao?: boolean;
  detail?: OrderDetail;
  settle_info?: SettleInfo;
}

/**
 * `POST /v3/pay/partner/transactions/codepay`: the cashier scans the customer's payment code.
 * Answers the transaction with its `trade_state` (and `promotion_detail`); USERPAYING means query
 * again until a final state, and reverse when it does not come in time.
 *
 * ⚠ GUESS (notes §C): partner APIv3 code pay may need extra enablement on the sp_mchid; the
 * fallback is v2 `/pay/micropay` (XML, APIv2 key), not built here.
 */
export async function createPartnerCodepay(client: WechatpayClient, input: PartnerCodepayInput): Promise<PartnerTransaction> {
  assertFen(input.amount?.total, 'amount.total');
  if (!input.payer?.auth_code) throw errors.LS_INPUT_INVALID('payer.auth_code is required', { field: 'payer.auth_code' });
  if (!input.scene_info?.store_info?.id && !input.scene_info?.store_info?.out_id) {
    throw errors.LS_INPUT_INVALID('scene_info.store_info needs id or out_id', { field: 'scene_info.store_info' });
  }
  const { credentials } = client;
  const { data } = await client.post<PartnerTransaction & { code?: string; message?: string }>('/v3/pay/partner/transactions/codepay', {
    sp_appid: credentials.spAppid,
    sp_mchid: credentials.spMchid,
    ...input,
  });
  // WeChat may answer 202 {code: USERPAYING} instead of a transaction: the same state, told differently.
  if (!data.trade_state && data.code === 'USERPAYING') {
    return {
      sp_mchid: credentials.spMchid, sub_mchid: input.sub_mchid, out_trade_no: input.out_trade_no,
      trade_state: 'USERPAYING', ...(data.message ? { trade_state_desc: data.message } : {}),
    };
  }
  return data;
}

/** `GET /v3/pay/partner/transactions/out-trade-no/{out_trade_no}?sp_mchid=&sub_mchid=` */
export async function queryPartnerTransactionByOutTradeNo(
  client: WechatpayClient, input: { sub_mchid: string; out_trade_no: string },
): Promise<PartnerTransaction> {
  const { data } = await client.get<PartnerTransaction>(
    apiPath`/v3/pay/partner/transactions/out-trade-no/${input.out_trade_no}`,
    { sp_mchid: client.credentials.spMchid, sub_mchid: input.sub_mchid },
  );
  return data;
}

/** `GET /v3/pay/partner/transactions/id/{transaction_id}?sp_mchid=&sub_mchid=` */
export async function queryPartnerTransactionById(
  client: WechatpayClient, input: { sub_mchid: string; transaction_id: string },
): Promise<PartnerTransaction> {
  const { data } = await client.get<PartnerTransaction>(
    apiPath`/v3/pay/partner/transactions/id/${input.transaction_id}`,
    { sp_mchid: client.credentials.spMchid, sub_mchid: input.sub_mchid },
  );
  return data;
}

/**
 * `POST /v3/pay/partner/transactions/out-trade-no/{out_trade_no}/close {sp_mchid, sub_mchid}` →
 * 204. Close before paying again under a new out_trade_no, or when the customer gave up.
 * (Path and body from [WIM] …/{out_trade_no}/close.md; the notes name the operation only.)
 */
export async function closePartnerTransaction(client: WechatpayClient, input: { sub_mchid: string; out_trade_no: string }): Promise<void> {
  await client.post(apiPath`/v3/pay/partner/transactions/out-trade-no/${input.out_trade_no}/close`, {
    sp_mchid: client.credentials.spMchid,
    sub_mchid: input.sub_mchid,
  });
}

export interface ReverseResult {
  sp_appid?: string;
  sp_mchid: string;
  sub_appid?: string;
  sub_mchid: string;
  out_trade_no: string;
}

/**
 * `POST /v3/pay/partner/transactions/out-trade-no/{out_trade_no}/reverse` (撤销): for a code
 * payment that failed or timed out. WeChat closes it if unpaid, refunds it if paid.
 * (Body from [WIM] …/{out_trade_no}/reverse.md: sp_mchid, sub_mchid, optional appids.)
 */
export async function reversePartnerTransaction(
  client: WechatpayClient, input: { sub_mchid: string; out_trade_no: string; sub_appid?: string },
): Promise<ReverseResult> {
  const { data } = await client.post<ReverseResult>(apiPath`/v3/pay/partner/transactions/out-trade-no/${input.out_trade_no}/reverse`, {
    sp_appid: client.credentials.spAppid,
    sp_mchid: client.credentials.spMchid,
    ...(input.sub_appid ? { sub_appid: input.sub_appid } : {}),
    sub_mchid: input.sub_mchid,
  });
  return data;
}
