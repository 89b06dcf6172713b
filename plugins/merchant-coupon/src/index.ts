import { fileURLToPath } from 'node:url';
import { definePlugin, type Label } from '@lingshou/plugin-sdk';
import pkg from '../package.json' with { type: 'json' };
import { releaseStale } from './claims.store.ts';
import { adminRoutes } from './admin.routes.ts';
import { codesRoutes } from './codes.routes.ts';
import { applyCoupon, lockToOrder, printCoupon, refuseUnusable, spendOnPayment } from './checkout-taps.ts';
import { PLUGIN_ID } from './plugin-id.ts';
import { couponsRoutes } from './coupons.routes.ts';
import { mallRoutes } from './mall.routes.ts';
import { posterRoutes } from './poster.routes.ts';
import { recogniseCode } from './scan-tap.ts';
import { onNotification, redeemAtWechat, returnOnRefund } from './wechat-consumers.ts';

const coupon: Label = { zh: '商家券', en: 'Merchant coupon' };
const INPUT = `pluginInputs.${PLUGIN_ID}`;

/** The coupons page, built from ui-src/coupons.tsx by `lingshou-plugin build-ui`. */
const COUPONS_PAGE = { kind: 'bundle' as const, module: 'coupons.js' };

/** A reservation WeChat has not confirmed after this long is given back to the budget. */
const PENDING_CLAIM_MS = 30 * 60_000;

/**
 * 微信商家券 (seed 4.9): the merchant creates WeChat busifavor stocks from the admin; customers
 * claim them in the mall through WeChat's send-coupon plugin; the coupon applies at the mall's
 * checkout or at the till (scanned from the customer's wallet), is redeemed at WeChat when the
 * order is paid, and returned when it is refunded.
 */
export default definePlugin({
  id: PLUGIN_ID,
  version: pkg.version,
  kernel: '^1.0.0',
  name: { zh: '微信商家券', en: 'WeChat merchant coupons' },
  description: { zh: '创建微信商家券，商城领券，线上线下核销', en: 'WeChat merchant coupons: create, claim in the mall, redeem online and at the till' },
  icon: 'WechatOutlined',
  permissions: ['orders:read', 'orders:write', 'customers:read', 'catalog:read', 'wechatpay:use'],
  config: {
    type: 'object',
    properties: {
      returnOnRefund: {
        type: 'string', enum: ['full', 'any', 'never'], default: 'full', title: '退款退券',
        description: 'full 整单退款后退回 / any 任一退款即退回 / never 不退回',
      },
    },
  },
  migrations: fileURLToPath(new URL('../migrations', import.meta.url)),
  hooks: (h) => {
    h.tap('checkout.price', applyCoupon);
    h.tap('checkout.validate', refuseUnusable);
    h.tap('order.created', lockToOrder);
    h.tap('order.paid', spendOnPayment);
    h.tap('pos.scan', recogniseCode);
    h.tap('receipt.render', printCoupon);
  },
  events: {
    'wechatpay.notification': onNotification,
    'order.paid': redeemAtWechat,
    'order.refunded': returnOnRefund,
  },
  jobs: [{
    name: 'release-stale-claims',
    cron: '*/10 * * * *',
    handler: async (ctx) => { await releaseStale(ctx, new Date(Date.now() - PENDING_CLAIM_MS)); },
  }],
  routes: async (app, options) => {
    await couponsRoutes(app, options);
    await mallRoutes(app, options);
    await posterRoutes(app, options);
    await adminRoutes(app, options);
    await codesRoutes(app, options);
  },
  // Built from ui-src/ by `lingshou-plugin build-ui` (scripts/build-apps.ts in this repository).
  ui: fileURLToPath(new URL('../ui', import.meta.url)),
  admin: {
    menu: [{
      key: 'merchant-coupon', label: { zh: '微信商家券', en: 'WeChat coupons' }, icon: 'WechatOutlined', parent: 'marketing', order: 40,
      permission: 'plugin.manage',
      page: COUPONS_PAGE,
    }],
  },
  pos: {
    cartPanels: [{ key: 'coupon', label: coupon, block: { type: 'coupon-picker', route: '/till/picker', input: INPUT } }],
    scanHandlers: [{ key: 'coupon-code', label: { zh: '商家券券码', en: 'Merchant coupon code' } }],
    receiptBlocks: [{ key: 'coupon', label: coupon }],
  },
  mall: {
    blocks: [
      { key: 'coupon-centre', slot: 'home', label: { zh: '领券中心', en: 'Coupons' }, block: { type: 'coupon-list', route: '/mall/coupons', claimRoute: '/mall/coupons/{id}/claim' } },
      { key: 'product-coupons', slot: 'product', label: { zh: '可领优惠券', en: 'Coupons' }, block: { type: 'coupon-list', route: '/mall/coupons', claimRoute: '/mall/coupons/{id}/claim' } },
      { key: 'checkout-coupon', slot: 'checkout', label: coupon, block: { type: 'coupon-picker', route: '/mall/picker', input: INPUT } },
      { key: 'wallet', slot: 'member', label: { zh: '我的商家券', en: 'My coupons' }, block: { type: 'coupon-wallet', route: '/mall/wallet' } },
    ],
  },
});
