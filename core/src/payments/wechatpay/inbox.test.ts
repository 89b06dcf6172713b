import t from 'tap';
import nock from 'nock';
import { startTestApp, type TestApp } from '../../testing/test-app.ts';
import { createShop, type TestShop } from '../../testing/shop.ts';
import { bindNockPartner, signedNotification, wechatpayReply, TEST_SP_MCHID, TEST_SP_APPID } from '../../testing/wechatpay.ts';
import { concurrencyDatabaseUrl } from '../../testing/postgres.ts';
import { inTenant } from '../../db/tenant-tx.ts';
import { createOrder } from '../../orders/orders.service.ts';
import { payOrder } from '../payments.service.ts';
import { DEFAULT_BASE_URL } from '../../wechatpay/client.ts';
import { outTradeNoOf } from './transaction-result.ts';

/**
 * The notification inbox against WeChat-shaped fixtures (nock, the fixed test partner): verified
 * and stored before 204, processed once, the amount checked, vouchers (promotion_detail) recorded
 * as order adjustments; replays and concurrent deliveries change nothing more.
 */

nock.disableNetConnect();
t.teardown(() => nock.enableNetConnect());

interface Fixture { h: TestApp; shop: TestShop; subMchid: string }

async function fixture(databaseUrl?: string): Promise<Fixture> {
  const h = await startTestApp(databaseUrl ? { databaseUrl } : {});
  const shop = await createShop(h, '通知测试');
  const binding = await bindNockPartner(h, [shop]);
  return { h, shop, subMchid: binding.subMchids.get(shop.tenantId)! };
}

/** A mall order of `quantity` colas waiting for a JSAPI payment (the prepay answered by nock). */
async function pendingMallPayment(f: Fixture, quantity = 2) {
  nock(DEFAULT_BASE_URL).post('/v3/pay/partner/transactions/jsapi').reply(wechatpayReply(200, { prepay_id: 'wx28000000000000000000000000000001' }));
  const deps = { hooks: f.h.app.hooks, payments: f.h.app.payments, events: f.h.app.events };
  return inTenant(f.h.db.knex, f.shop.tenantId, async (trx) => {
    const orderId = await createOrder(trx, deps, f.shop.tenantId, { storeId: f.shop.storeIds[0], channel: 'mall', lines: [{ skuId: f.shop.skus.cola.id, quantity }] });
    await payOrder(trx, deps, f.shop.tenantId, orderId, [{ method: 'wechatpay', amountFen: 350 * quantity, data: { openid: 'oUser0001' } }]);
    const payment = await trx('payments').where({ order_id: orderId }).first();
    return { orderId, paymentId: payment.id as string, amountFen: 350 * quantity };
  });
}

function transaction(f: Fixture, paymentId: string, amountFen: number, extra: Record<string, unknown> = {}) {
  return {
    sp_appid: TEST_SP_APPID, sp_mchid: TEST_SP_MCHID, sub_mchid: f.subMchid, out_trade_no: outTradeNoOf(paymentId),
    transaction_id: '4200000000202611280000000001', trade_type: 'JSAPI', trade_state: 'SUCCESS', trade_state_desc: '支付成功',
    bank_type: 'OTHERS', success_time: '2026-11-28T10:00:00+08:00', payer: { sp_openid: 'oUser0001' },
    amount: { total: amountFen, payer_total: amountFen, currency: 'CNY', payer_currency: 'CNY' }, ...extra,
  };
}

function post(f: Fixture, notification: { body: string; headers: Record<string, string> }) {
  return f.h.app.inject({ method: 'POST', url: `/api/v1/wechatpay/notify/${f.shop.tenantId}`, headers: notification.headers, payload: notification.body });
}

async function inbox(f: Fixture) {
  return inTenant(f.h.db.knex, f.shop.tenantId, (trx) => trx('wechatpay_notifications').orderBy('received_at').select('*'));
}

