import type { ReactNode } from 'react';
import type { SendCouponDetail, SendCouponParams } from '../src/lib/send-coupon';

declare global {
  namespace JSX {
    interface IntrinsicElements {
      /** WeChat Pay's plugin component (plugin://sendCoupon/send-coupon), drawn by src/components/SendCoupon.tsx. */
      'send-coupon': SendCouponParams & {
        children?: ReactNode;
        onSendcoupon?: (event: { detail: SendCouponDetail }) => void;
      };
    }
  }
}
