import { View } from '@tarojs/components';
import type { SendCouponDetail, SendCouponParams } from '../lib/send-coupon';

/**
 * The mini program's claim: WeChat's <send-coupon> around the customer's 立即领取 tap, with the
 * signed parameters. Taro's vite runner only draws it with config/native-plugin-components.ts.
 * The props are written out (no spread) so the build can read which attributes the template
 * binds; `onSendcoupon` becomes `bindsendcoupon` (the old name was bindcustomevent).
 */
export function SendCoupon({ params, onResult }: { params: SendCouponParams; onResult: (detail: SendCouponDetail) => void }) {
  return (
    <send-coupon
      send_coupon_params={params.send_coupon_params}
      send_coupon_merchant={params.send_coupon_merchant}
      sign={params.sign}
      onSendcoupon={(event) => onResult(event.detail)}
    >
      <View className='btn send-coupon-button'>立即领取</View>
    </send-coupon>
  );
}