t.test('a payment with a voucher: 204 at once, processed once, the voucher recorded on the order', async (t) => {
  const f = await fixture();
  t.teardown(f.h.close);
  const { orderId, paymentId } = await pendingMallPayment(f, 4);
  // 满10减2 voucher, no-charge: the customer paid 1200 of 1400, the merchant funded 200.
  const promotion = {
    coupon_id: '109519', name: '满10减2', scope: 'GLOBAL', type: 'NOCASH', amount: 200, stock_id: '8165000',
    wechatpay_contribute: 0, merchant_contribute: 200, other_contribute: 0, currency: 'CNY',
  };
  const notification = signedNotification('TRANSACTION.SUCCESS', transaction(f, paymentId, 1400, {
    amount: { total: 1400, payer_total: 1200, currency: 'CNY', payer_currency: 'CNY' }, promotion_detail: [promotion],
  }), { id: 'EV-2026112800001' });
  const answer = await post(f, notification);
  t.equal(answer.statusCode, 204, answer.body);
  const [stored] = await inbox(f);
  t.equal(stored.notification_id, 'EV-2026112800001');
  t.equal(stored.processed_at, null, 'stored before processing: the job does the work');

  t.equal(await f.h.app.wechatpay.process({ tenantId: f.shop.tenantId, notificationId: 'EV-2026112800001' }), 'settled');
  const order = (await f.h.as(f.shop.token)({ method: 'GET', url: `/api/v1/orders/${orderId}` })).json();
  t.equal(order.status, 'paid');
  t.equal(order.totalFen, 1400, 'a voucher inside the payment does not change the order total');
  const voucher = order.adjustments.find((a: { source: string }) => a.source === 'wechatpay');
  t.match(voucher, { kind: 'payment-promotion', amountFen: -200 });
  t.match(voucher.data, { promotionId: '109519', stockId: '8165000', type: 'NOCASH', merchantContributeFen: 200 });

  // WeChat retries: ten more deliveries of the same notification.
  for (let i = 0; i < 10; i++) t.equal((await post(f, notification)).statusCode, 204);
  const rows = await inbox(f);
  t.equal(rows.length, 1);
  t.equal(rows[0].deliveries, 11);
  t.equal(await f.h.app.wechatpay.process({ tenantId: f.shop.tenantId, notificationId: 'EV-2026112800001' }), 'duplicate');
  const again = (await f.h.as(f.shop.token)({ method: 'GET', url: `/api/v1/orders/${orderId}` })).json();
  t.equal(again.adjustments.filter((a: { source: string }) => a.source === 'wechatpay').length, 1, 'the voucher is recorded once');
});

t.test('an amount that is not the payment\'s settles nothing', async (t) => {
  const f = await fixture();
  t.teardown(f.h.close);
  const { orderId, paymentId } = await pendingMallPayment(f, 2);
  t.equal((await post(f, signedNotification('TRANSACTION.SUCCESS', transaction(f, paymentId, 1), { id: 'EV-AMOUNT' }))).statusCode, 204);
  t.equal(await f.h.app.wechatpay.process({ tenantId: f.shop.tenantId, notificationId: 'EV-AMOUNT' }), 'amount-mismatch');
  const order = (await f.h.as(f.shop.token)({ method: 'GET', url: `/api/v1/orders/${orderId}` })).json();
  t.equal(order.status, 'pending_payment');
  t.equal((await inbox(f))[0].outcome, 'amount-mismatch', 'the inbox says why');
});

t.test('forged, stale, tampered or foreign notifications are refused and not stored', async (t) => {
  const f = await fixture();
  t.teardown(f.h.close);
  const { paymentId } = await pendingMallPayment(f, 1);
  const good = signedNotification('TRANSACTION.SUCCESS', transaction(f, paymentId, 350));
  const stale = { ...good, headers: { ...good.headers, 'Wechatpay-Timestamp': String(Math.floor(Date.now() / 1000) - 600) } };
  const tampered = { ...good, body: good.body.replace('"event_type":"TRANSACTION.SUCCESS"', '"event_type":"TRANSACTION.SUCCESS" ') };
  const wrongSerial = { ...good, headers: { ...good.headers, 'Wechatpay-Serial': '0000000000000000' } };
  const otherMerchant = signedNotification('TRANSACTION.SUCCESS', { ...transaction(f, paymentId, 350), sub_mchid: '1999999999' });
  for (const [what, notification] of Object.entries({ stale, tampered, wrongSerial, otherMerchant })) {
    const answer = await post(f, notification);
    t.equal(answer.statusCode, 401, what);
    t.equal(answer.json().code, 'FAIL', what);
  }
  t.same(await inbox(f), [], 'nothing stored');
  const unknownTenant = await f.h.app.inject({ method: 'POST', url: '/api/v1/wechatpay/notify/00000000-0000-7000-8000-000000000000', headers: good.headers, payload: good.body });
  t.equal(unknownTenant.statusCode, 409, 'a merchant without WeChat Pay cannot take notifications');
});

