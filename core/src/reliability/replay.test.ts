/**
 * Replays on PostgreSQL (real connections, real races): a till upload under one clientOrderId
 * and a refund under one Idempotency-Key, each sent 10 times in a row and 10 times at once,
 * make one effect: one order, one payment, one stock movement per line, one refund.
 * WeChat Pay notification replays: payments/wechatpay/inbox.test.ts.
 */
import t from 'tap';
import type { LightMyRequestResponse } from 'fastify';
import { startTestApp } from '../testing/test-app.ts';
import { concurrencyDatabaseUrl } from '../testing/postgres.ts';
import { createShop, onHand } from '../testing/shop.ts';
import { inTenant } from '../db/tenant-tx.ts';

const h = await startTestApp({ databaseUrl: concurrencyDatabaseUrl });
t.teardown(h.close);
const shop = await createShop(h);
const [store1] = shop.storeIds;
const till = h.as(shop.cashierToken);
const count = (table: string, where: Record<string, unknown>) =>
  inTenant(h.db.knex, shop.tenantId, async (trx) => Number((await trx(table).where(where).count({ n: '*' }).first())?.n));
const countLike = (table: string, column: string, pattern: string) =>
  inTenant(h.db.knex, shop.tenantId, async (trx) => Number((await trx(table).whereLike(column, pattern).count({ n: '*' }).first())?.n));

const modes: [string, (send: () => Promise<LightMyRequestResponse>) => Promise<LightMyRequestResponse[]>][] = [
  ['in a row', async (send) => {
    const results: LightMyRequestResponse[] = [];
    for (let i = 0; i < 10; i++) results.push(await send());
    return results;
  }],
  ['at once', (send) => Promise.all(Array.from({ length: 10 }, send))],
];

t.test('a database that really runs concurrently', async (t) => {
  t.equal(h.db.kind, 'postgres', `PostgreSQL at ${new URL(concurrencyDatabaseUrl).host}`);
});

for (const [mode, replay] of modes) {
  t.test(`a till upload replayed 10 times ${mode} makes one sale`, async (t) => {
    const clientOrderId = `replay-${mode.replace(/\W/g, '')}-0001`;
    const before = await onHand(h, shop.tenantId, store1, shop.skus.chips.id);
    const results = await replay(() => till({ method: 'POST', url: '/api/v1/pos/orders', payload: {
      clientOrderId, storeId: store1,
      lines: [{ skuId: shop.skus.chips.id, quantity: 2 }, { skuId: shop.skus.cola.id, quantity: 1 }],
      tenders: [{ method: 'cash', amountFen: 2850, tenderedFen: 3000 }],
    } }));
    t.same(results.map((r) => r.statusCode).sort(), [200, 200, 200, 200, 200, 200, 200, 200, 200, 201], 'one 201, then the same order');
    const ids = new Set(results.map((r) => r.json().id as string));
    t.equal(ids.size, 1, 'every answer names one order');
    const [orderId] = [...ids];
    t.equal(await count('orders', { client_order_id: clientOrderId }), 1, 'one order');
    t.equal(await count('order_lines', { order_id: orderId }), 2, 'its two lines, once');
    t.equal(await count('payments', { order_id: orderId }), 1, 'one payment');
    t.equal(await onHand(h, shop.tenantId, store1, shop.skus.chips.id), before - 2, 'stock moved once');
    t.equal(await countLike('stock_movements', 'source_key', `%${orderId}%`), 2, 'one stock movement per line');
  });

  t.test(`a refund replayed 10 times ${mode} under one Idempotency-Key refunds once`, async (t) => {
    const sale = await till({ method: 'POST', url: '/api/v1/pos/orders', payload: {
      clientOrderId: `refund-${mode.replace(/\W/g, '')}-0001`, storeId: store1,
      lines: [{ skuId: shop.skus.teeRed.id, quantity: 2 }], tenders: [{ method: 'cash', amountFen: 19_800 }],
    } });
    t.equal(sale.statusCode, 201, 'sold two', { body: sale.body.slice(0, 300) });
    const order = sale.json() as { id: string; lines: { id: string }[] };
    const stock = await onHand(h, shop.tenantId, store1, shop.skus.teeRed.id);
    // Refunds need refund.create: the merchant admin makes them.
    const results = await replay(() => shop.api({
      method: 'POST', url: `/api/v1/orders/${order.id}/refunds`, headers: { 'idempotency-key': `refund-key-${mode.replace(/\W/g, '')}` },
      payload: { lines: [{ lineId: order.lines[0]!.id, quantity: 1 }], restock: true, reason: '重放测试' },
    }));
    t.same([...new Set(results.map((r) => r.statusCode))], [201], 'every answer is the refund', { bodies: results.map((r) => r.body.slice(0, 200)) });
    t.equal(results.filter((r) => r.headers['idempotent-replayed'] === 'true').length, 9, 'nine of them replayed');
    t.equal(await count('refunds', { order_id: order.id }), 1, 'one refund');
    const refundLines = await inTenant(h.db.knex, shop.tenantId, (trx) =>
      trx('refund_lines').join('refunds', 'refunds.id', 'refund_lines.refund_id').where('refunds.order_id', order.id).select('refund_lines.id'));
    t.equal(refundLines.length, 1, 'one refunded line');
    const refundPayments = await inTenant(h.db.knex, shop.tenantId, (trx) =>
      trx('refund_payments').join('refunds', 'refunds.id', 'refund_payments.refund_id').where('refunds.order_id', order.id).select('refund_payments.id'));
    t.equal(refundPayments.length, 1, 'one refund payment back to the cash tender');
    t.equal(await onHand(h, shop.tenantId, store1, shop.skus.teeRed.id), stock + 1, 'restocked once');
    const refunded = await shop.api({ method: 'GET', url: `/api/v1/orders/${order.id}` });
    t.equal(refunded.json().status, 'partially_refunded');
    t.equal(refunded.json().refundedFen, 9900, 'one piece refunded, once');
  });
}
