/**
 * Scale-out: two API processes (LINGSHOU_ROLE=api) behind Debian's nginx and two job workers
 * (LINGSHOU_ROLE=worker), all on one PostgreSQL database. A burst of till sales through nginx is
 * served in full by both API processes; the order events they emit are run by the workers only,
 * each exactly once. docs/scale-out.md.
 */
import t from 'tap';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestApp } from '../testing/test-app.ts';
import { concurrencyDatabaseUrl } from '../testing/postgres.ts';
import { createShop, enablePlugin, installPlugin, TEST_PASSWORD } from '../testing/index.ts';
import { inTenant } from '../db/tenant-tx.ts';
import { EVENT_QUEUE, JOB_SCHEMA } from '../kernel/jobs/queues.ts';
import eventTally from './fixtures/event-tally.plugin.ts';
import { call, databaseUrlOf, loginAt, sharedServerEnv, startServerProcess, type ServerProcess } from './server-process.ts';
import { startNginx } from './nginx.ts';

// Event jobs run at about one per worker per polling interval (docs/scale-out.md): a modest burst keeps the suite quick.
const SALES = 16;
const AT_ONCE = 8;

const h = await startTestApp({ databaseUrl: concurrencyDatabaseUrl, plugins: [eventTally] });
t.teardown(h.close);
const shop = await createShop(h);
await installPlugin(h, eventTally.id);
await enablePlugin(shop, eventTally.id);
const dir = mkdtempSync(join(tmpdir(), 'lingshou-scale-'));
const tallyFile = join(dir, 'tally.log');
writeFileSync(tallyFile, '');
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
const env = {
  ...sharedServerEnv(databaseUrlOf(h.db.knex)),
  LINGSHOU_PLUGINS: fileURLToPath(new URL('./fixtures/event-tally.plugin.ts', import.meta.url)),
  LINGSHOU_TEST_TALLY: tallyFile,
};

const processes: ServerProcess[] = [];
t.teardown(() => Promise.all(processes.map((p) => p.stop())));
const [api1, api2, worker1, worker2] = await Promise.all([
  startServerProcess({ ...env, LINGSHOU_ROLE: 'api' }), startServerProcess({ ...env, LINGSHOU_ROLE: 'api' }),
  startServerProcess({ ...env, LINGSHOU_ROLE: 'worker' }), startServerProcess({ ...env, LINGSHOU_ROLE: 'worker' }),
]);
processes.push(api1!, api2!, worker1!, worker2!);
const nginx = await startNginx([api1!.url, api2!.url]);
t.teardown(nginx.stop);

t.test('a worker answers its health check and serves nothing else', async (t) => {
  t.equal((await call(worker1!.url, 'GET', '/api/v1/health')).status, 200, 'GET /api/v1/health: 200');
  const login = await call(worker1!.url, 'POST', '/api/v1/auth/login', undefined, { username: shop.cashierUsername, password: TEST_PASSWORD });
  t.equal(login.status, 404, 'POST /api/v1/auth/login: 404');
});

t.test('a burst of till sales through nginx: every one served, by both API processes', async (t) => {
  const token = await loginAt(nginx.url, shop.cashierUsername, TEST_PASSWORD);
  const results: { status: number; upstream: string | null }[] = [];
  const queue = Array.from({ length: SALES }, (_, i) => `scale-${String(i).padStart(5, '0')}`);
  await Promise.all(Array.from({ length: AT_ONCE }, async () => {
    for (let clientOrderId = queue.shift(); clientOrderId; clientOrderId = queue.shift()) {
      const res = await call(nginx.url, 'POST', '/api/v1/pos/orders', token, {
        clientOrderId, storeId: shop.storeIds[0], lines: [{ skuId: shop.skus.cola.id, quantity: 1 }], tenders: [{ method: 'cash', amountFen: 350 }],
      });
      results.push({ status: res.status, upstream: res.headers.get('x-upstream') });
    }
  }));
  t.same([...new Set(results.map((r) => r.status))], [201], `${SALES} sales, all made`);
  const upstreams = new Set(results.map((r) => r.upstream));
  t.same([...upstreams].sort(), [new URL(api1!.url).host, new URL(api2!.url).host].sort(), 'both API processes served some');
  const orders = await inTenant(h.db.knex, shop.tenantId, async (trx) => Number((await trx('orders').count({ n: '*' }).first())?.n));
  t.equal(orders, SALES, 'one order per sale');
});

t.test('every order event ran once, on a worker', async (t) => {
  const expected = SALES * 2;
  const deliveries = async () => inTenant(h.db.knex, shop.tenantId, async (trx) =>
    Number((await trx('event_deliveries').where({ consumer: eventTally.id }).count({ n: '*' }).first())?.n));
  const deadline = Date.now() + 90_000;
  while ((await deliveries()) < expected && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
  t.equal(await deliveries(), expected, 'order.created and order.paid delivered for every sale (event_deliveries)');
  // A moment more: a job run twice would show up now.
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const lines = readFileSync(tallyFile, 'utf8').trim().split('\n').filter(Boolean).map((line) => line.split(' '));
  const runs = new Map<string, number>();
  for (const [, event, orderId] of lines) runs.set(`${event} ${orderId}`, (runs.get(`${event} ${orderId}`) ?? 0) + 1);
  t.equal(runs.size, expected, 'the consumer ran for every (event, order)');
  t.same([...runs.values()].filter((n) => n !== 1), [], 'and exactly once for each');
  const pids = new Set(lines.map(([pid]) => Number(pid)));
  t.same([...pids].filter((pid) => pid !== worker1!.pid && pid !== worker2!.pid), [], 'only the workers ran jobs, never an API process');
  t.equal(pids.size, 2, 'both workers took jobs');
  const jobs = (await h.db.knex.raw(`select state, count(*)::int as n, max(retry_count) as retries from ${JOB_SCHEMA}.job where name = ? group by state`, [EVENT_QUEUE])).rows as { state: string; n: number; retries: number }[];
  t.same(jobs, [{ state: 'completed', n: expected, retries: 0 }], 'pg-boss: every event job completed on its first run');
});
