import t from 'tap';
import { startTestApp } from '../testing/test-app.ts';
import { createShop, onHand } from '../testing/shop.ts';
import { inTenant } from '../db/tenant-tx.ts';
import { installPlugin, enablePlugin } from '../testing/plugins.ts';
import { definePlugin } from '../kernel/plugins/define-plugin.ts';

t.test('a till sale: three items for cash with change and the store rounding rule', async (t) => {
  const h = await startTestApp();
  t.teardown(h.close);
  const shop = await createShop(h);
  const [store1] = shop.storeIds;
  await shop.api({ method: 'PATCH', url: `/api/v1/stores/${store1}/settings`, payload: { defaultRounding: 'drop_jiao' } });
  const till = h.as(shop.cashierToken);

  // 2 × 350 + 1250 + 1234 g × 1999 fen/kg (= 2467) = 4417 → 抹零 drop_jiao → 4400
  const lines = [
    { skuId: shop.skus.cola.id, quantity: 2 },
    { skuId: shop.skus.chips.id, quantity: 1 },
    { skuId: shop.skus.apple.id, quantity: 1234 },
  ];
  const quote = await till({ method: 'POST', url: '/api/v1/checkout/price', payload: { storeId: store1, lines } });
  t.equal(quote.statusCode, 200, quote.body);
  t.equal(quote.json().subtotalFen, 4417);
  t.equal(quote.json().totalFen, 4400);
  t.same(quote.json().adjustments.map((a: { kind: string; amountFen: number }) => [a.kind, a.amountFen]), [['rounding', -17]]);

  const sale = await till({ method: 'POST', url: '/api/v1/pos/orders', payload: {
    clientOrderId: 'till-1-000001', storeId: store1, lines, tenders: [{ method: 'cash', amountFen: 4400, tenderedFen: 5000 }],
  } });
  t.equal(sale.statusCode, 201, sale.body);
  const order = sale.json();
  t.equal(order.status, 'paid');
  t.equal(order.totalFen, 4400);
  t.equal(order.paidFen, 4400);
  t.equal(order.payments[0].changeFen, 600);
  t.match(order.number, /^01\d{8}0001$/);
  t.equal(order.lines.reduce((s: number, l: { totalFen: number }) => s + l.totalFen, 0), 4400, 'the rounding is spread over the lines');
  t.equal(await onHand(h, shop.tenantId, store1, shop.skus.cola.id), 98);
  t.equal(await onHand(h, shop.tenantId, store1, shop.skus.apple.id), 50_000 - 1234);

  const again = await till({ method: 'POST', url: '/api/v1/pos/orders', payload: {
    clientOrderId: 'till-1-000001', storeId: store1, lines, tenders: [{ method: 'cash', amountFen: 4400, tenderedFen: 5000 }],
  } });
  t.equal(again.statusCode, 200, 'a second upload of the same till order');
  t.equal(again.json().id, order.id);
  t.equal(await onHand(h, shop.tenantId, store1, shop.skus.cola.id), 98, 'stock moved once');
});

t.test('tenders must add up, cash must cover its part, and a refused sale writes nothing', async (t) => {
  const h = await startTestApp();
  t.teardown(h.close);
  const shop = await createShop(h);
  const [store1] = shop.storeIds;
  const till = h.as(shop.cashierToken);
  const lines = [{ skuId: shop.skus.chips.id, quantity: 2 }];
  const short = await till({ method: 'POST', url: '/api/v1/pos/orders', payload: {
    clientOrderId: 'till-1-000002', storeId: store1, lines, tenders: [{ method: 'cash', amountFen: 2000 }],
  } });
  t.equal(short.statusCode, 400);
  t.equal(short.json().code, 'LS_PAYMENT_TOTAL_MISMATCH');
  t.equal(short.json().field, 'tenders');
  const cashShort = await till({ method: 'POST', url: '/api/v1/pos/orders', payload: {
    clientOrderId: 'till-1-000003', storeId: store1, lines, tenders: [{ method: 'cash', amountFen: 2500, tenderedFen: 2000 }],
  } });
  t.equal(cashShort.json().field, 'tenders.0.tenderedFen');
  const unknown = await till({ method: 'POST', url: '/api/v1/pos/orders', payload: {
    clientOrderId: 'till-1-000004', storeId: store1, lines, tenders: [{ method: 'bitcoin', amountFen: 2500 }],
  } });
  t.equal(unknown.json().field, 'tenders.0.method');
  const negative = await till({ method: 'POST', url: '/api/v1/pos/orders', payload: {
    clientOrderId: 'till-1-000005', storeId: store1, lines: [{ skuId: shop.skus.chips.id, quantity: -1 }], tenders: [],
  } });
  t.equal(negative.statusCode, 400);
  t.equal(negative.json().field, 'lines.0.quantity');
  t.equal(await onHand(h, shop.tenantId, store1, shop.skus.chips.id), 100, 'no stock moved');
  const orders = await inTenant(h.db.knex, shop.tenantId, (trx) => trx('orders').count({ n: '*' }));
  t.equal(Number(orders[0]!.n), 0, 'no order written');
});

