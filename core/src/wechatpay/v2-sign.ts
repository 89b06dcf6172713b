import { createHash, createHmac } from 'node:crypto';
import { errors } from '../errors.ts';

/**
 * WeChat Pay v2 signatures (MD5 / HMAC-SHA256 with the APIv2 key), which the mini-program
 * send-coupon plugin (发券插件) still uses. Written here: wechatpay-node-v3 is APIv3-only.
 *
 * Rule: drop empty values and `sign`, sort the keys by ASCII, join `k=v` with `&`, append
 * `&key=<APIv2 key>`; MD5 of that, or HMAC-SHA256 keyed with the APIv2 key; upper-case hex.
 */
export type V2SignType = 'MD5' | 'HMAC-SHA256';

export function v2SignString(params: Record<string, string | number | undefined>, key: string): string {
  const pairs = Object.keys(params)
    .filter((name) => name !== 'sign' && params[name] !== undefined && params[name] !== '')
    .sort()
    .map((name) => `${name}=${params[name]}`);
  return `${pairs.join('&')}&key=${key}`;
}

export function v2Sign(params: Record<string, string | number | undefined>, key: string, signType: V2SignType): string {
  const text = v2SignString(params, key);
  const digest = signType === 'MD5'
    ? createHash('md5').update(text, 'utf8').digest('hex')
    : createHmac('sha256', key).update(text, 'utf8').digest('hex');
  return digest.toUpperCase();
}

export interface SendCouponItem {
  stock_id: string;
  out_request_no: string;
  /** Only for stocks in MERCHANT_API code mode. */
  coupon_code?: string;
}

export interface SendCouponParams {
  send_coupon_params: SendCouponItem[];
  send_coupon_merchant: string;
  sign: string;
}

/**
 * The attributes of `<send-coupon send_coupon_params sign send_coupon_merchant>` (plugin
 * `sendCoupon`, provider wxf3f436ba9bd4be7b, version ≥ 2.0.2): the coupon list is flattened with
 * index suffixes (`stock_id0`, `out_request_no0`, `coupon_code0`, …) for signing.
 *
 * ⚠ GUESS (notes §A): in partner mode `send_coupon_merchant` is the SP mchid and the key is that
 * mchid's APIv2 key; the caller passes both (normally `credentials.spMchid` / `credentials.apiv2Key`).
 */
export function buildSendCouponParams(input: { coupons: SendCouponItem[]; sendCouponMerchant: string; apiv2Key: string | undefined }): SendCouponParams {
  if (!input.apiv2Key) {
    throw errors.LS_WECHATPAY_NOT_CONFIGURED('The APIv2 key is needed to sign send-coupon parameters', {
      extra: { missing: ['apiv2Key'], invalid: [] },
    });
  }
  if (input.coupons.length === 0) throw errors.LS_INPUT_INVALID('At least one coupon is needed', { field: 'coupons' });
  const flat: Record<string, string> = { send_coupon_merchant: input.sendCouponMerchant };
  input.coupons.forEach((coupon, i) => {
    flat[`stock_id${i}`] = coupon.stock_id;
    flat[`out_request_no${i}`] = coupon.out_request_no;
    if (coupon.coupon_code !== undefined) flat[`coupon_code${i}`] = coupon.coupon_code;
  });
  return {
    send_coupon_params: input.coupons.map((c) => ({ stock_id: c.stock_id, out_request_no: c.out_request_no, ...(c.coupon_code === undefined ? {} : { coupon_code: c.coupon_code }) })),
    send_coupon_merchant: input.sendCouponMerchant,
    sign: v2Sign(flat, input.apiv2Key, 'HMAC-SHA256'),
  };
}
