import type { FastifyInstance } from 'fastify';
import { authRoutes } from '../auth/auth.routes.ts';
import { healthRoutes } from './health.routes.ts';
import { tenancyRoutes } from '../tenancy/tenancy.routes.ts';
import { storesRoutes } from '../stores/stores.routes.ts';
import { catalogRoutes } from '../catalog/catalog.routes.ts';
import { ordersRoutes } from '../orders/orders.routes.ts';
import { refundRequestsRoutes } from '../orders/refund-requests.routes.ts';
import { paymentsRoutes } from '../payments/payments.routes.ts';
import { rolesRoutes } from '../staff/roles.routes.ts';
import { staffRoutes } from '../staff/staff.routes.ts';
import { customersRoutes } from '../customers/customers.routes.ts';
import { warehousesRoutes } from '../stock/warehouses.routes.ts';
import { stockRoutes } from '../stock/stock.routes.ts';
import { pluginsRoutes } from '../kernel/plugins/plugins.routes.ts';
import { mountPluginRoutes } from '../kernel/plugins/plugin-routes.ts';
import { posRoutes } from '../orders/pos.routes.ts';
import { mallRoutes } from '../mall/mall.routes.ts';
import { smsSettingsRoutes } from '../sms/sms-settings.routes.ts';
import { wechatpayNotifyRoutes } from '../payments/wechatpay/notify.routes.ts';
import { shiftsRoutes } from '../shifts/shifts.routes.ts';
import { reportsRoutes } from '../reports/reports.routes.ts';

/** Every kernel route module, mounted under /api/v1. */
export async function apiRoutes(app: FastifyInstance): Promise<void> {
  await app.register(healthRoutes);
  await app.register(authRoutes);
  await app.register(tenancyRoutes);
  await app.register(storesRoutes);
  await app.register(catalogRoutes);
  await app.register(ordersRoutes);
  await app.register(refundRequestsRoutes);
  await app.register(paymentsRoutes);
  await app.register(rolesRoutes);
  await app.register(staffRoutes);
  await app.register(customersRoutes);
  await app.register(warehousesRoutes);
  await app.register(stockRoutes);
  await app.register(posRoutes);
  await app.register(wechatpayNotifyRoutes);
  await app.register(shiftsRoutes);
  await app.register(reportsRoutes);
  await app.register(mallRoutes);
  await app.register(smsSettingsRoutes);
  await app.register(pluginsRoutes);
  await mountPluginRoutes(app, app.plugins);
}
