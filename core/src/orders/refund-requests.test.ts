import t from 'tap';
import { startTestApp } from '../testing/test-app.ts';
import { createShop, onHand } from '../testing/shop.ts';
import { addStaff } from '../testing/merchant.ts';
import { enablePlugin, installPlugin } from '../testing/plugins.ts';
import { definePlugin } from '../kernel/plugins/define-plugin.ts';
import { inTenant } from '../db/tenant-tx.ts';
import { payOrder } from '../payments/payments.service.ts';
import { DEMO_SMS_CODE } from '../mall/mall-entry.service.ts';

/** Customers' refund requests from the mall and the merchant's review (core/src/orders/refund-requests.*). */
const refunded: { orderId: string; amountFen: number }[] = [];
const recorder = definePlugin({
  id: 'test-refund-recorder', version: '1.0.0', kernel: '^1.0.0', name: { zh: '退款记录', en: 'Refund recorder' },
  hooks: (h) => h.tap('order.refunded', async (event) => { refunded.push({ orderId: event.orderId, amountFen: event.amountFen }); }),
});

const h = await startTestApp({ wechatpaySandbox: true, plugins: [recorder] });
t.teardown(h.close);
await installPlugin(h, 'test-refund-recorder');
const shop = await createShop(h);
await enablePlugin(shop, 'test-refund-recorder');
const [store1, store2] = shop.storeIds;
const other = await createShop(h, '别家商户');
h.app.payments.register({
  id: 'test-mall-pay', label: { zh: '测试支付', en: 'Test pay' }, channels: ['mall'], offline: false,
  collect: async () => ({ status: 'succeeded' }), refund: async () => ({ status: 'succeeded' }),
});

async function signIn(phone: string) {
  const res = await h.app.inject({ method: 'POST', url: '/api/v1/mall/auth/phone', payload: { merchantId: shop.tenantId, phone, code: DEMO_SMS_CODE } });
  return h.as(res.json().accessToken as string);
}
const alice = await signIn('13800000021');
const manager2 = await addStaff(h, shop, 'store_manager', [store2]);
const cashier = h.as(shop.cashierToken);
const adminStaffId = (await shop.api({ method: 'GET', url: '/api/v1/auth/me' })).json().staffId as string;

/** A paid pickup order of two colas at store 1, as alice. */
async function paidOrder(): Promise<string> {
  const placed = await alice({ method: 'POST', url: '/api/v1/mall/orders', payload: { storeId: store1, lines: [{ skuId: shop.skus.cola.id, quantity: 2 }] } });
  if (placed.statusCode !== 201) throw new Error(placed.body);
  const id = placed.json().id as string;
  await inTenant(h.db.knex, shop.tenantId, (trx) => payOrder(trx, { hooks: h.app.hooks, payments: h.app.payments, events: h.app.events }, shop.tenantId, id, [{ method: 'test-mall-pay', amountFen: 700 }]));
  return id;
}

const ask = (orderId: string, reason?: string) => alice({ method: 'POST', url: `/api/v1/mall/orders/${orderId}/refund`, payload: reason ? { reason } : {} });
const decide = (api: typeof alice, id: string, step: 'approve' | 'reject', note?: string) =>
  api({ method: 'POST', url: `/api/v1/refund-requests/${id}/${step}`, ...(step === 'reject' ? { payload: note === undefined ? {} : { note } } : {}) });

