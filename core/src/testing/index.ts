/** Test helpers the plugin SDK's test kit builds on. */
export { startTestApp, TEST_PASSWORD, type TestApp } from './test-app.ts';
export { createMerchant, type TestMerchant } from './merchant.ts';
export { createShop, onHand, type TestShop, type TestSku } from './shop.ts';
export { installPlugin, enablePlugin } from './plugins.ts';
export { migratePluginUp, migratePluginDown } from '../kernel/plugins/plugin-migrations.ts';
export { inTenant } from '../db/tenant-tx.ts';
export { readCatalog, checkRules, label } from '../db/schema-catalog.ts';
export {
  bindSandboxPartner, bindNockPartner, wechatpayReply, signedNotification, TEST_SP_MCHID, TEST_SP_APPID, TEST_SUB_MCHID,
  type WechatpayTestBinding,
} from './wechatpay.ts';
export type { TestAppOptions } from './test-app.ts';
