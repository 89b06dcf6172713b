import { fileURLToPath } from 'node:url';
import { definePlugin } from '@lingshou/plugin-sdk';
import pkg from '../package.json' with { type: 'json' };
import { batchesRoutes } from './batches.routes.ts';
import { batchForm } from './batches.schemas.ts';
import { runSendBatch, SEND_JOB } from './send.service.ts';
import { stocksRoutes } from './stocks.routes.ts';
import { stockForm } from './stocks.schemas.ts';
import { syncStocks, SYNC_JOB } from './sync.ts';
import { recordFromNotification, recordFromOrder, recordRefund } from './uses.ts';
import { usesRoutes } from './uses.routes.ts';

/**
 * 微信支付代金券 (seed 4.8): the merchant's WeChat Pay vouchers, created at WeChat by its partner
 * (service provider) for its sub-merchant, sent to members, redeemed by WeChat inside payments.
 */
export default definePlugin({
  id: 'wechat-voucher',
  version: pkg.version,
  kernel: '^1.0.0',
  name: { zh: '微信支付代金券', en: 'WeChat Pay vouchers' },
  description: {
    zh: '在微信支付创建代金券批次（预充值或免充值），发放给会员，支付时由微信自动抵扣',
    en: 'WeChat Pay voucher stocks (pre-charged or no-charge), sent to members and redeemed by WeChat inside payments',
  },
  icon: 'WechatOutlined',
  permissions: ['orders:read', 'customers:read', 'wechatpay:use'],
  config: {
    type: 'object',
    properties: {
      noCashAuthorized: {
        type: 'boolean', default: false, title: '已获特约商户免充值代金券授权',
        description: '特约商户在微信支付商户平台同意授权服务商制作免充值代金券后勾选；未授权时只能创建预充值代金券',
      },
    },
  },
  migrations: fileURLToPath(new URL('../migrations', import.meta.url)),
  events: {
    'order.paid': recordFromOrder,
    'order.refunded': recordRefund,
    'wechatpay.notification': recordFromNotification,
  },
  routes: async (app, options) => {
    await stocksRoutes(app, options);
    await batchesRoutes(app, options);
    await usesRoutes(app, options);
  },
  jobs: [
    { name: SEND_JOB, handler: runSendBatch },
    // WeChat stops a stock at its end or when its budget runs out; twice an hour keeps the list honest.
    { name: SYNC_JOB, cron: '*/30 * * * *', handler: syncStocks },
  ],
  admin: {
    menu: [
      {
        key: 'wechat-voucher', label: { zh: '微信代金券', en: 'WeChat vouchers' }, icon: 'WechatOutlined', parent: 'marketing', order: 40,
        permission: 'plugin.manage',
        page: {
          kind: 'crud', resource: '/stocks', schema: stockForm,
          columns: ['name', 'chargeMode', 'amountFen', 'thresholdFen', 'status', 'sentCount', 'usedCount', 'budgetLeftCoupons', 'endAt'],
        },
      },
      {
        key: 'wechat-voucher-send', label: { zh: '代金券发放', en: 'Send vouchers' }, icon: 'SendOutlined', parent: 'marketing', order: 41,
        permission: 'plugin.manage',
        page: { kind: 'crud', resource: '/batches', schema: batchForm, columns: ['stockId', 'status', 'total', 'sent', 'failed', 'skipped', 'progress', 'createdAt'] },
      },
    ],
  },
});