t.test('combined payment across two tenders, with an idempotent payment request', async (t) => {
  const h = await startTestApp();
  t.teardown(h.close);
  // A second way to pay, as a plugin would add one (a stored-value card that settles at once).
  h.app.payments.register({
    id: 'test-card', label: { zh: '测试卡', en: 'Test card' }, channels: ['pos', 'mall'], offline: false,
    collect: async () => ({ status: 'succeeded', externalId: 'card-1' }),
    refund: async () => ({ status: 'succeeded' }),
  });
  const shop = await createShop(h);
  const [store1] = shop.storeIds;
  const till = h.as(shop.cashierToken);
  const created = await till({ method: 'POST', url: '/api/v1/orders', payload: { storeId: store1, lines: [{ skuId: shop.skus.teeRed.id, quantity: 1 }] } });
  t.equal(created.statusCode, 201, created.body);
  const order = created.json();
  t.equal(order.status, 'pending_payment');
  t.equal(order.dueFen, 9900);

  const pay = { tenders: [{ method: 'cash', amountFen: 4900, tenderedFen: 5000 }, { method: 'test-card', amountFen: 5000 }] };
  const headers = { 'idempotency-key': 'pay-order-1-attempt' };
  const first = await till({ method: 'POST', url: `/api/v1/orders/${order.id}/payments`, payload: pay, headers });
  t.equal(first.statusCode, 200, first.body);
  t.equal(first.json().status, 'paid');
  t.same(first.json().payments.map((p: { method: string; amountFen: number }) => [p.method, p.amountFen]), [['cash', 4900], ['test-card', 5000]]);
  const replay = await till({ method: 'POST', url: `/api/v1/orders/${order.id}/payments`, payload: pay, headers });
  t.equal(replay.statusCode, 200);
  t.equal(replay.headers['idempotent-replayed'], 'true');
  t.same(replay.json(), first.json(), 'the first answer, replayed');
  const other = await till({ method: 'POST', url: `/api/v1/orders/${order.id}/payments`, payload: { tenders: [] }, headers });
  t.equal(other.statusCode, 409);
  t.equal(other.json().code, 'LS_IDEMPOTENCY_KEY_REUSED');
  const payments = await inTenant(h.db.knex, shop.tenantId, (trx) => trx('payments').where({ order_id: order.id }));
  t.equal(payments.length, 2, 'one payment per tender, once');
});