t.test('other events go to plugins as wechatpay.notification, once', async (t) => {
  const f = await fixture();
  t.teardown(f.h.close);
  const used = signedNotification('COUPON.USE', { stock_id: '9856000', coupon_id: '98674556', status: 'USED' }, { id: 'EV-COUPON-1' });
  t.equal((await post(f, used)).statusCode, 204);
  t.equal(await f.h.app.wechatpay.process({ tenantId: f.shop.tenantId, notificationId: 'EV-COUPON-1' }), 'emitted');
  t.equal(await f.h.app.wechatpay.process({ tenantId: f.shop.tenantId, notificationId: 'EV-COUPON-1' }), 'duplicate');
});

t.test('concurrent deliveries of one notification make one state change (PostgreSQL)', async (t) => {
  const f = await fixture(concurrencyDatabaseUrl);
  t.teardown(f.h.close);
  const { orderId, paymentId } = await pendingMallPayment(f, 2);
  const notification = signedNotification('TRANSACTION.SUCCESS', transaction(f, paymentId, 700), { id: 'EV-RACE' });
  const answers = await Promise.all(Array.from({ length: 8 }, () => post(f, notification)));
  t.same(answers.map((a) => a.statusCode), Array(8).fill(204));
  const rows = await inbox(f);
  t.equal(rows.length, 1);
  t.equal(rows[0].deliveries, 8);
  const jobs = await f.h.db.knex('pgboss.job').where({ name: 'wechatpay-notifications' }).whereRaw(`data->>'notificationId' = 'EV-RACE'`).count({ n: '*' }).first();
  t.equal(Number(jobs?.n), 1, 'one processing job');
  const outcomes = await Promise.all(Array.from({ length: 4 }, () => f.h.app.wechatpay.process({ tenantId: f.shop.tenantId, notificationId: 'EV-RACE' })));
  t.same(outcomes.sort(), ['duplicate', 'duplicate', 'duplicate', 'settled']);
  const order = (await f.h.as(f.shop.token)({ method: 'GET', url: `/api/v1/orders/${orderId}` })).json();
  t.equal(order.status, 'paid');
  t.equal(order.paidFen, 700);
});

t.test('the partner inbox routes coupon notifications to the merchant that owns the stock', async (t) => {
  const h = await startTestApp();
  t.teardown(h.close);
  const a = await createShop(h, '甲');
  const b = await createShop(h, '乙');
  const binding = await bindNockPartner(h, [a, b]);
  await inTenant(h.db.knex, b.tenantId, (trx) => trx('wechatpay_stocks').insert({ tenant_id: b.tenantId, stock_id: '9856888', product: 'favor', plugin_id: 'wechat-voucher' }));
  const post = (notification: { body: string; headers: Record<string, string> }) =>
    h.app.inject({ method: 'POST', url: `/api/v1/wechatpay/notify/partners/${binding.partnerId}`, headers: notification.headers, payload: notification.body });
  const stored = (tenantId: string) => inTenant(h.db.knex, tenantId, (trx) => trx('wechatpay_notifications').pluck('notification_id'));

  t.equal((await post(signedNotification('COUPON.USE', { stock_id: '9856888', coupon_id: '1', status: 'USED' }, { id: 'EV-STOCK-B' }))).statusCode, 204);
  const byMerchant = signedNotification('COUPON.USE', {
    stock_id: '1111111', coupon_id: '2', status: 'USED', consume_information: { consume_mchid: binding.subMchids.get(a.tenantId) },
  }, { id: 'EV-MCH-A' });
  t.equal((await post(byMerchant)).statusCode, 204);
  t.same(await stored(a.tenantId), ['EV-MCH-A']);
  t.same(await stored(b.tenantId), ['EV-STOCK-B']);
  const nobody = await post(signedNotification('COUPON.USE', { stock_id: '7777777', coupon_id: '3' }, { id: 'EV-NOBODY' }));
  t.equal(nobody.statusCode, 404, 'WeChat retries one nobody owns');
  t.equal(nobody.json().code, 'FAIL');

  const other = await h.app.inject({ method: 'POST', url: '/api/v1/wechatpay/notify/partners/00000000-0000-7000-8000-000000000000', headers: byMerchant.headers, payload: byMerchant.body });
  t.equal(other.statusCode, 404, 'an unknown partner');
});
