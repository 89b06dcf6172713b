import { fileURLToPath } from 'node:url';
import { definePlugin } from '@lingshou/plugin-sdk';
import pkg from '../package.json' with { type: 'json' };
import { configSchema } from './config.ts';
import { printPaidOrder, retryFailedPrints, RETRY_JOB } from './paid-orders.ts';
import { printRoutes } from './print.routes.ts';
import { printerForm } from './printers.schemas.ts';
import { printersRoutes } from './printers.routes.ts';

/**
 * 打印机 (seed 5.1 飞鹅云, 5.2 易联云): cloud receipt printers per store. A paid order's receipt
 * prints on its store's auto-print printers; the till reprints with F9; the admin adds,
 * tests and checks printers.
 */
export default definePlugin({
  id: 'printers',
  version: pkg.version,
  kernel: '^1.0.0',
  name: { zh: '打印机', en: 'Printers' },
  description: {
    zh: '飞鹅云、易联云云打印机：订单支付后自动打印小票，收银台重打小票',
    en: 'Feie and Yilianyun cloud printers: receipts print when an order is paid, and reprint from the till',
  },
  icon: 'PrinterOutlined',
  permissions: ['orders:read', 'stores:read'],
  config: configSchema,
  migrations: fileURLToPath(new URL('../migrations', import.meta.url)),
  events: { 'order.paid': printPaidOrder },
  routes: async (app, options) => {
    await printersRoutes(app, options);
    await printRoutes(app, options);
  },
  jobs: [{ name: RETRY_JOB, cron: '* * * * *', handler: retryFailedPrints }],
  admin: {
    menu: [{
      key: 'printers', label: { zh: '打印机设置', en: 'Printers' }, icon: 'PrinterOutlined', parent: 'plugins', order: 50,
      permission: 'plugin.manage',
      page: { kind: 'crud', resource: '/printers', schema: printerForm, columns: ['name', 'brand', 'sn', 'storeId', 'paperWidth', 'copies', 'autoPrint'] },
    }],
  },
  pos: {
    // The till POSTs { storeId, orderId? } and shows the answer's message.
    actions: [{ key: 'reprint', label: { zh: '重打小票', en: 'Reprint receipt' }, route: '/reprint', hotkey: 'F9' }],
  },
});