t.test('refunds: part of a line, then the rest, back to the tenders and into stock', async (t) => {
  const h = await startTestApp();
  t.teardown(h.close);
  const shop = await createShop(h);
  const [store1] = shop.storeIds;
  const till = h.as(shop.cashierToken);
  const sale = await till({ method: 'POST', url: '/api/v1/pos/orders', payload: {
    clientOrderId: 'till-1-refund01', storeId: store1,
    lines: [{ skuId: shop.skus.cola.id, quantity: 3 }, { skuId: shop.skus.chips.id, quantity: 1 }],
    tenders: [{ method: 'cash', amountFen: 2300 }],
  } });
  const order = sale.json();
  const colaLine = order.lines[0];

  const cashierRefund = await till({ method: 'POST', url: `/api/v1/orders/${order.id}/refunds`, payload: {} });
  t.equal(cashierRefund.statusCode, 403, 'a cashier has no refund permission by default');

  const part = await shop.api({ method: 'POST', url: `/api/v1/orders/${order.id}/refunds`, payload: { lines: [{ lineId: colaLine.id, quantity: 2 }], reason: '顾客退货' } });
  t.equal(part.statusCode, 201, part.body);
  t.equal(part.json().status, 'partially_refunded');
  t.equal(part.json().refundedFen, 700);
  t.equal(part.json().refunds[0].lines[0].quantity, 2);
  t.equal(await onHand(h, shop.tenantId, store1, shop.skus.cola.id), 99);

  const tooMany = await shop.api({ method: 'POST', url: `/api/v1/orders/${order.id}/refunds`, payload: { lines: [{ lineId: colaLine.id, quantity: 2 }] } });
  t.equal(tooMany.statusCode, 400);
  t.equal(tooMany.json().field, 'lines.0.quantity');

  const rest = await shop.api({ method: 'POST', url: `/api/v1/orders/${order.id}/refunds`, payload: {} });
  t.equal(rest.statusCode, 201, rest.body);
  t.equal(rest.json().status, 'refunded');
  t.equal(rest.json().refundedFen, 2300);
  t.equal(rest.json().payments[0].refundedFen, 2300);
  t.equal(await onHand(h, shop.tenantId, store1, shop.skus.cola.id), 100);
  t.equal(await onHand(h, shop.tenantId, store1, shop.skus.chips.id), 100);
});

t.test('plugin price adjustments are recorded per line with the plugin id and reason', async (t) => {
  const promo = definePlugin({
    id: 'test-promo', version: '1.0.0', kernel: '^1.0.0', name: { zh: '测试促销', en: 'Test promotion' },
    hooks: (h) => h.tap('checkout.price', async (draft) => ({
      ...draft,
      adjustments: [...draft.adjustments, { source: 'spoofed', kind: 'promotion', lineIndex: 0, amountFen: -100, reason: '满减' }],
    })),
  });
  const h = await startTestApp({ plugins: [promo] });
  t.teardown(h.close);
  await installPlugin(h, 'test-promo');
  const shop = await createShop(h);
  await enablePlugin(shop, 'test-promo');
  const res = await shop.api({ method: 'POST', url: '/api/v1/orders', payload: {
    storeId: shop.storeIds[0], lines: [{ skuId: shop.skus.chips.id, quantity: 1 }, { skuId: shop.skus.cola.id, quantity: 1, discount: { percent: 80 } }],
  } });
  t.equal(res.statusCode, 201, res.body);
  const order = res.json();
  t.equal(order.totalFen, 1250 - 100 + 280);
  const adjustment = order.adjustments.find((a: { kind: string }) => a.kind === 'promotion');
  t.equal(adjustment.source, 'test-promo', 'attributed to the tapping plugin, whatever it claimed');
  t.equal(adjustment.lineId, order.lines[0].id);
  const discount = order.adjustments.find((a: { kind: string }) => a.kind === 'line_discount');
  t.equal(discount.source, 'kernel');
  t.equal(discount.reason, '单品8折');

  const cashierDiscount = await h.as(shop.cashierToken)({ method: 'POST', url: '/api/v1/orders', payload: {
    storeId: shop.storeIds[0], lines: [{ skuId: shop.skus.cola.id, quantity: 1, gift: true }],
  } });
  t.equal(cashierDiscount.statusCode, 403, 'gifts need the order.discount permission');
});

