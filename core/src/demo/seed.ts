import type { FastifyInstance } from 'fastify';
import { inTenant } from '../db/tenant-tx.ts';
import { createPlatformAccount } from '../tenancy/accounts.service.ts';
import { createPartner, type PartnerInput } from '../tenancy/partners.service.ts';
import { createMerchant } from '../tenancy/merchants.service.ts';
import { createStore } from '../stores/stores.service.ts';
import { createWarehouse, defaultWarehouseOf } from '../stock/warehouses.service.ts';
import { moveStockMany, type StockMove } from '../stock/stock.service.ts';
import { ensureCategoryPath } from '../catalog/categories.service.ts';
import { createProduct } from '../catalog/products.service.ts';
import { expandSpecs } from '../catalog/specs.ts';
import { createCustomer } from '../customers/customers.service.ts';
import { createStaff } from '../staff/staff.service.ts';
import { permissions } from '../staff/permissions.ts';
import { demoCustomers, demoProducts, ean13 } from './demo-data.ts';
import { installPlugin } from '../kernel/plugins/lifecycle.service.ts';
import { seedDemoSales } from './demo-sales.ts';
import { provisionSandboxPartner } from '../wechatpay/sandbox/sandbox-partner.ts';
import { demoWechatPlugins, seedDemoPluginData } from './demo-plugins.ts';
import { enablePlugin } from '../kernel/plugins/tenant-plugins.service.ts';

/** First-party plugins the demo merchant has enabled. */
const demoEnabledPlugins = ['greetings'];

export interface SeededDemo {
  /**
   * Seeds the month of till history (demo-sales.ts). Separate so the server can answer while it
   * runs: a first start is healthy in seconds and the dashboard fills in just after.
   */
  history(): Promise<number>;
}

/** Every demo login uses this password (printed by `npm start`). */
export const DEMO_PASSWORD = 'lingshou-demo';

/**
 * Seeds the demo into an empty database (the server calls it once, when `LINGSHOU_DEMO` is not
 * `0`): the operator `platform`; a partner; the merchant 演示商户 with two stores, a central
 * warehouse, ~30 products (multi-spec clothing, weighed produce, packaged goods with barcodes)
 * with stock, ten members, and the staff `demo-admin`, `demo-manager` and `demo-cashier`.
 * Everything goes through the same services the API uses.
 */
