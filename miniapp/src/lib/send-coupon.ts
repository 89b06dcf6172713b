/**
 * WeChat Pay's send-coupon plugin (小程序发券插件), which hands a merchant coupon (商家券) to the
 * customer inside the mini program. WeChat requires the customer's own tap inside its
 * <send-coupon> component; the server only signs the parameters. In H5 the WeChat Pay sandbox
 * plays the plugin and answers the same result, so both builds read it with claimOutcome().
 *
 * Declared as WeChat Pay's docs say (pay.weixin.qq.com, 小程序发券插件, 2025): the plugin's appid
 * is wxf3f436ba9bd4be7b ("微信支付券", added under 设置 → 第三方设置 → 插件管理 of the mini
 * program), version "latest" (versions below 2.0.2 no longer send coupons).
 */
export const sendCouponPlugin = { sendCoupon: { version: 'latest', provider: 'wxf3f436ba9bd4be7b' } };

/**
 * What a page that draws coupon blocks adds to its config: the component, in the mini program
 * only (Taro 3+ components have no config of their own, so each page declares it).
 */
export const couponPageConfig = process.env.TARO_ENV === 'weapp'
  ? { usingComponents: { 'send-coupon': 'plugin://sendCoupon/send-coupon' } }
  : {};

/** The signed parameters the server's claim route answers (plugins/merchant-coupon mall.routes.ts). */
export interface SendCouponParams {
  send_coupon_params: { stock_id: string; out_request_no: string; coupon_code?: string }[];
  send_coupon_merchant: string;
  sign: string;
}

/** What the plugin's sendcoupon event carries in `detail` (and what the sandbox answers). */
export interface SendCouponDetail {
  errcode?: string;
  msg?: string;
  send_coupon_result?: { stock_id?: string; coupon_code?: string; code?: string; message?: string }[];
}

/** Whether the customer got the coupon; when not, why, in words to show. */
export function claimOutcome(detail: SendCouponDetail | undefined): { ok: true } | { ok: false; message: string } {
  if (detail?.errcode !== 'OK') return { ok: false, message: detail?.msg || '领取失败，请稍后再试' };
  const result = detail.send_coupon_result?.[0];
  // errcode OK says the call worked; each coupon has its own code, SUCCESS or the reason it was not sent.
  if (result?.code === 'SUCCESS') return { ok: true };
  return { ok: false, message: result?.message || '领取失败，请稍后再试' };
}
