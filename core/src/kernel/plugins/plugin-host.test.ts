import t from 'tap';
import { startTestApp } from '../../testing/test-app.ts';
import { createShop } from '../../testing/shop.ts';
import { installPlugin, enablePlugin } from '../../testing/plugins.ts';
import { inTenant } from '../../db/tenant-tx.ts';
import { ledgerPlugin } from './fixtures/ledger-plugin/index.ts';

const config = { discountFen: 30, apiKey: 'secret-key-123' };

t.test('lifecycle: install, enable for one tenant only, disable, uninstall', async (t) => {
  const h = await startTestApp({ plugins: [ledgerPlugin()] });
  t.teardown(h.close);
  const op = h.as(h.platformToken);
  const a = await createShop(h, '甲');
  const b = await createShop(h, '乙');

  const before = await a.api({ method: 'GET', url: '/api/v1/plugins' });
  t.same(before.json(), [], 'a loaded plugin is invisible to merchants until installed');
  await installPlugin(h, 'ledger-plugin');
  await installPlugin(h, 'ledger-plugin');
  t.pass('installing twice is harmless');
  const schema = await h.db.knex.raw(`select 1 from information_schema.tables where table_schema = 'plugin_ledger_plugin' and table_name = 'paid_orders'`);
  t.equal(schema.rows.length, 1, 'its migrations ran in its own schema');

  await enablePlugin(a, 'ledger-plugin', config);
  const lines = (shop: typeof a) => ({ storeId: shop.storeIds[0], lines: [{ skuId: shop.skus.chips.id, quantity: 1 }] });
  const quoteA = (await a.api({ method: 'POST', url: '/api/v1/checkout/price', payload: lines(a) })).json();
  t.equal(quoteA.totalFen, 1250 - 30, 'its tap runs for the tenant that enabled it');
  t.equal(quoteA.adjustments[0].source, 'ledger-plugin');
  t.equal(quoteA.adjustments[0].reason, '立减 (secr)', 'with its config, secret decrypted');
  const quoteB = (await b.api({ method: 'POST', url: '/api/v1/checkout/price', payload: lines(b) })).json();
  t.equal(quoteB.totalFen, 1250, 'and never for a tenant that did not');
  t.equal((await b.api({ method: 'GET', url: '/api/v1/plugins/ledger-plugin/paid-orders' })).statusCode, 404, 'its routes are closed to B');
  t.equal((await a.api({ method: 'GET', url: '/api/v1/plugins/ledger-plugin/paid-orders' })).statusCode, 200);

  await enablePlugin(b, 'ledger-plugin', config);
  const refused = await op({ method: 'POST', url: '/api/v1/platform/plugins/ledger-plugin/uninstall' });
  t.equal(refused.statusCode, 409);
  t.equal(refused.json().code, 'LS_PLUGIN_IN_USE');
  t.equal(refused.json().enabledTenants, 2);

  for (const shop of [a, b]) {
    const off = await shop.api({ method: 'POST', url: '/api/v1/plugins/ledger-plugin/disable' });
    t.equal(off.json().enabled, false);
  }
  t.equal((await a.api({ method: 'POST', url: '/api/v1/checkout/price', payload: lines(a) })).json().totalFen, 1250, 'disabled at run time, no restart');
  const closed = await a.api({ method: 'GET', url: '/api/v1/plugins/ledger-plugin/paid-orders' });
  t.same([closed.statusCode, closed.json().code], [404, 'LS_PLUGIN_NOT_ENABLED'], 'its routes close at once, though A used them a moment ago');
  const gone = await op({ method: 'POST', url: '/api/v1/platform/plugins/ledger-plugin/uninstall' });
  t.equal(gone.statusCode, 204, gone.body);
  const after = await h.db.knex.raw(`select 1 from information_schema.schemata where schema_name = 'plugin_ledger_plugin'`);
  t.equal(after.rows.length, 0, 'its migrations rolled back and its schema dropped');
  const audit = await h.db.knex('plugin_audit').where({ plugin_id: 'ledger-plugin' }).orderBy('at').pluck('action');
  t.same([...new Set(audit)].sort(), ['configure', 'disable', 'enable', 'install', 'uninstall'], 'every step is audited');
});

