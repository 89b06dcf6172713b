/**
 * SQL budget: the queries each hot endpoint issues, counted on the app's knex. A count over its
 * budget fails, so an N+1 or a stray lookup cannot creep in unnoticed. To change a budget on
 * purpose, see docs/reliability.md "SQL budget".
 */
import t from 'tap';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { startTestApp, type TestApp } from '../testing/test-app.ts';
import { createShop } from '../testing/shop.ts';
import { addSku } from '../testing/merchant.ts';
import { inTenant } from '../db/tenant-tx.ts';
import { moveStock } from '../stock/stock.service.ts';
import { defaultWarehouseOf } from '../stock/warehouses.service.ts';

/** Queries per request, including BEGIN/COMMIT and the tenant's set_config. */
const BUDGET = {
  'POST /api/v1/pos/orders (3 lines, cash)': 16,
  'GET /api/v1/orders/:id': 5,
  'GET /api/v1/skus?_start=0&_end=20': 4,
  'POST /api/v1/checkout/price (3 lines)': 5,
} as const;

/** Runs a request and counts the SQL statements it sends, whichever connection they use. */
async function countQueries(h: TestApp, send: () => Promise<LightMyRequestResponse>): Promise<{ res: LightMyRequestResponse; count: number; sql: string[] }> {
  const sql: string[] = [];
  const listener = (query: { sql: string }) => sql.push(query.sql);
  h.db.knex.on('query', listener);
  try {
    const res = await send();
    return { res, count: sql.length, sql };
  } finally {
    h.db.knex.removeListener('query', listener);
  }
}

const h = await startTestApp();
t.teardown(h.close);
const shop = await createShop(h);
const [store1] = shop.storeIds;
const till = h.as(shop.cashierToken);
const threeLines = [{ skuId: shop.skus.cola.id, quantity: 2 }, { skuId: shop.skus.chips.id, quantity: 1 }, { skuId: shop.skus.apple.id, quantity: 500 }];
const manySkus: string[] = [];
for (let i = 0; i < 30; i++) manySkus.push(await addSku(h, shop.tenantId, `预算商品${i}`));
await inTenant(h.db.knex, shop.tenantId, async (trx) => {
  const warehouse = await defaultWarehouseOf(trx, store1);
  for (const skuId of manySkus) await moveStock(trx, shop.tenantId, { warehouseId: warehouse.id, skuId, delta: 100, type: 'initial', sourceKey: `initial:${skuId}` });
});
const thirtyLines = manySkus.map((skuId) => ({ skuId, quantity: 1 }));
let sale = 0;
const posOrder = (lines: { skuId: string; quantity: number }[], totalFen: number): InjectOptions => ({
  method: 'POST', url: '/api/v1/pos/orders',
  payload: { clientOrderId: `budget-sale-${++sale}`, storeId: store1, lines, tenders: [{ method: 'cash', amountFen: totalFen }] },
});
const priceOf = async (lines: { skuId: string; quantity: number }[]) =>
  (await till({ method: 'POST', url: '/api/v1/checkout/price', payload: { storeId: store1, lines } })).json().totalFen as number;

/** Asserts a measured count is within budget, reporting the statements when it is not. */
function within(test: Pick<typeof t, 'equal' | 'ok'>, name: keyof typeof BUDGET, measured: { res: LightMyRequestResponse; count: number; sql: string[] }, status: number) {
  test.equal(measured.res.statusCode, status, `${name} answers ${status}`, { body: measured.res.body.slice(0, 500) });
  test.ok(measured.count <= BUDGET[name], `${name}: ${measured.count} queries, budget ${BUDGET[name]}`, { sql: measured.sql });
}

t.test('each hot endpoint stays within its query budget', async (t) => {
  // A first sale warms the per-process caches (plugins, settings) that later requests reuse.
  await till(posOrder(threeLines, await priceOf(threeLines)));
  const total = await priceOf(threeLines);
  const checkout = await countQueries(h, () => till(posOrder(threeLines, total)));
  within(t, 'POST /api/v1/pos/orders (3 lines, cash)', checkout, 201);
  const orderId = checkout.res.json().id as string;
  within(t, 'GET /api/v1/orders/:id', await countQueries(h, () => till({ method: 'GET', url: `/api/v1/orders/${orderId}` })), 200);
  within(t, 'GET /api/v1/skus?_start=0&_end=20', await countQueries(h, () => till({ method: 'GET', url: '/api/v1/skus?_start=0&_end=20' })), 200);
  within(t, 'POST /api/v1/checkout/price (3 lines)', await countQueries(h, () =>
    till({ method: 'POST', url: '/api/v1/checkout/price', payload: { storeId: store1, lines: threeLines } })), 200);
});

t.test('the count does not grow with the number of lines (no N+1)', async (t) => {
  const few = thirtyLines.slice(0, 3);
  const priceFew = await countQueries(h, () => till({ method: 'POST', url: '/api/v1/checkout/price', payload: { storeId: store1, lines: few } }));
  const priceMany = await countQueries(h, () => till({ method: 'POST', url: '/api/v1/checkout/price', payload: { storeId: store1, lines: thirtyLines } }));
  t.equal(priceMany.res.statusCode, 200, 'priced 30 lines', { body: priceMany.res.body.slice(0, 500) });
  t.equal(priceMany.count, priceFew.count, `pricing: ${priceFew.count} queries for 3 lines, ${priceMany.count} for 30`, { sql: priceMany.sql });

  const [totalFew, totalMany] = [await priceOf(few), await priceOf(thirtyLines)];
  const saleFew = await countQueries(h, () => till(posOrder(few, totalFew)));
  const saleMany = await countQueries(h, () => till(posOrder(thirtyLines, totalMany)));
  t.equal(saleMany.res.statusCode, 201, 'sold 30 lines', { body: saleMany.res.body.slice(0, 500) });
  // Every statement is issued once whatever the line count: stock moves for all lines together too.
  t.equal(saleMany.count, saleFew.count, `checkout: ${saleFew.count} queries for 3 lines, ${saleMany.count} for 30`, { sql: saleMany.sql });

  const detailFew = await countQueries(h, () => till({ method: 'GET', url: `/api/v1/orders/${saleFew.res.json().id}` }));
  const detailMany = await countQueries(h, () => till({ method: 'GET', url: `/api/v1/orders/${saleMany.res.json().id}` }));
  t.equal(detailMany.count, detailFew.count, `order detail: ${detailFew.count} queries for 3 lines, ${detailMany.count} for 30`, { sql: detailMany.sql });
});
