import t from 'tap';
import { startTestApp } from '../testing/test-app.ts';
import { createShop } from '../testing/shop.ts';
import { addStaff } from '../testing/merchant.ts';

t.test('a shift: float, sales by tender, cash in and out, a refund, and the count at close', async (t) => {
  const h = await startTestApp();
  t.teardown(h.close);
  const shop = await createShop(h);
  const [store1, store2] = shop.storeIds;
  const manager = await addStaff(h, shop, 'store_manager', [store1]);
  const till = manager.api;

  const none = await till({ method: 'GET', url: `/api/v1/shifts/current?storeId=${store1}` });
  t.equal(none.statusCode, 200, none.body);
  t.equal(none.json().shift, null, 'no shift before opening');

  const opened = await till({ method: 'POST', url: '/api/v1/shifts', payload: { storeId: store1, openingFloatFen: 20000 } });
  t.equal(opened.statusCode, 201, opened.body);
  const shiftId = opened.json().id;
  t.equal(opened.json().expectedCashFen, 20000, 'the drawer holds the float');
  const twice = await till({ method: 'POST', url: '/api/v1/shifts', payload: { storeId: store1, openingFloatFen: 0 } });
  t.equal(twice.statusCode, 409);
  t.equal(twice.json().code, 'LS_SHIFT_ALREADY_OPEN');
  const elsewhere = await shop.api({ method: 'POST', url: '/api/v1/shifts', payload: { storeId: store1, openingFloatFen: 0 } });
  t.equal(elsewhere.statusCode, 201, 'another cashier opens their own shift in the same store');
  const otherStore = await h.as(shop.cashierToken)({ method: 'GET', url: `/api/v1/shifts/current?storeId=${store2}` });
  t.equal(otherStore.statusCode, 404, 'a store-bound cashier cannot see another store');

  const sale = await till({ method: 'POST', url: '/api/v1/pos/orders', payload: {
    clientOrderId: 'shift-test-0001', storeId: store1, lines: [{ skuId: shop.skus.chips.id, quantity: 2 }],
    tenders: [{ method: 'cash', amountFen: 2500, tenderedFen: 5000 }],
  } });
  t.equal(sale.statusCode, 201, sale.body);
  const byOthers = await h.as(shop.cashierToken)({ method: 'POST', url: '/api/v1/pos/orders', payload: {
    clientOrderId: 'shift-test-0002', storeId: store1, lines: [{ skuId: shop.skus.cola.id, quantity: 1 }],
    tenders: [{ method: 'cash', amountFen: 350 }],
  } });
  t.equal(byOthers.statusCode, 201, 'another cashier\'s sale, not in this shift');

  const paidIn = await till({ method: 'POST', url: `/api/v1/shifts/${shiftId}/movements`, payload: { kind: 'in', amountFen: 5000, reason: '换零钱' } });
  t.equal(paidIn.statusCode, 201, paidIn.body);
  const paidOut = await till({ method: 'POST', url: `/api/v1/shifts/${shiftId}/movements`, payload: { kind: 'out', amountFen: 10000, reason: '存银行' } });
  t.equal(paidOut.statusCode, 201);
  const badMovement = await till({ method: 'POST', url: `/api/v1/shifts/${shiftId}/movements`, payload: { kind: 'out', amountFen: 0, reason: 'x' } });
  t.equal(badMovement.statusCode, 400);
  t.equal(badMovement.json().field, 'amountFen');

  const order = sale.json();
  const refund = await till({ method: 'POST', url: `/api/v1/orders/${order.id}/refunds`, payload: { lines: [{ lineId: order.lines[0].id, quantity: 1 }] } });
  t.equal(refund.statusCode, 201, refund.body);

  const current = (await till({ method: 'GET', url: `/api/v1/shifts/current?storeId=${store1}` })).json().shift;
  t.equal(current.id, shiftId);
  t.same(current.sales, { orderCount: 1, totalFen: 2500, byTender: [{ method: 'cash', amountFen: 2500, count: 1 }] }, 'only this cashier\'s sales');
  t.same(current.refunds, { count: 1, totalFen: 1250, byTender: [{ method: 'cash', amountFen: 1250, count: 1 }] });
  t.equal(current.cashInFen, 5000);
  t.equal(current.cashOutFen, 10000);
  // 20000 float + 2500 sales − 1250 refunded + 5000 in − 10000 out
  t.equal(current.expectedCashFen, 16250);
  t.equal(current.countedCashFen, null);

  const closed = await till({ method: 'POST', url: `/api/v1/shifts/${shiftId}/close`, payload: { countedCashFen: 16200, note: '少五毛' } });
  t.equal(closed.statusCode, 200, closed.body);
  t.equal(closed.json().status, 'closed');
  t.equal(closed.json().expectedCashFen, 16250);
  t.equal(closed.json().differenceFen, -50, 'a shortage is negative');
  t.ok(closed.json().closedAt);

  const after = await till({ method: 'POST', url: '/api/v1/pos/orders', payload: {
    clientOrderId: 'shift-test-0003', storeId: store1, lines: [{ skuId: shop.skus.cola.id, quantity: 1 }], tenders: [{ method: 'cash', amountFen: 350 }],
  } });
  t.equal(after.statusCode, 201);
  const report = (await till({ method: 'GET', url: `/api/v1/shifts/${shiftId}` })).json();
  t.equal(report.sales.totalFen, 2500, 'a closed shift\'s report does not change with later sales');
  t.equal(report.expectedCashFen, 16250);
  const closeAgain = await till({ method: 'POST', url: `/api/v1/shifts/${shiftId}/close`, payload: { countedCashFen: 1 } });
  t.equal(closeAgain.json().code, 'LS_SHIFT_CLOSED');
  const moveAfter = await till({ method: 'POST', url: `/api/v1/shifts/${shiftId}/movements`, payload: { kind: 'in', amountFen: 1, reason: 'x' } });
  t.equal(moveAfter.json().code, 'LS_SHIFT_CLOSED');
  t.equal((await till({ method: 'GET', url: `/api/v1/shifts/current?storeId=${store1}` })).json().shift, null, 'a new shift may be opened');
});
