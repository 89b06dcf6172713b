import t from 'tap';
import { startTestApp } from '../testing/test-app.ts';
import { concurrencyDatabaseUrl } from '../testing/postgres.ts';
import { createShop, onHand } from '../testing/shop.ts';
import { inTenant } from '../db/tenant-tx.ts';
import { moveStock } from '../stock/stock.service.ts';
import { defaultWarehouseOf } from '../stock/warehouses.service.ts';

// Real concurrency needs real connections: these run on PostgreSQL whatever the suite uses.
t.test('concurrency on PostgreSQL', async (t) => {
  const h = await startTestApp({ databaseUrl: concurrencyDatabaseUrl });
  t.teardown(h.close);
  t.equal(h.db.kind, 'postgres');
  const shop = await createShop(h);
  const [store1] = shop.storeIds;
  const till = h.as(shop.cashierToken);

  await t.test('200 concurrent checkouts of a SKU with stock 50 sell exactly 50', async (t) => {
    await inTenant(h.db.knex, shop.tenantId, async (trx) => {
      const warehouse = await defaultWarehouseOf(trx, store1);
      await moveStock(trx, shop.tenantId, { warehouseId: warehouse.id, skuId: shop.skus.teeBlue.id, delta: -50, type: 'adjustment', sourceKey: 'test:down-to-50' });
    });
    const attempts = await Promise.all(Array.from({ length: 200 }, (_, i) => till({
      method: 'POST', url: '/api/v1/pos/orders', payload: {
        clientOrderId: `rush-${String(i).padStart(4, '0')}`, storeId: store1,
        lines: [{ skuId: shop.skus.teeBlue.id, quantity: 1 }], tenders: [{ method: 'cash', amountFen: 9900 }],
      },
    })));
    const codes = attempts.map((r) => r.statusCode);
    t.equal(codes.filter((c) => c === 201).length, 50, 'fifty sales');
    t.equal(codes.filter((c) => c === 409).length, 150, 'the rest refused for stock');
    t.equal(await onHand(h, shop.tenantId, store1, shop.skus.teeBlue.id), 0);
    const sold = await inTenant(h.db.knex, shop.tenantId, (trx) =>
      trx('order_lines').where({ sku_id: shop.skus.teeBlue.id }).sum({ n: 'quantity' }).first());
    t.equal(Number(sold?.n), 50);
    const numbers = await inTenant(h.db.knex, shop.tenantId, (trx) => trx('orders').pluck('number'));
    t.equal(new Set(numbers).size, numbers.length, 'every order number is distinct');
  });

  await t.test('10 concurrent uploads of one till order make one order', async (t) => {
    const upload = () => till({ method: 'POST', url: '/api/v1/pos/orders', payload: {
      clientOrderId: 'offline-dup-0001', storeId: store1,
      lines: [{ skuId: shop.skus.cola.id, quantity: 1 }], tenders: [{ method: 'cash', amountFen: 350 }],
    } });
    const results = await Promise.all(Array.from({ length: 10 }, upload));
    t.same(results.map((r) => r.statusCode).sort(), [200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    t.equal(new Set(results.map((r) => r.json().id)).size, 1, 'all answers name one order');
    t.equal(await onHand(h, shop.tenantId, store1, shop.skus.cola.id), 99);
  });

  await t.test('10 concurrent replays of an idempotent payment make one payment', async (t) => {
    const created = await till({ method: 'POST', url: '/api/v1/orders', payload: { storeId: store1, lines: [{ skuId: shop.skus.chips.id, quantity: 1 }] } });
    const orderId = created.json().id;
    const results = await Promise.all(Array.from({ length: 10 }, () => till({
      method: 'POST', url: `/api/v1/orders/${orderId}/payments`,
      headers: { 'idempotency-key': 'concurrent-pay-0001' }, payload: { tenders: [{ method: 'cash', amountFen: 1250 }] },
    })));
    t.same([...new Set(results.map((r) => r.statusCode))], [200]);
    t.equal(results.filter((r) => r.headers['idempotent-replayed'] === 'true').length, 9);
    const payments = await inTenant(h.db.knex, shop.tenantId, (trx) => trx('payments').where({ order_id: orderId }));
    t.equal(payments.length, 1);
  });
});
