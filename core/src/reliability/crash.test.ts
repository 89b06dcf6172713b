/**
 * Crash: the real server (a child process on a fresh PostgreSQL database) takes concurrent till
 * sales and idempotent payments, is SIGKILLed mid-load, restarts, and the data invariants hold
 * (invariants.ts). Then every upload the tills sent is sent again, as tills do after a crash:
 * each finds one order, and every payment replay pays nothing more.
 */
import t from 'tap';
import { startTestApp } from '../testing/test-app.ts';
import { concurrencyDatabaseUrl } from '../testing/postgres.ts';
import { createShop, TEST_PASSWORD } from '../testing/index.ts';
import { inTenant } from '../db/tenant-tx.ts';
import { moveStock } from '../stock/stock.service.ts';
import { defaultWarehouseOf } from '../stock/warehouses.service.ts';
import { brokenInvariants } from './invariants.ts';
import { call, databaseUrlOf, loginAt, sharedServerEnv, startServerProcess, type ServerProcess } from './server-process.ts';

const h = await startTestApp({ databaseUrl: concurrencyDatabaseUrl });
t.teardown(h.close);
const shop = await createShop(h);
const [store1] = shop.storeIds;
// Enough stock that no sale is refused for it: the load is about crashing, not selling out.
await inTenant(h.db.knex, shop.tenantId, async (trx) => {
  const warehouse = await defaultWarehouseOf(trx, store1);
  for (const sku of [shop.skus.cola, shop.skus.chips, shop.skus.apple]) {
    await moveStock(trx, shop.tenantId, { warehouseId: warehouse.id, skuId: sku.id, delta: 10_000_000, type: 'adjustment', sourceKey: `crash-stock:${sku.id}` });
  }
});
const env = sharedServerEnv(databaseUrlOf(h.db.knex));
let server: ServerProcess | undefined;
t.teardown(() => server?.kill());

const lines = [{ skuId: shop.skus.cola.id, quantity: 1 }, { skuId: shop.skus.chips.id, quantity: 1 }, { skuId: shop.skus.apple.id, quantity: 250 }];
const KILL_AFTER_SALES = 80;
/** What the tills sent: till sales by clientOrderId, and payments by Idempotency-Key. */
const sales = new Map<string, object>();
const payments = new Map<string, { orderId: string; body: object }>();

/** One till: sells, and every third time creates an order and pays it under a key, until the server is gone. */
async function till(url: string, token: string, n: number, stopAt: number): Promise<void> {
  for (let i = 0; Date.now() < stopAt; i++) {
    try {
      if (i % 3 === 2) {
        const created = await call(url, 'POST', '/api/v1/orders', token, { storeId: store1, lines });
        if (created.status !== 201) continue;
        const key = `crash-pay-${n}-${i}`;
        const body = { tenders: [{ method: 'cash', amountFen: created.json.dueFen as number }] };
        payments.set(key, { orderId: created.json.id as string, body });
        await fetch(`${url}/api/v1/orders/${created.json.id as string}/payments`, {
          method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': key }, body: JSON.stringify(body),
        });
      } else {
        const clientOrderId = `crash-${n}-${String(i).padStart(5, '0')}`;
        const total = 350 + 1250 + Math.round(1999 * 250 / 1000);
        const body = { clientOrderId, storeId: store1, lines, tenders: [{ method: 'cash', amountFen: total }] };
        sales.set(clientOrderId, body);
        await call(url, 'POST', '/api/v1/pos/orders', token, body);
      }
    } catch {
      // The server is gone mid-request: exactly what this test is about. The till keeps the sale
      // for its replay after the restart, and stops selling.
      return;
    }
  }
}

t.test('SIGKILL under checkout load leaves no broken data, and replays after the restart change nothing', async (t) => {
  server = await startServerProcess(env);
  const token = await loginAt(server.url, shop.cashierUsername, TEST_PASSWORD);
  const stopAt = Date.now() + 60_000;
  const tills = Array.from({ length: 8 }, (_, n) => till(server!.url, token, n, stopAt));
  // Killed once the load is well under way, so requests are in every phase of a sale when it lands.
  while (sales.size < KILL_AFTER_SALES && Date.now() < stopAt) await new Promise((resolve) => setTimeout(resolve, 20));
  await server.kill();
  const killedAt = Date.now();
  t.ok(server.child.signalCode === 'SIGKILL', 'the server was killed, not stopped');

  await Promise.all(tills);
  server = await startServerProcess(env);
  const restarted = server;
  t.ok(sales.size >= KILL_AFTER_SALES, `${sales.size} till sales and ${payments.size} payments sent before the kill`);
  const afterRestart = await brokenInvariants(h.db.knex);
  t.strictSame(Object.values(afterRestart).flat(), [], 'every invariant holds after the restart', { broken: afterRestart });

  const token2 = await loginAt(restarted.url, shop.cashierUsername, TEST_PASSWORD);
  const replays = await Promise.all([...sales].map(([, body]) => call(restarted.url, 'POST', '/api/v1/pos/orders', token2, body)));
  const statuses = replays.map((r) => r.status);
  t.ok(statuses.every((s) => s === 200 || s === 201), 'every till sale uploads again (200: already there, 201: lost with the crash, now made)',
    { statuses: [...new Set(statuses)], refused: replays.find((r) => r.status !== 200 && r.status !== 201)?.json });
  const ids = new Set(replays.map((r) => r.json.id));
  t.equal(ids.size, sales.size, 'one order per clientOrderId');
  const paid = await Promise.all([...payments].map(async ([key, { orderId, body }]) => {
    const res = await fetch(`${restarted.url}/api/v1/orders/${orderId}/payments`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token2}`, 'idempotency-key': key }, body: JSON.stringify(body),
    });
    return res.status;
  }));
  t.ok(paid.every((s) => s === 200), 'every payment, replayed under its key, answers as paid', { statuses: [...new Set(paid)] });
  const broken = await brokenInvariants(h.db.knex);
  t.strictSame(Object.values(broken).flat(), [], 'and the invariants still hold', { broken });
  t.comment(`killed ${killedAt - (stopAt - 60_000)} ms into the load`);
});