t.test('configuration: validated by schema, secrets sealed and never echoed', async (t) => {
  const h = await startTestApp({ plugins: [ledgerPlugin()] });
  t.teardown(h.close);
  await installPlugin(h, 'ledger-plugin');
  const a = await createShop(h);
  const early = await a.api({ method: 'POST', url: '/api/v1/plugins/ledger-plugin/enable' });
  t.equal(early.statusCode, 400, 'a plugin that needs configuration cannot be enabled before it');
  t.equal(early.json().field, 'config.apiKey');
  const bad = await a.api({ method: 'PUT', url: '/api/v1/plugins/ledger-plugin/config', payload: { discountFen: -1, apiKey: 'secret-key-123' } });
  t.equal(bad.statusCode, 400);
  t.equal(bad.json().field, 'config.discountFen');
  const saved = await a.api({ method: 'PUT', url: '/api/v1/plugins/ledger-plugin/config', payload: { ...config, label: '甲' } });
  t.equal(saved.statusCode, 200, saved.body);
  t.same(saved.json().secretsSet, ['apiKey']);
  t.notOk('apiKey' in saved.json().values, 'the secret is not returned');
  t.notOk(saved.body.includes('secret-key-123'));
  const stored = await inTenant(h.db.knex, a.tenantId, (trx) => trx('tenant_plugins').first('config'));
  t.notOk(JSON.stringify(stored.config).includes('secret-key-123'), 'sealed at rest');
  const kept = await a.api({ method: 'PUT', url: '/api/v1/plugins/ledger-plugin/config', payload: { discountFen: 70 } });
  t.same(kept.json().secretsSet, ['apiKey'], 'a secret left out keeps its value');
  t.same(kept.json().values, { discountFen: 70 });
  const got = await a.api({ method: 'GET', url: '/api/v1/plugins/ledger-plugin/config' });
  t.equal(got.json().schema.properties.apiKey['x-secret'], true, 'the schema comes along, for the form');
});

t.test('after-commit events: delivered once after commit, never after rollback; failures degrade', async (t) => {
  let failing = false;
  const h = await startTestApp({ plugins: [ledgerPlugin({ failConsumer: () => failing })] });
  t.teardown(h.close);
  await installPlugin(h, 'ledger-plugin');
  const a = await createShop(h);
  await enablePlugin(a, 'ledger-plugin', config);
  const till = h.as(a.cashierToken);
  const sell = (clientOrderId: string, amountFen: number) => till({ method: 'POST', url: '/api/v1/pos/orders', payload: {
    clientOrderId, storeId: a.storeIds[0], lines: [{ skuId: a.skus.chips.id, quantity: 1 }], tenders: [{ method: 'cash', amountFen }],
  } });
  const jobs = () => h.db.knex.raw(`select data from pgboss.job where name = 'plugin-events'`).then((r) => r.rows as { data: Record<string, unknown> }[]);

  t.equal((await sell('evt-rollback-01', 1)).statusCode, 400, 'a refused sale');
  t.equal((await jobs()).length, 0, 'enqueued nothing: the job would have committed with the sale');
  const sold = await sell('evt-commit-0001', 1220);
  t.equal(sold.statusCode, 201, sold.body);
  const queued = await jobs();
  t.equal(queued.length, 1, 'one job for the one consumer');

  const job = queued[0]!.data as never;
  t.equal(await h.app.events.deliver(job), 'delivered');
  t.equal(await h.app.events.deliver(job), 'duplicate', 'a redelivered job changes nothing');
  const paid = await a.api({ method: 'GET', url: '/api/v1/plugins/ledger-plugin/paid-orders' });
  t.same(paid.json(), [{ orderId: sold.json().id, totalFen: 1220 }]);

  failing = true;
  for (let i = 0; i < 3; i++) {
    await t.rejects(h.app.events.deliver({ ...(job as object), eventId: crypto.randomUUID() } as never));
  }
  const state = (await a.api({ method: 'GET', url: '/api/v1/plugins' })).json()[0];
  t.equal(state.degraded, true, 'three failures in a row mark it degraded for the tenant');
  t.match(state.lastError, /consumer failed on purpose/);
  const second = await sell('evt-commit-0002', 1220);
  t.equal(second.statusCode, 201, 'and checkout goes on');
  failing = false;
  const retried = { ...(job as { payload: object }), eventId: crypto.randomUUID(), payload: { ...(job as { payload: object }).payload, orderId: second.json().id } };
  t.equal(await h.app.events.deliver(retried as never), 'delivered');
  t.equal((await a.api({ method: 'GET', url: '/api/v1/plugins' })).json()[0].degraded, false, 'a success clears it');
});

