import t from 'tap';
import { startTestApp, type TestApp } from '../../testing/test-app.ts';
import { createShop, type TestShop } from '../../testing/shop.ts';
import { bindSandboxPartner } from '../../testing/wechatpay.ts';
import { inTenant } from '../../db/tenant-tx.ts';
import { createOrder } from '../../orders/orders.service.ts';
import { payOrder } from '../payments.service.ts';
import { createFavorStock, sendFavorCoupon, startFavorStock } from '../../wechatpay/favor.ts';

/**
 * WeChat Pay end to end against the in-process sandbox: the till's code pay in each of the
 * sandbox's outcomes, the mall's JSAPI payment settled by a notification, refunds, replays.
 */

const h: TestApp = await startTestApp({ wechatpaySandbox: { timeScale: 1 / 1000, userPayingQueries: 2, refundSettleMs: 50 } });
t.teardown(h.close);
const shop: TestShop = await createShop(h, '微信支付测试');
const other: TestShop = await createShop(h, '另一商户');
const binding = await bindSandboxPartner(h, [shop, other]);
const till = h.as(shop.cashierToken);
const [store1] = shop.storeIds;
const deps = { hooks: h.app.hooks, payments: h.app.payments, events: h.app.events };
let tillNo = 0;

async function paymentCode(outcome: 'success' | 'user-paying' | 'not-enough' | 'never-completes'): Promise<string> {
  const res = await h.app.inject({ method: 'POST', url: '/sandbox/wechatpay/admin/payment-codes', payload: { outcome } });
  return (res.json() as { authCode: string }).authCode;
}

async function sellWithCode(authCode: string, quantity = 1) {
  return till({ method: 'POST', url: '/api/v1/pos/orders', payload: {
    clientOrderId: `till-wx-${++tillNo}`, storeId: store1, lines: [{ skuId: shop.skus.chips.id, quantity }],
    tenders: [{ method: 'wechatpay', amountFen: 1250 * quantity, data: { authCode } }],
  } });
}

async function order(id: string) {
  return (await till({ method: 'GET', url: `/api/v1/orders/${id}` })).json();
}

