import t from 'tap';
import { startTestApp } from '../testing/test-app.ts';
import { createShop } from '../testing/shop.ts';
import { addStaff } from '../testing/merchant.ts';
import { inTenant } from '../db/tenant-tx.ts';

interface PaymentItem { id: string; orderId: string; orderNumber: string; storeId: string; storeName: string; method: string; status: string; amountFen: number; refundedFen: number }

const h = await startTestApp();
t.teardown(h.close);
const a = await createShop(h, '甲商户');
const b = await createShop(h, '乙商户');
const [store1, store2] = a.storeIds;
const till = h.as(a.cashierToken);

let sales = 0;
async function sell(skuId: string, quantity: number, priceFen: number) {
  const res = await till({ method: 'POST', url: '/api/v1/pos/orders', payload: {
    clientOrderId: `pay-list-${++sales}-0000`, storeId: store1, lines: [{ skuId, quantity }], tenders: [{ method: 'cash', amountFen: priceFen * quantity }],
  } });
  if (res.statusCode !== 201) throw new Error(res.body);
  return res.json() as { id: string; number: string; payments: { id: string }[] };
}
const first = await sell(a.skus.cola.id, 2, 350);
const second = await sell(a.skus.chips.id, 1, 1250);
const list = async (query = '', as = a.api) => {
  const res = await as({ method: 'GET', url: `/api/v1/payments${query}` });
  return { res, total: Number(res.headers['x-total-count']), rows: res.statusCode === 200 ? res.json() as PaymentItem[] : [] };
};
/** Puts a payment at a given instant, to test the Asia/Shanghai day bounds. */
const paidAt = (paymentId: string, iso: string) => inTenant(h.db.knex, a.tenantId, (trx) => trx('payments').where({ id: paymentId }).update({ created_at: iso }));

t.test('the merchant lists its tenders across orders, newest first, with order and store', async (t) => {
  const refund = await a.api({ method: 'POST', url: `/api/v1/orders/${first.id}/refunds`, payload: { reason: '退货' } });
  t.equal(refund.statusCode, 201, refund.body);
  const { res, total, rows } = await list();
  t.equal(res.statusCode, 200, res.body);
  t.equal(total, 2);
  t.same(rows.map((r) => r.orderNumber), [second.number, first.number], 'newest first');
  t.match(rows[1], { id: first.payments[0]!.id, orderId: first.id, storeId: store1, storeName: '一号店', method: 'cash', status: 'succeeded', amountFen: 700, refundedFen: 700 });
  t.match(rows[0], { amountFen: 1250, refundedFen: 0 });
});

t.test('filters: store, method, state, order number and a page', async (t) => {
  t.equal((await list(`?storeId=${store1}`)).total, 2);
  t.equal((await list(`?storeId=${store2}`)).total, 0, 'nothing was paid at store 2');
  t.equal((await list('?method=cash')).total, 2);
  t.equal((await list('?method=wechatpay')).total, 0);
  t.equal((await list('?status=succeeded')).total, 2);
  t.equal((await list('?status=pending')).total, 0);
  t.same((await list(`?q=${second.number}`)).rows.map((r) => r.id), [second.payments[0]!.id], 'q finds the order number');
  const page = await list('?_start=1&_end=2&_sort=amountFen&_order=asc');
  t.equal(page.total, 2);
  t.same(page.rows.map((r) => r.amountFen), [1250], 'the second page of one, by amount');
});

t.test('a date range is Asia/Shanghai days, both ends included', async (t) => {
  // 23:59:59 on the 27th in Shanghai is 15:59:59 UTC; its midnight is 16:00 UTC.
  await paidAt(first.payments[0]!.id, '2026-11-27T15:59:59Z');
  await paidAt(second.payments[0]!.id, '2026-11-27T16:00:00Z');
  const ids = async (query: string) => (await list(query)).rows.map((r) => r.id);
  t.same(await ids('?dateFrom=2026-11-27&dateTo=2026-11-27'), [first.payments[0]!.id], 'the 27th ends at Shanghai midnight');
  t.same(await ids('?dateFrom=2026-11-28&dateTo=2026-11-28'), [second.payments[0]!.id], 'the 28th starts there');
  t.equal((await list('?dateFrom=2026-11-27&dateTo=2026-11-28')).total, 2);
  t.equal((await list('?dateTo=2026-11-26')).total, 0);
});

t.test('bad filters are refused naming the field', async (t) => {
  for (const [query, field] of [['?status=paid', 'status'], ['?dateFrom=2026-13-01', 'dateFrom'], ['?storeId=x', 'storeId'],
    ['?dateFrom=2026-11-28&dateTo=2026-11-27', 'dateTo'], ['?_sort=secret', '_sort'], ['?shop=1', 'shop']] as const) {
    const { res } = await list(query);
    t.equal(res.statusCode, 400, query);
    t.match(res.json(), { code: 'LS_INPUT_INVALID', field }, `${query} names ${field}`);
  }
});

t.test('payment.read is needed; store-bound staff see their stores only', async (t) => {
  const cashier = await list('', till);
  t.equal(cashier.res.statusCode, 403, 'a cashier has no payment.read');
  t.equal(cashier.res.json().code, 'LS_AUTH_FORBIDDEN');
  const elsewhere = await addStaff(h, a, 'store_manager', [store2]);
  t.equal((await list('', elsewhere.api)).total, 0, 'a manager of store 2 sees none of store 1\'s');
  const here = await addStaff(h, a, 'store_manager', [store1]);
  t.equal((await list('', here.api)).total, 2);
});

t.test('another merchant sees none of them', async (t) => {
  const other = await list('', b.api);
  t.equal(other.res.statusCode, 200);
  t.equal(other.total, 0);
  t.equal((await list(`?storeId=${store1}`, b.api)).total, 0, 'not even naming A\'s store');
});
