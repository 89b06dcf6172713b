import type { CreateBusifavorStockInput } from '@lingshou/plugin-sdk';
import type { CouponSpec } from './coupon-input.ts';

interface Binding {
  spAppid: string;
  subMchid: string;
  subAppid: string | null;
}

/** The appid the merchant's mall runs as: its own mini program, else the partner's. */
export const mallAppid = (binding: Binding): string => binding.subAppid ?? binding.spAppid;

/** Where the mini program opens a coupon that is only for the mall (use_method MINI_PROGRAMS). */
export const MALL_COUPON_PATH = 'pages/index/index';

const TYPES = { fixed: 'NORMAL', discount: 'DISCOUNT', exchange: 'EXCHANGE' } as const;

/** Our code modes in WeChat's words (coupon_code_mode). */
const CODE_MODES = { wechat: 'WECHATPAY_MODE', merchant: 'MERCHANT_API', upload: 'MERCHANT_UPLOAD' } as const;

/** `out_request_no`: 商户id+日期+流水号, unique for the partner, stored before the first call. */
export function stockRequestNo(binding: Binding, couponId: string, now: Date): string {
  const day = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10).replaceAll('-', '');
  return `${binding.subMchid}${day}${couponId.replaceAll('-', '').slice(0, 20)}`;
}

/**
 * The busifavor stock for a coupon (research notes §A): the sub-merchant owns it
 * (belong_merchant); a coupon for the mall only opens the mini program, others show their
 * code to be scanned at the till (OFF_LINE); notify_appid makes WeChat put the customer's
 * openid in COUPON.SEND, which is how a claim is matched to the customer who asked for it.
 */
export function stockRequest(spec: CouponSpec, binding: Binding, outRequestNo: string): CreateBusifavorStockInput {
  const appid = mallAppid(binding);
  const minimum = spec.thresholdFen;
  return {
    stock_name: spec.name,
    belong_merchant: binding.subMchid,
    goods_name: spec.scopeText,
    stock_type: TYPES[spec.type],
    coupon_use_rule: {
      coupon_available_time: {
        available_begin_time: spec.availableFrom.toISOString(),
        available_end_time: spec.availableUntil.toISOString(),
        ...(spec.daysAfterClaim === null ? {} : { available_day_after_receive: spec.daysAfterClaim }),
        ...(spec.weekly === null ? {} : {
          available_week: {
            week_day: spec.weekly.weekDays,
            ...(spec.weekly.slots?.length ? { available_day_time: spec.weekly.slots.map((slot) => ({ begin_time: slot.begin, end_time: slot.end })) } : {}),
          },
        }),
      },
      ...(spec.type === 'fixed' ? { fixed_normal_coupon: { discount_amount: spec.amountFen!, transaction_minimum: minimum } } : {}),
      ...(spec.type === 'discount' ? { discount_coupon: { discount_percent: spec.discountPercent!, transaction_minimum: minimum } } : {}),
      ...(spec.type === 'exchange' ? { exchange_coupon: { exchange_price: spec.amountFen!, transaction_minimum: minimum } } : {}),
      ...(spec.scene === 'online'
        ? { use_method: 'MINI_PROGRAMS' as const, mini_programs_appid: appid, mini_programs_path: MALL_COUPON_PATH }
        : { use_method: 'OFF_LINE' as const }),
    },
    stock_send_rule: { max_coupons: spec.maxCoupons, max_coupons_per_user: spec.perUserLimit },
    out_request_no: outRequestNo,
    coupon_code_mode: CODE_MODES[spec.codeMode],
    notify_config: { notify_appid: appid },
  };
}
