import t from 'tap';
import { startTestApp, TEST_PASSWORD } from '../testing/test-app.ts';
import { createShop } from '../testing/shop.ts';
import { inTenant } from '../db/tenant-tx.ts';

const h = await startTestApp();
t.teardown(h.close);
const a = await createShop(h, '甲商户');
const b = await createShop(h, '乙商户');
const till = h.as(a.cashierToken);

async function saleAt(n: number, iso: string): Promise<string> {
  const res = await till({ method: 'POST', url: '/api/v1/pos/orders', payload: {
    clientOrderId: `order-dates-${n}-000`, storeId: a.storeIds[0], lines: [{ skuId: a.skus.cola.id, quantity: 1 }], tenders: [{ method: 'cash', amountFen: 350 }],
  } });
  if (res.statusCode !== 201) throw new Error(res.body);
  const id = (res.json() as { id: string }).id;
  await inTenant(h.db.knex, a.tenantId, (trx) => trx('orders').where({ id }).update({ created_at: iso }));
  return id;
}
// Shanghai midnight starting the 28th is 16:00 UTC on the 27th.
const lateOn27th = await saleAt(1, '2026-11-27T15:59:59Z');
const earlyOn28th = await saleAt(2, '2026-11-27T16:00:00Z');
const on30th = await saleAt(3, '2026-11-30T03:00:00Z');
const ids = async (query: string, as = a.api) => {
  const res = await as({ method: 'GET', url: `/api/v1/orders${query}` });
  t.equal(res.statusCode, 200, query, { body: res.body });
  return (res.json() as { id: string }[]).map((o) => o.id);
};

t.test('orders filter by Asia/Shanghai days, both ends included', async (t) => {
  t.same(await ids('?dateFrom=2026-11-27&dateTo=2026-11-27'), [lateOn27th], 'the 27th ends at Shanghai midnight');
  t.same(await ids('?dateFrom=2026-11-28&dateTo=2026-11-28'), [earlyOn28th], 'the 28th starts there');
  t.same(await ids('?dateFrom=2026-11-28'), [on30th, earlyOn28th], 'from a day on, newest first');
  t.same(await ids('?dateTo=2026-11-29'), [earlyOn28th, lateOn27th], 'up to a day');
  t.same(await ids(`?dateFrom=2026-11-27&dateTo=2026-11-30&storeId=${a.storeIds[1]}`), [], 'with the other filters');
});

t.test('a bad range is refused naming the field', async (t) => {
  for (const [query, field] of [['?dateFrom=27-11-2026', 'dateFrom'], ['?dateTo=2026-02-30', 'dateTo'], ['?dateFrom=2026-11-28&dateTo=2026-11-27', 'dateTo']] as const) {
    const res = await a.api({ method: 'GET', url: `/api/v1/orders${query}` });
    t.equal(res.statusCode, 400, query);
    t.match(res.json(), { code: 'LS_INPUT_INVALID', field }, `${query} names ${field}`);
  }
});

t.test('order.read is needed, and another merchant sees none of them', async (t) => {
  const role = (await a.api({ method: 'POST', url: '/api/v1/roles', payload: { name: '只看商品', permissions: ['catalog.read'] } })).json() as { id: string };
  const hired = await a.api({ method: 'POST', url: '/api/v1/staff', payload: {
    name: '库管', username: 'catalog-only', password: TEST_PASSWORD, roleId: role.id, storeIds: [a.storeIds[0]],
  } });
  t.equal(hired.statusCode, 201, hired.body);
  const refused = await h.as(await h.login('catalog-only'))({ method: 'GET', url: '/api/v1/orders?dateFrom=2026-11-27' });
  t.equal(refused.statusCode, 403, 'a role without order.read');
  t.equal(refused.json().code, 'LS_AUTH_FORBIDDEN');
  t.same(await ids('?dateFrom=2026-11-27&dateTo=2026-11-30', b.api), []);
});