t.test('request → the order waits → approve → refunded, with the hook and the stock back', async (t) => {
  const orderId = await paidOrder();
  const stockBefore = await onHand(h, shop.tenantId, store1, shop.skus.cola.id);
  const asked = await ask(orderId, '买多了');
  t.equal(asked.statusCode, 200, asked.body);
  t.match(asked.json(), { status: 'paid', refundedFen: 0, refunds: [], refundRequest: { state: 'requested', reason: '买多了', amountFen: 700, rejectionNote: null, automatic: false } });
  const requestId = asked.json().refundRequest.id as string;
  const again = await ask(orderId, '再问一次');
  t.equal(again.json().refundRequest.id, requestId, 'asking again while it waits gives the same request');
  t.equal(again.json().refundRequest.reason, '买多了');
  t.same((await alice({ method: 'GET', url: '/api/v1/mall/orders?tab=refund' })).json().map((o: { id: string }) => o.id), [orderId], 'in the 退款/售后 tab while it waits');

  const open = await shop.api({ method: 'GET', url: '/api/v1/refund-requests?state=requested' });
  t.equal(open.statusCode, 200, open.body);
  t.equal(open.headers['x-total-count'], '1');
  t.match(open.json()[0], { id: requestId, orderId, storeName: '一号店', orderStatus: 'paid', customer: { phone: '13800000021' }, decidedBy: null });
  t.equal((await shop.api({ method: 'GET', url: `/api/v1/refund-requests?storeId=${store2}` })).json().length, 0, 'store filter');
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  t.equal((await shop.api({ method: 'GET', url: `/api/v1/refund-requests?dateFrom=${today}&dateTo=${today}` })).json().length, 1, 'day filter');
  t.equal((await shop.api({ method: 'GET', url: '/api/v1/refund-requests?dateFrom=2020-01-01&dateTo=2020-01-02' })).json().length, 0);
  t.equal((await shop.api({ method: 'GET', url: '/api/v1/refund-requests?state=maybe' })).json().field, 'state');

  t.equal((await decide(cashier, requestId, 'approve')).statusCode, 403, 'a cashier may not refund');
  t.equal((await decide(manager2.api, requestId, 'approve')).statusCode, 404, 'another store\'s manager does not see it');
  t.same(refunded, [], 'nothing refunded yet');

  const approved = await decide(shop.api, requestId, 'approve');
  t.equal(approved.statusCode, 200, approved.body);
  t.match(approved.json(), { state: 'approved', orderStatus: 'refunded', decidedBy: { id: adminStaffId }, automatic: false });
  t.ok(approved.json().refundId, 'the refund it made');
  t.same(refunded, [{ orderId, amountFen: 700 }], 'the order.refunded hook ran once');
  t.equal(await onHand(h, shop.tenantId, store1, shop.skus.cola.id), stockBefore + 2, 'the goods are back in stock');
  const order = (await alice({ method: 'GET', url: `/api/v1/mall/orders/${orderId}` })).json();
  t.match(order, { status: 'refunded', refundedFen: 700, refundRequest: { id: requestId, state: 'approved' }, refunds: [{ reason: '买多了', approvedBy: adminStaffId }] });

  const twice = await decide(shop.api, requestId, 'approve');
  t.same([twice.statusCode, twice.json().code], [409, 'LS_ORDER_REFUND_REQUEST_DECIDED'], 'decided once');
  t.equal((await decide(shop.api, requestId, 'reject', '晚了')).json().code, 'LS_ORDER_REFUND_REQUEST_DECIDED');
  t.equal((await ask(orderId)).json().code, 'LS_ORDER_STATE_INVALID', 'a refunded order is not asked for again');
});

t.test('the merchant refunds the whole order from the order page: the open request is answered by it', async (t) => {
  const orderId = await paidOrder();
  const requestId = (await ask(orderId, '不想要了')).json().refundRequest.id as string;
  const lineId = (await shop.api({ method: 'GET', url: `/api/v1/orders/${orderId}` })).json().lines[0].id as string;
  const direct = await shop.api({ method: 'POST', url: `/api/v1/orders/${orderId}/refunds`, payload: { lines: [{ lineId, quantity: 2 }], reason: '同意退货' } });
  t.equal(direct.statusCode, 201, direct.body);
  const request = (await shop.api({ method: 'GET', url: `/api/v1/refund-requests?orderId=${orderId}` })).json()[0];
  t.match(request, { id: requestId, state: 'approved', orderStatus: 'refunded', decidedBy: { id: adminStaffId }, refundId: direct.json().refunds[0].id });
  t.equal((await decide(shop.api, requestId, 'approve')).json().code, 'LS_ORDER_REFUND_REQUEST_DECIDED', 'nothing left to decide');
});

