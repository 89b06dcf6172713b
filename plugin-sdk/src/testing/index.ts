import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import {
  bindNockPartner, bindSandboxPartner, checkRules, createShop, enablePlugin, inTenant, installPlugin, migratePluginDown,
  migratePluginUp, readCatalog, startTestApp, type TestApp, type TestShop, type WechatpayTestBinding,
} from '@lingshou/core/testing';

export { wechatpayReply, signedNotification, TEST_SP_MCHID, TEST_SP_APPID } from '@lingshou/core/testing';
import { pluginSchema, type HookCatalogue, type HookName, type PluginContext, type PluginDefinition } from '@lingshou/core';

export interface PluginTestKit {
  /** The whole kernel, booted on a fresh database (PGlite, or PostgreSQL when DATABASE_URL is set). */
  h: TestApp;
  /** Tenant A: the plugin (and what it requires) installed and enabled, configured as given. */
  a: TestShop;
  /** Tenant B: the same shop, with the plugin installed but not enabled. */
  b: TestShop;
  /** Calls the operator's API. */
  operator(options: InjectOptions): Promise<LightMyRequestResponse>;
  /** Calls a kernel hook for a tenant, in a transaction, as the kernel would. */
  callHook<K extends HookName>(tenant: TestShop, name: K, payload: HookCatalogue[K]['payload'], info: HookCatalogue[K]['info']): Promise<HookCatalogue[K]['result']>;
  /** Runs fn with the plugin's context for a tenant (its tables, config and kernel facade). */
  asPlugin<T>(tenant: TestShop, fn: (ctx: PluginContext) => Promise<T>): Promise<T>;
  /** With `wechatpay`: the partner both shops are sub-merchants of (`subMchids` by tenant id). */
  wechatpay: WechatpayTestBinding | null;
  /** With `wechatpay: 'sandbox'`: calls the sandbox's admin API (docs/wechatpay-sandbox.md). */
  sandbox: { admin(method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown): Promise<LightMyRequestResponse> };
  /**
   * Starts the job workers `npm start` runs (plugin events, plugin jobs, WeChat Pay notifications
   * and checks), so after-commit consumers and notifications run as in production.
   */
  startWorkers(): Promise<void>;
  close(): Promise<void>;
}

export interface PluginTestKitOptions {
  plugin: PluginDefinition;
  /** The plugins it requires, loaded, installed and enabled before it. */
  requires?: PluginDefinition[];
  /** Configuration saved before enabling, keyed by plugin id. */
  config?: Record<string, Record<string, unknown>>;
  /**
   * Make both shops WeChat Pay sub-merchants: of a partner in the in-process sandbox
   * ('sandbox', with `sandbox` options such as autoPay), or of the fixed test partner at
   * api.mch.weixin.qq.com, for answers from nock ('nock', with `wechatpayReply`).
   */
  wechatpay?: 'sandbox' | 'nock';
  sandbox?: { autoPay?: boolean | { delayMs?: number }; timeScale?: number };
}

/**
 * Boots the kernel with the plugin on a fresh database and two merchants, installs the plugin
 * with its requirements, and enables it for tenant A only: every test can check both that it
 * works for A and that B never notices it.
 */
export async function createPluginTestKit(options: PluginTestKitOptions): Promise<PluginTestKit> {
  const all = [...(options.requires ?? []), options.plugin];
  const h = await startTestApp({ plugins: all, ...(options.wechatpay === 'sandbox' ? { wechatpaySandbox: options.sandbox ?? true } : {}) });
  try {
    const a = await createShop(h, '插件测试甲');
    const b = await createShop(h, '插件测试乙');
    const wechatpay = options.wechatpay === 'sandbox' ? await bindSandboxPartner(h, [a, b])
      : options.wechatpay === 'nock' ? await bindNockPartner(h, [a, b]) : null;
    for (const plugin of all) {
      await installPlugin(h, plugin.id);
      await enablePlugin(a, plugin.id, options.config?.[plugin.id]);
    }
    return {
      h, a, b,
      operator: h.as(h.platformToken),
      callHook: (tenant, name, payload, info) => inTenant(h.db.knex, tenant.tenantId, (trx) => h.app.hooks.call(name, payload, { trx, tenantId: tenant.tenantId, info })),
      asPlugin: (tenant, fn) => inTenant(h.db.knex, tenant.tenantId, async (trx) => {
        const active = await h.app.plugins.active(trx, tenant.tenantId);
        if (!active.ids.has(options.plugin.id)) throw new Error(`${options.plugin.id} is not enabled for this tenant`);
        return fn(active.context(options.plugin.id));
      }),
      wechatpay,
      sandbox: {
        admin: (method, path, body) => h.app.inject({ method, url: `/sandbox/wechatpay/admin${path}`, ...(body === undefined ? {} : { payload: body as object }) }),
      },
      startWorkers: async () => {
        await h.app.events.startWorker(0.5);
        await h.app.pluginJobs.startWorker(0.5);
        await h.app.wechatpay.startWorker(0.5);
      },
      close: h.close,
    };
  } catch (error) {
    await h.close();
    throw error;
  }
}

/**
 * Checks that a plugin's migrations are reversible (up, down, up again on a fresh database, and
 * down leaves nothing behind) and that its tables follow the kernel's data rules. Returns the
 * tables the plugin creates.
 */
export async function checkMigrations(plugin: PluginDefinition): Promise<string[]> {
  const h = await startTestApp({ plugins: [plugin] });
  try {
    const knex = h.db.knex;
    const schema = pluginSchema(plugin.id);
    const tables = async () => (await knex.raw(`select table_name from information_schema.tables where table_schema = ? and table_name not like 'knex_migrations%' order by 1`, [schema])).rows.map((r: { table_name: string }) => r.table_name) as string[];
    await migratePluginUp(knex, plugin);
    const first = await tables();
    // The plugin's tables follow the kernel's data rules: tenant_id in every key, RLS forced, ...
    const broken = Object.entries(checkRules(await readCatalog(knex)))
      .flatMap(([rule, lines]) => lines.filter((line) => line.includes(`${schema}.`)).map((line) => `${rule}: ${line}`));
    if (broken.length > 0) throw new Error(`${plugin.id}'s tables break the data rules:\n  ${broken.join('\n  ')}`);
    await migratePluginDown(knex, plugin);
    const left = await tables();
    if (left.length > 0) throw new Error(`After rolling back, ${plugin.id} left tables behind: ${left.join(', ')}`);
    await migratePluginUp(knex, plugin);
    const second = await tables();
    if (second.join() !== first.join()) throw new Error(`Migrating up again made different tables: ${second.join(', ')} vs ${first.join(', ')}`);
    return first;
  } finally {
    await h.close();
  }
}