t.test('the worker takes jobs from the queue', async (t) => {
  const h = await startTestApp({ plugins: [ledgerPlugin()] });
  t.teardown(h.close);
  await installPlugin(h, 'ledger-plugin');
  const a = await createShop(h);
  await enablePlugin(a, 'ledger-plugin', config);
  await h.app.events.startWorker(0.5);
  const sold = await h.as(a.cashierToken)({ method: 'POST', url: '/api/v1/pos/orders', payload: {
    clientOrderId: 'worker-000001', storeId: a.storeIds[0], lines: [{ skuId: a.skus.cola.id, quantity: 1 }], tenders: [{ method: 'cash', amountFen: 320 }],
  } });
  t.equal(sold.statusCode, 201, sold.body);
  let rows: unknown[] = [];
  for (let i = 0; i < 40 && rows.length === 0; i++) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    rows = (await a.api({ method: 'GET', url: '/api/v1/plugins/ledger-plugin/paid-orders' })).json();
  }
  t.equal(rows.length, 1, 'delivered by the worker after commit');
});

t.test('the extension manifest follows enablement at run time and the user permissions', async (t) => {
  const h = await startTestApp({ plugins: [ledgerPlugin()] });
  t.teardown(h.close);
  await installPlugin(h, 'ledger-plugin');
  const a = await createShop(h);
  const empty = (await a.api({ method: 'GET', url: '/api/v1/extensions' })).json();
  t.same(empty.admin.menu, []);
  await enablePlugin(a, 'ledger-plugin', config);
  const admin = (await a.api({ method: 'GET', url: '/api/v1/extensions' })).json();
  t.same(admin.admin.menu.map((m: { key: string }) => m.key), ['ledger', 'ledger-secret']);
  t.equal(admin.admin.menu[0].pluginId, 'ledger-plugin');
  t.equal(admin.pos.cartPanels.length, 1);
  const cashier = (await h.as(a.cashierToken)({ method: 'GET', url: '/api/v1/extensions' })).json();
  t.same(cashier.admin.menu.map((m: { key: string }) => m.key), ['ledger'], 'entries needing a permission the cashier lacks are left out');
  const module = await h.app.inject({ method: 'GET', url: '/api/v1/plugins/ledger-plugin/ui/ledger.js' });
  t.equal(module.statusCode, 200, 'the page module the menu entry names is served');
  t.match(module.headers['content-type'], /^text\/javascript/);
  t.match(module.body, /export default function LedgerPage/);
  t.equal((await h.app.inject({ method: 'GET', url: '/api/v1/plugins/ledger-plugin/ui/..%2Fconfig.js' })).statusCode, 400);
  t.equal((await h.app.inject({ method: 'GET', url: '/api/v1/plugins/ledger-plugin/ui/missing.js' })).statusCode, 404);
  await a.api({ method: 'POST', url: '/api/v1/plugins/ledger-plugin/disable' });
  t.same((await a.api({ method: 'GET', url: '/api/v1/extensions' })).json().admin.menu, []);
});

t.test('a plugin another server process disabled: its routes refuse though this process saw it enabled a moment ago', async (t) => {
  const h = await startTestApp({ plugins: [ledgerPlugin()] });
  t.teardown(h.close);
  await installPlugin(h, 'ledger-plugin');
  const a = await createShop(h);
  await enablePlugin(a, 'ledger-plugin', config);
  t.equal((await a.api({ method: 'GET', url: '/api/v1/plugins/ledger-plugin/paid-orders' })).statusCode, 200);
  // What another process's disable leaves: the row changed, this process's memory not told.
  await inTenant(h.db.knex, a.tenantId, (trx) => trx('tenant_plugins').where({ plugin_id: 'ledger-plugin' }).update({ enabled: false }));
  const refused = await a.api({ method: 'GET', url: '/api/v1/plugins/ledger-plugin/paid-orders' });
  t.same([refused.statusCode, refused.json().code], [404, 'LS_PLUGIN_NOT_ENABLED'], 'the handler\'s own transaction reads the enabled set again');
});

