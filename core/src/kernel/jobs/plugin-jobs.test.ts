import t from 'tap';
import { startTestApp } from '../../testing/test-app.ts';
import { createShop } from '../../testing/shop.ts';
import { enablePlugin, installPlugin } from '../../testing/plugins.ts';
import { definePlugin } from '../plugins/define-plugin.ts';
import { inTenant } from '../../db/tenant-tx.ts';

const runs: { job: string; tenantId: string; data: Record<string, unknown> }[] = [];

const worker = definePlugin({
  id: 'worker', version: '1.0.0', kernel: '^1.0.0', name: { zh: '任务', en: 'Jobs' },
  jobs: [
    { name: 'recount', handler: async (ctx, data) => { runs.push({ job: 'recount', tenantId: ctx.tenantId, data }); } },
    { name: 'nightly', cron: '0 3 * * *', handler: async (ctx) => { runs.push({ job: 'nightly', tenantId: ctx.tenantId, data: {} }); } },
  ],
  hooks: (h) => h.tap('order.created', async (event, ctx) => ctx.jobs.enqueue('recount', { orderId: event.orderId })),
});

t.test('plugin jobs: queued in the transaction, scheduled per enabled tenant', async (t) => {
  const h = await startTestApp({ plugins: [worker] });
  t.teardown(h.close);
  await installPlugin(h, 'worker');
  const a = await createShop(h, '甲');
  const b = await createShop(h, '乙');
  await enablePlugin(a, 'worker');

  const order = await a.api({ method: 'POST', url: '/api/v1/orders', payload: { storeId: a.storeIds[0], lines: [{ skuId: a.skus.cola.id, quantity: 1 }] } });
  t.equal(order.statusCode, 201);
  const queued = (await h.db.knex.raw(`select data from pgboss.job where name = 'plugin-jobs'`)).rows as { data: never }[];
  t.equal(queued.length, 1, 'queued with the order');
  t.equal(await h.app.pluginJobs.runQueued(queued[0]!.data), 'ran');
  t.same(runs.shift(), { job: 'recount', tenantId: a.tenantId, data: { orderId: order.json().id } });

  t.same(await h.app.pluginJobs.runForEveryTenant('worker', 'nightly'), { ran: 1 });
  t.same(runs.map((r) => r.tenantId), [a.tenantId], 'a scheduled job runs for the tenants that enabled the plugin, not for B');
  t.ok(b.tenantId);

  await h.app.pluginJobs.startWorker(0.5);
  const schedule = (await h.db.knex.raw(`select name, cron, timezone from pgboss.schedule`)).rows;
  t.same(schedule, [{ name: 'cron.worker.nightly', cron: '0 3 * * *', timezone: 'Asia/Shanghai' }]);
  const enqueueUnknown = inTenant(h.db.knex, a.tenantId, async (trx) => (await h.app.plugins.active(trx, a.tenantId)).context('worker').jobs.enqueue('nope'));
  await t.rejects(enqueueUnknown, /has no job "nope"/);
});
