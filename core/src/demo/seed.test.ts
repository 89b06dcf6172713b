import t from 'tap';
import { startTestApp } from '../testing/test-app.ts';
import { DEMO_PASSWORD, seedDemo } from './seed.ts';

t.test('the demo seeds a working shop: logins, stores, catalog, stock, members', async (t) => {
  const h = await startTestApp();
  t.teardown(h.close);
  const demo = await seedDemo(h.app);
  t.ok(await demo.history() >= 30, 'a month of sales');

  await h.login('platform', DEMO_PASSWORD);
  const admin = h.as(await h.login('demo-admin', DEMO_PASSWORD));
  const cashier = h.as(await h.login('demo-cashier', DEMO_PASSWORD));
  await h.login('demo-manager', DEMO_PASSWORD);

  const stores = (await admin({ method: 'GET', url: '/api/v1/stores' })).json();
  t.equal(stores.length, 2);
  const products = await admin({ method: 'GET', url: '/api/v1/products?_end=100' });
  t.ok(Number(products.headers['x-total-count']) >= 30, 'about thirty products');
  const list = products.json() as { weighed: boolean; skuCount: number }[];
  t.ok(list.some((p) => p.weighed), 'weighed produce');
  t.ok(list.some((p) => p.skuCount >= 8), 'multi-spec clothing');
  t.equal(Number((await admin({ method: 'GET', url: '/api/v1/customers' })).headers['x-total-count']), 10);

  const cola = await cashier({ method: 'GET', url: `/api/v1/skus/by-code/${encodeURIComponent('6902940100014')}` });
  t.equal(cola.statusCode, 200, cola.body);
  const sale = await cashier({ method: 'POST', url: '/api/v1/pos/orders', payload: {
    clientOrderId: 'demo-smoke-0001', storeId: stores.find((s: { code: string }) => s.code === '01').id,
    lines: [{ skuId: cola.json().id, quantity: 2 }], tenders: [{ method: 'cash', amountFen: 700, tenderedFen: 1000 }],
  } });
  t.equal(sale.statusCode, 201, sale.body);
  t.equal(sale.json().payments[0].changeFen, 300);

  // A month of till history for the dashboard: every day has sales, dated and numbered for that day.
  const orders = await admin({ method: 'GET', url: '/api/v1/orders?_end=200&channel=pos' });
  const history = (orders.json() as { number: string; createdAt: string; status: string; id: string }[]).filter((o) => o.id !== sale.json().id);
  t.ok(history.length >= 30, `${history.length} past sales`);
  const days = new Set(history.map((o) => o.createdAt.slice(0, 10)));
  t.ok(days.size >= 28, 'spread over the month');
  for (const order of history) {
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(order.createdAt)).replaceAll('-', '');
    t.equal(order.number.slice(2, 10), day, `order ${order.number} is numbered for the day it is dated`);
  }
  t.ok(history.some((o) => o.status === 'partially_refunded'), 'one sale was partly refunded');
});
