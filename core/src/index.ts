/**
 * The kernel's public surface, for @lingshou/plugin-sdk (plugins import the SDK, never this).
 */
export { definePlugin } from './kernel/plugins/define-plugin.ts';
export type {
  PluginDefinition, PluginContext, PluginDb, PluginRouteOptions, Label, ConfigSchema, AdminExtension, AdminMenuEntry,
  AdminPage, PosExtension, MallExtension, PluginJob, LifecycleContext,
} from './kernel/plugins/plugin-definition.ts';
export type { PluginHooks, TapFn, TapContext, TapOptions } from './kernel/hooks/plugin-hooks.ts';
export { hookCatalogue } from './kernel/hooks/catalogue.ts';
export type {
  HookCatalogue, HookName, PriceDraft, PriceAdjustment, PricedLine, CheckoutInfo, OrderEvent, RefundEvent, ScanInput,
  ScanResult, Receipt, ReceiptBlock,
} from './kernel/hooks/catalogue.ts';
export { eventCatalogue, type EventName } from './kernel/events/event-catalogue.ts';
export { capabilities, type Capability } from './kernel/plugins/capabilities.ts';
export type { KernelFacade, Store, OrderSummary, OrderListQuery } from './kernel/plugins/kernel-facade.ts';
export type { PaymentMethod, PaymentContext, TenderInput, CollectResult, RefundResult, PaymentRecord } from './payments/payment-methods.ts';
export { LingshouError, defineError, type ErrorFactory } from './errors.ts';
export { protectTenantTable, tenantKeyColumns, tenantForeignKey, timestamps } from './db/schema-helpers.ts';
export { KERNEL_API_VERSION } from './kernel/version.ts';
export { resolvePlugins, PluginLoadError } from './kernel/plugins/resolver.ts';
export { manifestProblems } from './kernel/plugins/manifest.ts';
export { pluginSchema } from './kernel/plugins/plugin-migrations.ts';
// What a plugin's routes and migrations build with, so they follow the kernel's conventions
// (docs/conventions.md) without importing its internals.
export type { Knex } from 'knex';
export type { AuthContext } from './http/context.ts';
// Brings @fastify/swagger's schema fields (tags, description, summary) to plugin routes' types.
export type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
export { newId } from './db/ids.ts';
export { uuid, timestamp, text, objectSchema, idParams, listQueryProperties, problemResponses } from './http/schemas.ts';
export { listPage, type ListQuery, type ListSpec } from './http/list-query.ts';
// WeChat Pay for plugins with the wechatpay:use capability: ctx.kernel.wechatpay gives the merchant's
// binding and a client signed as its partner; these functions make the calls (docs/plugins.md).
export type { WechatpayBinding } from './wechatpay/merchant-binding.ts';
export type { WechatpayClient } from './wechatpay/client.ts';
export {
  createFavorStock, startFavorStock, pauseFavorStock, restartFavorStock, getFavorStock, sendFavorCoupon,
  type CreateFavorStockInput, type FavorStock, type FavorStockStatus, type FavorStockType, type SendFavorCouponInput,
} from './wechatpay/favor.ts';
export {
  createBusifavorStock, validateBusifavorStock, getBusifavorStock, updateBusifavorStock, updateBusifavorBudget,
  useBusifavorCoupon, returnBusifavorCoupon, deactivateBusifavorCoupon, uploadBusifavorCouponCodes,
  type CreateBusifavorStockInput, type BusifavorStock, type BusifavorStockState, type BusifavorStockType, type BusifavorCodeMode,
  type BusifavorUseMethod, type BusifavorAvailableTime, type BusifavorCouponUseRule, type BusifavorStockSendRule,
  type UpdateBusifavorStockInput, type UpdateBusifavorBudgetInput, type UseBusifavorCouponInput,
  type UploadBusifavorCouponCodesInput, type UploadBusifavorCouponCodesResult,
} from './wechatpay/busifavor.ts';
export { setMarketingCallback } from './wechatpay/callbacks.ts';
export type { SendCouponItem, SendCouponParams } from './wechatpay/v2-sign.ts';
export type {
  FavorCouponUseResource, BusifavorCouponSendResource, RefundNotificationResource,
} from './wechatpay/notifications.ts';
export type { PromotionDetail, PartnerTransaction } from './wechatpay/types.ts';