/** Waits for the sandbox to deliver its notifications, then processes the inbox as the worker would. */
async function processInbox(tenantId: string, expect = 1): Promise<string[]> {
  const deadline = Date.now() + 5000;
  let rows: { notification_id: string }[] = [];
  while (Date.now() < deadline) {
    rows = await inTenant(h.db.knex, tenantId, (trx) => trx('wechatpay_notifications').whereNull('processed_at').select('notification_id'));
    if (rows.length >= expect) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const outcomes: string[] = [];
  for (const row of rows) outcomes.push(await h.app.wechatpay.process({ tenantId, notificationId: row.notification_id }));
  return outcomes;
}

t.test('code pay: a 130 code is paid at once', async (t) => {
  const sale = await sellWithCode(await paymentCode('success'));
  t.equal(sale.statusCode, 201, sale.body);
  t.equal(sale.json().status, 'paid');
  const [payment] = sale.json().payments;
  t.equal(payment.method, 'wechatpay');
  t.equal(payment.status, 'succeeded');
  t.match(payment.externalId, /^\d{28,32}$/, 'WeChat transaction id');
});

t.test('code pay: 132 (not enough balance) is declined and nothing is written', async (t) => {
  const sale = await sellWithCode(await paymentCode('not-enough'));
  t.equal(sale.statusCode, 402, sale.body);
  t.equal(sale.json().code, 'LS_PAYMENT_DECLINED');
  t.equal(sale.json().field, 'tenders.0');
  const count = await inTenant(h.db.knex, shop.tenantId, (trx) => trx('orders').where({ client_order_id: `till-wx-${tillNo}` }).count({ n: '*' }).first());
  t.equal(Number(count?.n), 0);
});

t.test('code pay: 131 waits while the customer enters the password, then the check settles it', async (t) => {
  const sale = await sellWithCode(await paymentCode('user-paying'));
  t.equal(sale.statusCode, 201, sale.body);
  t.equal(sale.json().status, 'pending_payment');
  const payment = sale.json().payments[0];
  t.equal(payment.status, 'pending');
  let outcome = '';
  for (let attempt = 0; attempt < 5 && outcome !== 'settled'; attempt++) {
    outcome = await h.app.wechatpay.check({ kind: 'payment', tenantId: shop.tenantId, id: payment.id, attempt });
  }
  t.equal(outcome, 'settled');
  const after = await order(sale.json().id);
  t.equal(after.status, 'paid');
  t.equal(after.payments[0].status, 'succeeded');
  t.equal(await h.app.wechatpay.check({ kind: 'payment', tenantId: shop.tenantId, id: payment.id, attempt: 0 }), 'not-pending', 'a late check changes nothing');
});

t.test('code pay: 133 never completes, is reversed after its checks, and the sale is paid in cash instead', async (t) => {
  const sale = await sellWithCode(await paymentCode('never-completes'));
  t.equal(sale.json().status, 'pending_payment');
  const payment = sale.json().payments[0];
  const outcome = await h.app.wechatpay.check({ kind: 'payment', tenantId: shop.tenantId, id: payment.id, attempt: 9 });
  t.equal(outcome, 'reversed');
  const after = await order(sale.json().id);
  t.equal(after.payments[0].status, 'failed');
  t.equal(after.status, 'pending_payment');
  const tx = await h.app.inject({ method: 'GET', url: `/sandbox/wechatpay/admin/notifications?mchid=${binding.spMchid}` });
  t.equal(tx.statusCode, 200);
  const cash = await till({ method: 'POST', url: `/api/v1/orders/${sale.json().id}/payments`, payload: { tenders: [{ method: 'cash', amountFen: 1250, tenderedFen: 2000 }] } });
  t.equal(cash.statusCode, 200, cash.body);
  t.equal(cash.json().status, 'paid');
});

t.test('a bad payment code is refused before WeChat is called', async (t) => {
  const sale = await sellWithCode('12ab');
  t.equal(sale.statusCode, 400);
  t.equal(sale.json().field, 'tenders.0.data.authCode');
});

t.test('mall: a JSAPI prepay, the customer pays, the notification makes the order paid once', async (t) => {
  const { orderId, payment } = await inTenant(h.db.knex, shop.tenantId, async (trx) => {
    const id = await createOrder(trx, deps, shop.tenantId, { storeId: store1, channel: 'mall', lines: [{ skuId: shop.skus.cola.id, quantity: 2 }] });
    await payOrder(trx, deps, shop.tenantId, id, [{ method: 'wechatpay', amountFen: 700, data: { openid: 'oSandboxCustomer0001' } }]);
    return { orderId: id, payment: await trx('payments').where({ order_id: id }).first() };
  });
  t.equal(payment.status, 'pending');
  const { requestPayment, prepayId, h5Url } = payment.data;
  t.match(requestPayment, { appId: binding.spAppid, signType: 'RSA', package: `prepay_id=${prepayId}` });
  t.ok(requestPayment.paySign.length > 100, 'paySign is an RSA signature');
  t.equal(h5Url, `/sandbox/wechatpay/pay/${prepayId}`);

  const paid = await h.app.inject({ method: 'POST', url: `/sandbox/wechatpay/admin/prepays/${prepayId}/pay` });
  t.equal(paid.statusCode, 200, paid.body);
  t.same(await processInbox(shop.tenantId), ['settled']);
  const after = await order(orderId);
  t.equal(after.status, 'paid');
  t.equal(after.paidFen, 700);

  // WeChat delivers the same notification again (its retries): stored once, processed once.
  const notification = await inTenant(h.db.knex, shop.tenantId, (trx) => trx('wechatpay_notifications').where({ event_type: 'TRANSACTION.SUCCESS' }).orderBy('received_at', 'desc').first());
  t.equal(await h.app.wechatpay.process({ tenantId: shop.tenantId, notificationId: notification.notification_id }), 'duplicate');
});

t.test('refunds go back to WeChat with an out_refund_no stored first, and settle when WeChat says so', async (t) => {
  const sale = await sellWithCode(await paymentCode('success'), 2);
  const orderId = sale.json().id;
  const refund = await h.as(shop.token)({ method: 'POST', url: `/api/v1/orders/${orderId}/refunds`, payload: {
    lines: [{ lineId: sale.json().lines[0].id, quantity: 1 }], reason: '顾客退货',
  } });
  t.equal(refund.statusCode, 201, refund.body);
  const refunds = await inTenant(h.db.knex, shop.tenantId, (trx) => trx('refund_payments').join('refunds', 'refunds.id', 'refund_payments.refund_id')
    .where('refunds.order_id', orderId).select('refund_payments.*', 'refunds.status as refund_status'));
  t.equal(refunds.length, 1);
  t.equal(Number(refunds[0].amount_fen), 1250);
  t.match(refunds[0].external_refund_no, /^R[0-9a-f]{32}0$/);
  if (refunds[0].status === 'pending') {
    // The sandbox settles refunds after refundSettleMs and notifies; the check would get there too.
    const outcomes = await processInbox(shop.tenantId);
    t.same(outcomes, ['settled']);
  }
  const settled = await inTenant(h.db.knex, shop.tenantId, (trx) => trx('refunds').where({ order_id: orderId }).first('status'));
  t.equal(settled.status, 'succeeded');
});

t.test('a notification that does not verify is refused the way WeChat expects, and stores nothing', async (t) => {
  const forged = await h.app.inject({
    method: 'POST', url: `/api/v1/wechatpay/notify/${shop.tenantId}`,
    headers: { 'content-type': 'application/json', 'wechatpay-timestamp': String(Math.floor(Date.now() / 1000)), 'wechatpay-nonce': 'n', 'wechatpay-serial': 'X', 'wechatpay-signature': 'Zm9yZ2Vk' },
    payload: JSON.stringify({ id: 'forged-1', event_type: 'TRANSACTION.SUCCESS', resource: { ciphertext: 'x', nonce: 'y', algorithm: 'AEAD_AES_256_GCM' } }),
  });
  t.equal(forged.statusCode, 401);
  t.equal(forged.json().code, 'FAIL');
  const stored = await inTenant(h.db.knex, shop.tenantId, (trx) => trx('wechatpay_notifications').where({ notification_id: 'forged-1' }).first());
  t.notOk(stored);
});

t.test('reconciliation asks WeChat about a mall payment whose notification never came', async (t) => {
  const { orderId, prepayId, paymentId } = await inTenant(h.db.knex, other.tenantId, async (trx) => {
    const id = await createOrder(trx, deps, other.tenantId, { storeId: other.storeIds[0], channel: 'mall', lines: [{ skuId: other.skus.cola.id, quantity: 1 }] });
    await payOrder(trx, deps, other.tenantId, id, [{ method: 'wechatpay', amountFen: 350, data: { openid: 'oSandboxCustomer0002' } }]);
    const payment = await trx('payments').where({ order_id: id }).first();
    return { orderId: id, prepayId: payment.data.prepayId as string, paymentId: payment.id as string };
  });
  await h.app.inject({ method: 'POST', url: `/sandbox/wechatpay/admin/prepays/${prepayId}/pay` });
  const result = await h.app.wechatpay.reconcile(0);
  t.equal(result.failed, 0);
  t.ok(result.checked >= 1);
  const detail = await h.as(other.token)({ method: 'GET', url: `/api/v1/orders/${orderId}` });
  t.equal(detail.json().status, 'paid');
  t.equal(detail.json().payments.find((p: { id: string }) => p.id === paymentId).status, 'succeeded');
  // The notification arrives later anyway: nothing changes.
  t.same(await processInbox(other.tenantId), ['already-settled']);
});

t.test('money a customer pays after the order was cancelled goes back to them in full', async (t) => {
  const { orderId, prepayId, paymentId } = await inTenant(h.db.knex, shop.tenantId, async (trx) => {
    const id = await createOrder(trx, deps, shop.tenantId, { storeId: store1, channel: 'mall', lines: [{ skuId: shop.skus.cola.id, quantity: 1 }] });
    await payOrder(trx, deps, shop.tenantId, id, [{ method: 'wechatpay', amountFen: 350, data: { openid: 'oSandboxCustomer0003' } }]);
    const payment = await trx('payments').where({ order_id: id }).first();
    return { orderId: id, prepayId: payment.data.prepayId as string, paymentId: payment.id as string };
  });
  const cancelled = await h.as(shop.token)({ method: 'POST', url: `/api/v1/orders/${orderId}/cancel` });
  t.equal(cancelled.statusCode, 200, cancelled.body);
  // The customer had the payment sheet open and pays anyway.
  await h.app.inject({ method: 'POST', url: `/sandbox/wechatpay/admin/prepays/${prepayId}/pay` });
  t.same(await processInbox(shop.tenantId), ['paid-after-cancel']);
  t.equal(await h.app.wechatpay.check({ kind: 'return', tenantId: shop.tenantId, id: paymentId, attempt: 0 }), 'returned');
  const payment = await inTenant(h.db.knex, shop.tenantId, (trx) => trx('payments').where({ id: paymentId }).first('status', 'data'));
  t.equal(payment.status, 'cancelled', 'the payment stays given up on');
  t.match(payment.data.returned, { outRefundNo: `C${paymentId.replaceAll('-', '')}` });
  t.equal((await order(orderId)).status, 'cancelled');
  t.equal(await h.app.wechatpay.check({ kind: 'return', tenantId: shop.tenantId, id: paymentId, attempt: 0 }), 'returned', 'asking again asks for the same refund');
});

t.test('a voucher WeChat applies inside a till payment becomes an adjustment, and a partial refund records its share', async (t) => {
  const { client, binding: wx } = await h.app.wechatpay.bindings.forTenant(shop.tenantId);
  const day = 86_400_000;
  const stamp = (ms: number) => new Date(Date.now() + ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
  const { stock_id: stockId } = await createFavorStock(client, {
    stock_name: '满20减5', comment: '测试', belong_merchant: wx.subMchid, available_begin_time: stamp(-day), available_end_time: stamp(30 * day),
    stock_use_rule: { max_coupons: 10, max_amount: 5000, max_coupons_per_user: 1, natural_person_limit: false, prevent_api_abuse: false },
    coupon_use_rule: { fixed_normal_coupon: { coupon_amount: 500, transaction_minimum: 2000 }, available_merchants: [wx.subMchid] },
    no_cash: true, stock_type: 'NORMAL', out_request_no: 'KERNEL-FAVOR-1',
  });
  await startFavorStock(client, stockId, wx.spMchid);
  const openid = 'oVoucherCustomer000000001';
  const { coupon_id: couponId } = await sendFavorCoupon(client, openid, { stock_id: stockId, out_request_no: 'KERNEL-SEND-1', appid: wx.spAppid, stock_creator_mchid: wx.spMchid });
  const code = await h.app.inject({ method: 'POST', url: '/sandbox/wechatpay/admin/payment-codes', payload: { openid, outcome: 'success' } });

  const sale = await sellWithCode(code.json().authCode, 2);
  t.equal(sale.statusCode, 201, sale.body);
  const order = sale.json();
  t.equal(order.status, 'paid');
  t.equal(order.totalFen, 2500, 'the order total is what the goods cost');
  const voucher = order.adjustments.find((a: { source: string }) => a.source === 'wechatpay');
  t.match(voucher, { kind: 'payment-promotion', amountFen: -500 });
  t.match(voucher.data, { promotionId: couponId, stockId, type: 'NOCASH', merchantContributeFen: 500 });

  const refund = await h.as(shop.token)({ method: 'POST', url: `/api/v1/orders/${order.id}/refunds`, payload: { lines: [{ lineId: order.lines[0].id, quantity: 1 }] } });
  t.equal(refund.statusCode, 201, refund.body);
  const part = await inTenant(h.db.knex, shop.tenantId, (trx) => trx('refund_payments').join('refunds', 'refunds.id', 'refund_payments.refund_id')
    .where('refunds.order_id', order.id).first('refund_payments.data'));
  t.match(part.data.promotions, [{ promotion_id: couponId, amount: 500, refund_amount: 250 }], 'half the order gives back half the voucher');
});