t.test('a failing price tap aborts checkout naming the plugin', async (t) => {
  const broken = definePlugin({
    id: 'broken-plugin', version: '1.0.0', kernel: '^1.0.0', name: { zh: '坏插件', en: 'Broken' },
    hooks: (h) => h.tap('checkout.price', async () => { throw new Error('boom'); }),
  });
  const h = await startTestApp({ plugins: [broken] });
  t.teardown(h.close);
  await installPlugin(h, 'broken-plugin');
  const shop = await createShop(h);
  await enablePlugin(shop, 'broken-plugin');
  const res = await shop.api({ method: 'POST', url: '/api/v1/orders', payload: { storeId: shop.storeIds[0], lines: [{ skuId: shop.skus.cola.id, quantity: 1 }] } });
  t.equal(res.statusCode, 502);
  t.equal(res.json().code, 'LS_PLUGIN_HOOK_FAILED');
  t.equal(res.json().plugin, 'broken-plugin');
  t.equal(await onHand(h, shop.tenantId, shop.storeIds[0], shop.skus.cola.id), 100);
});

t.test('stock: online never oversells; the till may when the store allows zero-stock sale', async (t) => {
  const h = await startTestApp();
  t.teardown(h.close);
  const shop = await createShop(h);
  const [store1, store2] = shop.storeIds;
  const tooMuch = await shop.api({ method: 'POST', url: '/api/v1/orders', payload: { storeId: store1, channel: 'mall', lines: [{ skuId: shop.skus.chips.id, quantity: 101 }] } });
  t.equal(tooMuch.statusCode, 409);
  t.equal(tooMuch.json().code, 'LS_STOCK_INSUFFICIENT');
  t.equal(tooMuch.json().field, 'lines.0.quantity');
  await shop.api({ method: 'PATCH', url: `/api/v1/stores/${store1}/settings`, payload: { zeroStockSale: true } });
  const mall = await shop.api({ method: 'POST', url: '/api/v1/orders', payload: { storeId: store1, channel: 'mall', lines: [{ skuId: shop.skus.chips.id, quantity: 101 }] } });
  t.equal(mall.statusCode, 409, 'zero-stock sale is for the till only');
  const pos = await shop.api({ method: 'POST', url: '/api/v1/orders', payload: { storeId: store1, channel: 'pos', lines: [{ skuId: shop.skus.chips.id, quantity: 101 }] } });
  t.equal(pos.statusCode, 201, pos.body);
  t.equal(await onHand(h, shop.tenantId, store1, shop.skus.chips.id), -1);

  const cancelled = await shop.api({ method: 'POST', url: `/api/v1/orders/${pos.json().id}/cancel` });
  t.equal(cancelled.json().status, 'cancelled');
  t.equal(await onHand(h, shop.tenantId, store1, shop.skus.chips.id), 100, 'cancelling puts the stock back');

  const otherStore = await h.as(shop.cashierToken)({ method: 'POST', url: '/api/v1/orders', payload: { storeId: store2, lines: [{ skuId: shop.skus.chips.id, quantity: 1 }] } });
  t.equal(otherStore.statusCode, 404, "a cashier cannot sell in another store");
  t.equal(otherStore.json().field, 'storeId');
});

t.test('orders are listed newest first, filtered, and invisible to other tenants', async (t) => {
  const h = await startTestApp();
  t.teardown(h.close);
  const shop = await createShop(h, '甲');
  const other = await createShop(h, '乙');
  for (const quantity of [1, 2, 3]) {
    await shop.api({ method: 'POST', url: '/api/v1/orders', payload: { storeId: shop.storeIds[0], lines: [{ skuId: shop.skus.cola.id, quantity }] } });
  }
  const list = await shop.api({ method: 'GET', url: '/api/v1/orders?_start=0&_end=2' });
  t.equal(list.headers['x-total-count'], '3');
  t.equal(list.json().length, 2);
  t.equal(list.json()[0].totalFen, 1050, 'newest first');
  const id = list.json()[0].id;
  t.equal((await other.api({ method: 'GET', url: `/api/v1/orders/${id}` })).statusCode, 404);
  t.equal((await other.api({ method: 'POST', url: `/api/v1/orders/${id}/cancel` })).statusCode, 404);
  t.equal((await other.api({ method: 'GET', url: '/api/v1/orders' })).headers['x-total-count'], '0');
  const filtered = await shop.api({ method: 'GET', url: '/api/v1/orders?status=paid' });
  t.equal(filtered.headers['x-total-count'], '0');
});