t.test('reject with a note: the customer reads it, nothing moves, and may ask again', async (t) => {
  const orderId = await paidOrder();
  const requestId = (await ask(orderId)).json().refundRequest.id as string;
  const noNote = await decide(shop.api, requestId, 'reject');
  t.same([noNote.statusCode, noNote.json().field], [400, 'note'], 'a rejection needs a note');
  t.equal((await decide(shop.api, requestId, 'reject', '   ')).json().field, 'note', 'a blank note is no note');

  const rejected = await decide(shop.api, requestId, 'reject', '商品已拆封，不支持退款');
  t.equal(rejected.statusCode, 200, rejected.body);
  t.match(rejected.json(), { state: 'rejected', rejectionNote: '商品已拆封，不支持退款', decidedBy: { id: adminStaffId }, refundId: null, orderStatus: 'paid' });
  const order = (await alice({ method: 'GET', url: `/api/v1/mall/orders/${orderId}` })).json();
  t.match(order, { status: 'paid', refundedFen: 0, refundRequest: { state: 'rejected', rejectionNote: '商品已拆封，不支持退款' } });
  t.equal((await decide(shop.api, requestId, 'approve')).statusCode, 409, 'a rejected request is not approved later');

  const anew = await ask(orderId, '再次申请');
  t.equal(anew.statusCode, 200, anew.body);
  t.not(anew.json().refundRequest.id, requestId, 'a new request after a rejection');
  t.equal(anew.json().refundRequest.state, 'requested');
  t.equal((await shop.api({ method: 'GET', url: `/api/v1/refund-requests?orderId=${orderId}` })).json().length, 2, 'both stay in the list');
});

t.test('the return window: judged when the customer asks, not when the merchant decides', async (t) => {
  const late = await paidOrder();
  await inTenant(h.db.knex, shop.tenantId, (trx) => trx('orders').where({ id: late }).update({ paid_at: new Date(Date.now() - 8 * 86_400_000) }));
  const closed = await ask(late);
  t.same([closed.statusCode, closed.json().code], [409, 'LS_ORDER_REFUND_WINDOW_CLOSED'], 'asked after the 7 days');
  t.equal((await alice({ method: 'GET', url: `/api/v1/mall/orders/${late}` })).json().refundRequest, null, 'nothing written');

  const slow = await paidOrder();
  const requestId = (await ask(slow)).json().refundRequest.id as string;
  // Paid 9 days ago, asked on day 6: the review took three days, past the window.
  await inTenant(h.db.knex, shop.tenantId, async (trx) => {
    await trx('orders').where({ id: slow }).update({ paid_at: new Date(Date.now() - 9 * 86_400_000) });
    await trx('refund_requests').where({ id: requestId }).update({ created_at: new Date(Date.now() - 3 * 86_400_000) });
  });
  const approved = await decide(shop.api, requestId, 'approve');
  t.equal(approved.statusCode, 200, approved.body);
  t.equal(approved.json().orderStatus, 'refunded');
});

t.test('a store that approves automatically refunds at once', async (t) => {
  const set = await shop.api({ method: 'PATCH', url: `/api/v1/stores/${store1}/settings`, payload: { refundApproval: 'auto' } });
  t.equal(set.statusCode, 200, set.body);
  t.equal(set.json().refundApproval, 'auto');
  t.equal((await shop.api({ method: 'PATCH', url: `/api/v1/stores/${store1}/settings`, payload: { refundApproval: 'sometimes' } })).json().field, 'refundApproval');
  t.teardown(() => shop.api({ method: 'PATCH', url: `/api/v1/stores/${store1}/settings`, payload: { refundApproval: 'manual' } }));
  const orderId = await paidOrder();
  const asked = await ask(orderId, '不想要了');
  t.equal(asked.statusCode, 200, asked.body);
  t.match(asked.json(), { status: 'refunded', refundRequest: { state: 'approved', automatic: true }, refunds: [{ reason: '不想要了', approvedBy: null }] });
  const [item] = (await shop.api({ method: 'GET', url: `/api/v1/refund-requests?orderId=${orderId}` })).json();
  t.match(item, { state: 'approved', automatic: true, decidedBy: null });
});

t.test('another merchant neither sees nor decides the requests', async (t) => {
  const orderId = await paidOrder();
  const requestId = (await ask(orderId)).json().refundRequest.id as string;
  t.equal((await other.api({ method: 'GET', url: '/api/v1/refund-requests' })).json().length, 0);
  t.equal((await decide(other.api, requestId, 'approve')).statusCode, 404);
  t.equal((await decide(other.api, requestId, 'reject', '不行')).statusCode, 404);
  t.equal((await shop.api({ method: 'GET', url: `/api/v1/refund-requests?orderId=${orderId}` })).json()[0].state, 'requested', 'still open');
});
