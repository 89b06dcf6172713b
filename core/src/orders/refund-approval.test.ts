import t from 'tap';
import { startTestApp, TEST_PASSWORD } from '../testing/test-app.ts';
import { createShop, onHand } from '../testing/shop.ts';
import { addStaff, createMerchant } from '../testing/merchant.ts';
import { inTenant } from '../db/tenant-tx.ts';

/** A manager's override at the till: POST /orders/:id/approved-refunds (core/src/orders/refund-approval.ts). */
const h = await startTestApp();
t.teardown(h.close);
const shop = await createShop(h);
const [store1, store2] = shop.storeIds;
const till = h.as(shop.cashierToken);
const manager = await addStaff(h, shop, 'store_manager', [store1]);
const otherStoreManager = await addStaff(h, shop, 'store_manager', [store2]);
const guide = await addStaff(h, shop, 'shopping_guide', [store1]);
const cashierStaffId = (await till({ method: 'GET', url: '/api/v1/auth/me' })).json().staffId as string;

let sales = 0;
async function sale(): Promise<{ id: string; lines: { id: string }[] }> {
  const res = await till({ method: 'POST', url: '/api/v1/pos/orders', payload: {
    clientOrderId: `till-approve-${String(++sales).padStart(4, '0')}`, storeId: store1,
    lines: [{ skuId: shop.skus.cola.id, quantity: 2 }, { skuId: shop.skus.chips.id, quantity: 1 }],
    tenders: [{ method: 'cash', amountFen: 1950 }],
  } });
  if (res.statusCode !== 201) throw new Error(res.body);
  return res.json();
}

const refundOf = (orderId: string, approver: { username: string; password: string }, body: Record<string, unknown> = {}) =>
  till({ method: 'POST', url: `/api/v1/orders/${orderId}/approved-refunds`, payload: { ...body, approver } });

/** Everything a refund writes, so a refused one can be shown to have written nothing. */
async function written(orderId: string) {
  const rows = await inTenant(h.db.knex, shop.tenantId, async (trx) => ({
    refunds: (await trx('refunds').where({ order_id: orderId })).length,
    refundPayments: (await trx('refund_payments').join('refunds', 'refunds.id', 'refund_payments.refund_id').where('refunds.order_id', orderId)).length,
    order: await trx('orders').where({ id: orderId }).first('status', 'refunded_fen'),
    lines: await trx('order_lines').where({ order_id: orderId }).orderBy('line_no').pluck('refunded_quantity'),
  }));
  return { ...rows, cola: await onHand(h, shop.tenantId, store1, shop.skus.cola.id) };
}

t.test('a store manager approves a cashier\'s refund: it is made, and the approver recorded', async (t) => {
  const order = await sale();
  const res = await refundOf(order.id, { username: manager.username, password: TEST_PASSWORD }, {
    lines: [{ lineId: order.lines[0]!.id, quantity: 1 }], reason: '顾客退货',
  });
  t.equal(res.statusCode, 201, 'refunded');
  t.equal(res.json().refundedFen, 350);
  t.equal(res.json().status, 'partially_refunded');
  const rows = await inTenant(h.db.knex, shop.tenantId, (trx) => trx('refunds').where({ order_id: order.id }).select('staff_id', 'approved_by'));
  t.same(rows, [{ staff_id: cashierStaffId, approved_by: manager.id }], 'made by the cashier, approved by the manager');
  t.match(res.json().refunds, [{ approvedBy: manager.id, amountFen: 350 }], 'the order shows who approved it');
});

t.test('the merchant admin approves in any store', async (t) => {
  const admin = (await shop.api({ method: 'GET', url: '/api/v1/auth/me' })).json() as { username: string; staffId: string };
  const order = await sale();
  const res = await refundOf(order.id, { username: admin.username, password: TEST_PASSWORD });
  t.equal(res.statusCode, 201, 'refunded');
  t.equal(res.json().status, 'refunded');
  const row = await inTenant(h.db.knex, shop.tenantId, (trx) => trx('refunds').where({ order_id: order.id }).first('approved_by'));
  t.equal(row.approved_by, admin.staffId);
});

t.test('refused approvals: 403 naming the approver, and nothing refunded', async (t) => {
  const order = await sale();
  const before = await written(order.id);
  t.equal(before.refunds, 0);
  const cases = [
    { why: 'a wrong password', approver: { username: manager.username, password: 'not-the-password' }, field: 'approver' },
    { why: 'an unknown username', approver: { username: 'nobody-here', password: TEST_PASSWORD }, field: 'approver' },
    { why: 'a shopping guide (no order.refund)', approver: { username: guide.username, password: TEST_PASSWORD }, field: 'approver.username' },
    { why: 'the cashier themselves', approver: { username: shop.cashierUsername, password: TEST_PASSWORD }, field: 'approver.username' },
    { why: 'a manager of another store', approver: { username: otherStoreManager.username, password: TEST_PASSWORD }, field: 'approver.username' },
  ];
  for (const c of cases) {
    const res = await refundOf(order.id, c.approver);
    t.equal(res.statusCode, 403, `${c.why}: 403`);
    t.match(res.headers['content-type'], /^application\/problem\+json/);
    t.equal(res.json().code, 'LS_AUTH_FORBIDDEN');
    t.equal(res.json().field, c.field, `${c.why}: the field is ${c.field}`);
  }
  t.same(await written(order.id), before, 'no refund, no refund payment, the order, its lines and the stock unchanged');
});

t.test('another merchant: its admin cannot approve here, and its staff cannot reach this order', async (t) => {
  const order = await sale();
  const other = await createMerchant(h, '别家商户');
  const otherAdmin = (await other.api({ method: 'GET', url: '/api/v1/auth/me' })).json() as { username: string };
  const res = await refundOf(order.id, { username: otherAdmin.username, password: TEST_PASSWORD });
  t.equal(res.statusCode, 403, 'a merchant admin of another tenant is no approver here');
  const reach = await other.api({ method: 'POST', url: `/api/v1/orders/${order.id}/approved-refunds`, payload: {
    approver: { username: otherAdmin.username, password: TEST_PASSWORD },
  } });
  t.equal(reach.statusCode, 404, 'another tenant\'s order is not found');
  t.equal((await written(order.id)).refunds, 0, 'nothing refunded');
});

t.test('bad input names the field', async (t) => {
  const order = await sale();
  const missing = await till({ method: 'POST', url: `/api/v1/orders/${order.id}/approved-refunds`, payload: {} });
  t.equal(missing.statusCode, 400);
  t.match(missing.json().field, /approver/);
  const noPassword = await refundOf(order.id, { username: manager.username } as { username: string; password: string });
  t.equal(noPassword.statusCode, 400);
  t.match(noPassword.json().field, /approver\.password|approver/);
});