export async function seedDemo(app: FastifyInstance): Promise<SeededDemo> {
  const knex = app.db.knex;
  await createPlatformAccount(knex, 'platform', DEMO_PASSWORD);
  const partner = await createPartner(knex, app.config.masterKey, {
    name: '演示合伙人（沙箱）', spMchid: '1900000100', spAppid: 'wx8888888888888888', officialAppid: 'wx8888888888888888',
    ...(app.config.wechatpaySandbox ? await sandboxCredentials(app) : {}),
  });
  const merchant = await createMerchant(knex, {
    name: '演示商户', partnerId: partner.id, subMchid: '1900000109',
    admin: { username: 'demo-admin', password: DEMO_PASSWORD, name: '演示管理员', phone: '13900139000' },
  });
  const tenantId = merchant.id;

  const { stores, roles, adminStaffId } = await inTenant(knex, tenantId, async (trx) => {
    const first = await createStore(trx, tenantId, { code: '01', name: '西湖旗舰店', address: '杭州市西湖区文三路 100 号', phone: '0571-88880001' });
    const second = await createStore(trx, tenantId, { code: '02', name: '滨江社区店', address: '杭州市滨江区江南大道 200 号', phone: '0571-88880002', franchise: true });
    await createWarehouse(trx, tenantId, { name: '总仓' });
    const roleRows = await trx('roles').whereNotNull('builtin').select('id', 'builtin');
    const admin = await trx('staff').first('id');
    return {
      stores: [first, second],
      roles: Object.fromEntries(roleRows.map((r) => [r.builtin as string, r.id as string])),
      adminStaffId: admin.id as string,
    };
  });

  const actor = { staffId: adminStaffId, permissions: [...permissions], storeIds: null };
  await createStaff(knex, tenantId, actor, {
    name: '李店长', phone: '13900139001', username: 'demo-manager', password: DEMO_PASSWORD, roleId: roles.store_manager!, storeIds: [stores[1]!.id],
  });
  const cashier = await createStaff(knex, tenantId, actor, {
    name: '小王', phone: '13900139002', username: 'demo-cashier', password: DEMO_PASSWORD, roleId: roles.cashier!, storeIds: [stores[0]!.id],
  });

  // Every plugin this server loads is installed; the demo merchant uses those that need no set-up.
  for (const definition of app.plugins.list()) await installPlugin(app.plugins, knex, definition.id, null);
  const loaded = new Set(app.plugins.list().map((d) => d.id));
  await inTenant(knex, tenantId, async (trx) => {
    // The WeChat plugins need WeChat Pay, which the demo has when its sandbox runs.
    const enabled = [...demoEnabledPlugins, ...(app.config.wechatpaySandbox ? demoWechatPlugins : [])];
    for (const id of enabled.filter((p) => loaded.has(p))) await enablePlugin(trx, app.plugins, app.config.masterKey, tenantId, id);
  });

  await inTenant(knex, tenantId, async (trx) => {
    const warehouses = await Promise.all(stores.map((store) => defaultWarehouseOf(trx, store.id)));
    let code = 0;
    const initialStock: StockMove[] = [];
    for (const product of demoProducts) {
      const categoryId = await ensureCategoryPath(trx, tenantId, product.category);
      const specs = product.specs ?? [];
      const skus = (specs.length ? expandSpecs(specs) : [{}]).map((specValues) => ({
        specValues, priceFen: product.priceFen,
        barcode: product.barcode && specs.length === 0 ? product.barcode : product.weighed ? null : ean13(`69312345${String(++code).padStart(4, '0')}`),
        code: product.weighed ? `PLU${String(++code).padStart(4, '0')}` : null,
      }));
      const created = await createProduct(trx, tenantId, {
        categoryId, name: product.name, specs, skus, weighed: product.weighed ?? false, unit: product.unit ?? '件', labels: product.labels ?? [],
      });
      for (const sku of created.skus) {
        for (const [index, warehouse] of warehouses.entries()) {
          initialStock.push({
            warehouseId: warehouse.id, skuId: sku.id, delta: index === 0 ? product.stock : Math.floor(product.stock / 2),
            type: 'initial', sourceKey: `demo:${sku.id}:${warehouse.id}`, note: '演示初始库存',
          });
        }
      }
    }
    // One statement for all of it: the demo is part of a first start, which should be quick.
    await moveStockMany(trx, tenantId, initialStock);
    for (const customer of demoCustomers) {
      await createCustomer(trx, tenantId, { name: customer.name, phone: customer.phone, gender: customer.gender, homeStoreId: stores[customer.store]!.id });
    }
  });
  if (app.config.wechatpaySandbox) await seedDemoPluginData(app, { username: 'demo-admin', password: DEMO_PASSWORD });
  const sales = { tenantId, stores: stores.map((store) => ({ id: store!.id, code: store!.code })), cashierStaffId: cashier.id };
  return { history: () => seedDemoSales(app, sales) };
}

/**
 * The demo partner's WeChat Pay: a service provider minted in this server's sandbox, with the
 * demo merchant as its sub-merchant, so the till's code pay and the mall's payments work offline.
 */
async function sandboxCredentials(app: FastifyInstance): Promise<Partial<PartnerInput>> {
  const partner = await provisionSandboxPartner(app, {
    name: '演示合伙人（沙箱）', spMchid: '1900000100', spAppid: 'wx8888888888888888',
    subMerchants: [{ subMchid: '1900000109', name: '演示商户', noCashAuthorized: true }],
  });
  return partner.credentials;
}
