import t from 'tap';
import { startTestApp } from '../testing/test-app.ts';
import { createShop } from '../testing/shop.ts';
import { bindSandboxPartner } from '../testing/wechatpay.ts';
import { inTenant } from '../db/tenant-tx.ts';

/** The mall's WeChat Pay against the in-process sandbox: prepay, the customer pays, the notification settles. */
t.test('pay: requestPayment and the sandbox page, paid by the notification, then a refund in the window', async (t) => {
  const h = await startTestApp({ wechatpaySandbox: { timeScale: 1 / 1000, refundSettleMs: 50 } });
  t.teardown(h.close);
  const shop = await createShop(h);
  const binding = await bindSandboxPartner(h, [shop]);
  const login = await h.app.inject({ method: 'POST', url: '/api/v1/mall/auth/wechat', payload: { merchantId: shop.tenantId, appid: binding.spAppid, code: 'buyer-1' } });
  t.equal(login.statusCode, 200, login.body);
  const customer = h.as(login.json().accessToken as string);

  const placed = await customer({ method: 'POST', url: '/api/v1/mall/orders', payload: { storeId: shop.storeIds[0], lines: [{ skuId: shop.skus.cola.id, quantity: 2 }] } });
  t.equal(placed.statusCode, 201, placed.body);
  const orderId = placed.json().id as string;
  const pay = await customer({ method: 'POST', url: `/api/v1/mall/orders/${orderId}/pay` });
  t.equal(pay.statusCode, 200, pay.body);
  const { payment } = pay.json();
  t.match(payment, { status: 'pending', amountFen: 700, requestPayment: { appId: binding.spAppid, signType: 'RSA' }, h5Url: /^\/sandbox\/wechatpay\/pay\// });
  const again = await customer({ method: 'POST', url: `/api/v1/mall/orders/${orderId}/pay` });
  t.equal(again.json().payment.id, payment.id, 'asking again while it waits gives the same payment');

  const prepayId = (payment.h5Url as string).split('/').pop();
  const paid = await h.app.inject({ method: 'POST', url: `/sandbox/wechatpay/admin/prepays/${prepayId}/pay` });
  t.equal(paid.statusCode, 200, paid.body);
  let rows: { notification_id: string }[] = [];
  for (let i = 0; i < 250 && rows.length === 0; i++) {
    rows = await inTenant(h.db.knex, shop.tenantId, (trx) => trx('wechatpay_notifications').whereNull('processed_at').select('notification_id'));
    if (rows.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
  }
  for (const row of rows) await h.app.wechatpay.process({ tenantId: shop.tenantId, notificationId: row.notification_id });
  const order = await customer({ method: 'GET', url: `/api/v1/mall/orders/${orderId}` });
  t.equal(order.json().status, 'paid');
  t.ok(order.json().refundUntil, 'the return window is shown');
  t.equal((await customer({ method: 'POST', url: `/api/v1/mall/orders/${orderId}/pay` })).json().code, 'LS_ORDER_STATE_INVALID', 'a paid order is not paid twice');

  const requested = await customer({ method: 'POST', url: `/api/v1/mall/orders/${orderId}/refund`, payload: { reason: '买错了' } });
  t.equal(requested.statusCode, 200, requested.body);
  const approved = await shop.api({ method: 'POST', url: `/api/v1/refund-requests/${requested.json().refundRequest.id}/approve` });
  t.equal(approved.statusCode, 200, approved.body);
  const refund = await customer({ method: 'GET', url: `/api/v1/mall/orders/${orderId}` });
  t.equal(refund.json().refunds[0].amountFen, 700);
  t.equal((await customer({ method: 'GET', url: '/api/v1/mall/orders?tab=refund' })).json().length, 1);
});
