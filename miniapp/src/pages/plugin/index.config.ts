import { couponPageConfig } from '../../lib/send-coupon';

// Draws plugin blocks, coupon-list among them: declares WeChat's send-coupon component.
export default definePageConfig({ navigationBarTitleText: '', ...couponPageConfig });
