import t from 'tap';
import { fileURLToPath } from 'node:url';
import { startTestApp } from '../../testing/test-app.ts';
import { createShop } from '../../testing/shop.ts';
import { enablePlugin, installPlugin } from '../../testing/plugins.ts';
import { HookBus } from '../hooks/hook-bus.ts';
import { PaymentMethodRegistry } from '../../payments/payment-methods.ts';
import { PluginEvents } from '../events/plugin-events.ts';
import { JobQueue } from '../jobs/job-queue.ts';
import { PluginHost } from './plugin-host.ts';
import { installedPlugins, upgradePlugin } from './lifecycle.service.ts';
import { ledgerPlugin } from './fixtures/ledger-plugin/index.ts';
import type { PluginDefinition } from './plugin-definition.ts';

t.test('upgrade: a newer version runs its new migrations and upgrade(from), keeping tenants\' data and state', async (t) => {
  const h = await startTestApp({ plugins: [ledgerPlugin()] });
  t.teardown(h.close);
  await installPlugin(h, 'ledger-plugin');
  const a = await createShop(h);
  await enablePlugin(a, 'ledger-plugin', { discountFen: 10, apiKey: 'secret-key-123' });

  // The next deploy loads 1.3.0 of the same plugin against the same database.
  let upgradedFrom: string | null = null;
  const next: PluginDefinition = {
    ...ledgerPlugin(), version: '1.3.0',
    migrations: fileURLToPath(new URL('./fixtures/ledger-plugin/migrations-1.3', import.meta.url)),
    upgrade: async (_ctx, from) => { upgradedFrom = from; },
  };
  const knex = h.db.knex;
  const jobs = new JobQueue(knex, () => undefined);
  const host = new PluginHost({
    knex, hooks: new HookBus(), payments: new PaymentMethodRegistry(), events: new PluginEvents(knex, jobs), jobs,
    masterKey: h.app.config.masterKey, wechatpay: h.app.wechatpay.bindings,
  });
  host.load([next]);

  const upgraded = await upgradePlugin(host, knex, 'ledger-plugin', null);
  t.equal(upgraded.version, '1.3.0');
  t.equal(upgradedFrom, '1.2.0', 'upgrade(from) learns the version it came from');
  const tables = (await knex.raw(`select table_name from information_schema.tables where table_schema = 'plugin_ledger_plugin' order by 1`)).rows.map((r: { table_name: string }) => r.table_name);
  t.same(tables, ['knex_migrations', 'knex_migrations_lock', 'paid_orders', 'refunds_seen']);
  t.equal((await installedPlugins(knex)).get('ledger-plugin')?.enabled_tenants, 1, 'tenants keep it enabled');
  t.same(await upgradePlugin(host, knex, 'ledger-plugin', null), upgraded, 'upgrading again does nothing');
  const audit = await knex('plugin_audit').where({ plugin_id: 'ledger-plugin', action: 'upgrade' }).first('from_version', 'to_version', 'outcome');
  t.same(audit, { from_version: '1.2.0', to_version: '1.3.0', outcome: 'succeeded' });
});
