import { sendCouponPlugin } from './lib/send-coupon';

/** Every page of the mall; the first is where the app opens (it sends a known customer home). */
export const pages = [
  'pages/entry/index',
  'pages/index/index',
  'pages/category/index',
  'pages/search/index',
  'pages/product/index',
  'pages/cart/index',
  'pages/checkout/index',
  'pages/addresses/index',
  'pages/pay-result/index',
  'pages/orders/index',
  'pages/order/index',
  'pages/member/index',
  'pages/coupons/index',
  'pages/plugin/index',
];

export default defineAppConfig({
  pages,
  // H5 only (a mini program's app.json has no such key): no sliding page transitions, so a page
  // is in place as soon as it renders.
  ...(process.env.TARO_ENV === 'h5' ? { animation: false } : {}),
  // The mini program only: WeChat Pay's send-coupon plugin for claiming merchant coupons.
  ...(process.env.TARO_ENV === 'weapp' ? { plugins: sendCouponPlugin } : {}),
  window: {
    navigationBarTitleText: '商城',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTextStyle: 'black',
    backgroundColor: '#f5f5f5',
  },
});