t.test('batch: concurrent requests of one tenant and key share a transaction, tenants never do; a refusal is its item\'s alone', async (t) => {
  const h = await startTestApp({ plugins: [ledgerPlugin()] });
  t.teardown(h.close);
  await installPlugin(h, 'ledger-plugin');
  const [a, b] = [await createShop(h, '甲'), await createShop(h, '乙')];
  for (const shop of [a, b]) await enablePlugin(shop, 'ledger-plugin', config);
  const tally = (shop: typeof a, key: string, amount: number) => shop.api({ method: 'POST', url: `/api/v1/plugins/ledger-plugin/tally/${key}`, payload: { amount } });
  // A first request each warms the plugin gate (a process's recent read), so the crowd reaches the handler together.
  for (const shop of [a, b]) t.equal((await tally(shop, 'warm', 0)).statusCode, 200);
  const answers = await Promise.all([
    ...[1, 2, 3, -4, 5].map((amount) => tally(a, 'k', amount)), ...[10, 20].map((amount) => tally(b, 'k', amount)), tally(a, 'other', 7),
  ]);
  const bodies = answers.map((res) => res.json());
  t.same(answers.map((res) => res.statusCode), [200, 200, 200, 400, 200, 200, 200, 200]);
  t.same([bodies[3].code, bodies[3].field], ['LS_LEDGER_NEGATIVE_AMOUNT', 'amount'], 'the negative amount refused alone, naming its field');
  const tenants = [a, a, a, a, a, b, b, a].map((shop) => shop.tenantId);
  t.ok(bodies.every((body, i) => i === 3 || body.tenantId === tenants[i]), 'each in its own tenant\'s transaction', { bodies });
  t.ok(bodies.slice(1, 5).some((body) => body.batch > 1), 'A\'s crowd on key k went in a batch together', { bodies });
  t.equal(bodies[7].key, 'other');

  await inTenant(h.db.knex, a.tenantId, (trx) => trx('tenant_plugins').where({ plugin_id: 'ledger-plugin' }).update({ enabled: false }));
  const refused = await tally(a, 'k', 1);
  t.same([refused.statusCode, refused.json().code], [404, 'LS_PLUGIN_NOT_ENABLED'], 'the batch\'s transaction reads the enabled set too');
  t.equal((await tally(b, 'k', 1)).statusCode, 200, 'B is not affected');
});

t.test('db.call: the plugin\'s own SQL function, in the tenant\'s transaction, under row-level security', async (t) => {
  const h = await startTestApp({ plugins: [ledgerPlugin()] });
  t.teardown(h.close);
  await installPlugin(h, 'ledger-plugin');
  const [a, b] = [await createShop(h, '甲'), await createShop(h, '乙')];
  const asPlugin = <T>(tenantId: string, fn: (ctx: ReturnType<typeof h.app.plugins.contextFor>) => Promise<T>) =>
    inTenant(h.db.knex, tenantId, (trx) => fn(h.app.plugins.contextFor(trx, tenantId, 'ledger-plugin', {})));
  await asPlugin(a.tenantId, (ctx) => ctx.db('paid_orders').insert([
    { tenant_id: a.tenantId, order_id: '01a00000-0000-7000-8000-000000000001', total_fen: 500 },
    { tenant_id: a.tenantId, order_id: '01a00000-0000-7000-8000-000000000002', total_fen: 1200 },
  ]));
  t.same(await asPlugin(a.tenantId, (ctx) => ctx.db.call('paid_total', [1000])), [{ orders: '1', total_fen: '1200' }], 'its arguments bound');
  t.same(await asPlugin(b.tenantId, (ctx) => ctx.db.call('paid_total', [0])), [{ orders: '0', total_fen: '0' }], 'another tenant sees none of the rows');
  await t.rejects(asPlugin(a.tenantId, (ctx) => ctx.db.call('paid_total(0); drop table x; --', [])), /not a function name/);
});
