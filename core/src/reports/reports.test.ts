import t from 'tap';
import { startTestApp } from '../testing/test-app.ts';
import { createShop } from '../testing/shop.ts';
import { inTenant } from '../db/tenant-tx.ts';
import { chinaToday, daysEnding } from './dashboard.service.ts';

t.test('the dashboard counts paid sales by Asia/Shanghai day, less refunds, per store', async (t) => {
  const h = await startTestApp();
  t.teardown(h.close);
  const shop = await createShop(h);
  const [store1, store2] = shop.storeIds;
  const till = h.as(shop.cashierToken);
  const sell = async (id: string, skuId: string, quantity: number, amountFen: number) => {
    const res = await till({ method: 'POST', url: '/api/v1/pos/orders', payload: {
      clientOrderId: id, storeId: store1, lines: [{ skuId, quantity }], tenders: [{ method: 'cash', amountFen }],
    } });
    t.equal(res.statusCode, 201, res.body);
    return res.json() as { id: string; lines: { id: string }[] };
  };
  await sell('till-1-000001', shop.skus.chips.id, 2, 2500);
  const refunded = await sell('till-1-000002', shop.skus.cola.id, 4, 1400);
  const yesterday = await sell('till-1-000003', shop.skus.chips.id, 1, 1250);
  // Dates follow the clock (the refund window is counted from payment), so the test never expires.
  const today = chinaToday();
  const month = daysEnding(today, 30);
  const first = month[0]!;
  const previous = month[28]!;
  // 23:30 in Shanghai is 15:30 UTC the same date; 00:30 the next day is 16:30 UTC.
  await inTenant(h.db.knex, shop.tenantId, (trx) => trx('orders').where({ id: yesterday.id }).update({ paid_at: `${previous}T15:30:00Z` }));
  await inTenant(h.db.knex, shop.tenantId, (trx) => trx('orders').whereNot({ id: yesterday.id }).update({ paid_at: `${previous}T16:30:00Z` }));
  const refund = await shop.api({ method: 'POST', url: `/api/v1/orders/${refunded.id}/refunds`, headers: { 'idempotency-key': 'refund-1' },
    payload: { lines: [{ lineId: refunded.lines[0]!.id, quantity: 1 }] } });
  t.equal(refund.statusCode, 201, refund.body);

  const res = await shop.api({ method: 'GET', url: `/api/v1/reports/dashboard?storeId=${store1}&date=${today}` });
  t.equal(res.statusCode, 200, res.body);
  const body = res.json();
  t.same(body.today, { date: today, salesFen: 2500 + 1050, orders: 2, averageTicketFen: 1775 });
  t.equal(body.series.length, 30);
  t.equal(body.series[0].date, first);
  t.same(body.series[28], { date: previous, salesFen: 1250, orders: 1 });
  t.equal(body.series.reduce((sum: number, d: { orders: number }) => sum + d.orders, 0), 3);

  const other = await shop.api({ method: 'GET', url: `/api/v1/reports/dashboard?storeId=${store2}&date=${today}` });
  t.same(other.json().today, { date: today, salesFen: 0, orders: 0, averageTicketFen: 0 });
  const all = await shop.api({ method: 'GET', url: `/api/v1/reports/dashboard?date=${today}` });
  t.equal(all.json().today.orders, 2, 'every store when none is named');
});

t.test('a cashier sees only the stores they work in; bad input names its field', async (t) => {
  const h = await startTestApp();
  t.teardown(h.close);
  const shop = await createShop(h);
  const till = h.as(shop.cashierToken);
  const foreign = await till({ method: 'GET', url: `/api/v1/reports/dashboard?storeId=${shop.storeIds[1]}` });
  t.equal(foreign.statusCode, 404);
  t.equal(foreign.json().field, 'storeId');
  const own = await till({ method: 'GET', url: `/api/v1/reports/dashboard?storeId=${shop.storeIds[0]}` });
  t.equal(own.statusCode, 200);
  t.equal(own.json().today.date, chinaToday());
  const bad = await till({ method: 'GET', url: '/api/v1/reports/dashboard?date=yesterday' });
  t.equal(bad.statusCode, 400);
  t.match(bad.json().field, /date/);
  const anonymous = await h.app.inject({ method: 'GET', url: '/api/v1/reports/dashboard' });
  t.equal(anonymous.statusCode, 401);
});

t.test('days run across month ends in calendar order', async (t) => {
  t.same(daysEnding('2026-03-01', 3), ['2026-02-27', '2026-02-28', '2026-03-01']);
  t.equal(chinaToday(new Date('2026-11-27T16:00:00Z')), '2026-11-28', 'midnight in Shanghai is 16:00 UTC');
});
