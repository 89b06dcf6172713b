import t from 'tap';
import { createPluginTestKit } from '@lingshou/plugin-sdk/testing';
import merchantCoupon from './index.ts';
import { couponBody, eventually, mallCustomer } from '../test/kit-helpers.ts';

// The whole slice against the in-process WeChat Pay sandbox: create → claim → checkout → use → refund → return.
const kit = await createPluginTestKit({ plugin: merchantCoupon, wechatpay: 'sandbox', sandbox: { timeScale: 1 / 1000, autoPay: true } });
t.teardown(kit.close);
await kit.startWorkers();
const { a, b, h } = kit;
const till = h.as(a.cashierToken);
const base = '/api/v1/plugins/merchant-coupon';
const binding = await kit.asPlugin(a, (ctx) => ctx.kernel.wechatpay.binding());
const appid = binding.subAppid ?? binding.spAppid;

/** What WeChat's send-coupon plugin does when the customer taps it, against the sandbox. */
const sendCoupon = async (params: Record<string, unknown>, openid: string) => {
  const res = await h.app.inject({ method: 'POST', url: '/sandbox/wechatpay/customer/busifavor/send-coupon', payload: { ...params, openid, appid } });
  return res.json() as { errcode: string; send_coupon_result: { code: string; coupon_code?: string; message: string }[] };
};

const claimOf = async (customer: Awaited<ReturnType<typeof mallCustomer>>, couponId: string) => {
  const res = await customer.api({ method: 'POST', url: `${base}/mall/coupons/${couponId}/claim` });
  if (res.statusCode !== 200) throw new Error(`claim: ${res.statusCode} ${res.body}`);
  const answer = res.json() as { kind: string; params: Record<string, unknown>; sandbox?: { url: string; openid: string; appid: string } };
  // Against the sandbox the answer also says where an H5 mall posts it, for whom.
  if (answer.sandbox?.url !== '/sandbox/wechatpay/customer/busifavor/send-coupon' || answer.sandbox.openid !== customer.openid || answer.sandbox.appid !== appid) {
    throw new Error(`claim answer without the sandbox's send-coupon: ${res.body}`);
  }
  const sent = await sendCoupon(answer.params, customer.openid);
  if (sent.errcode !== 'OK' || sent.send_coupon_result[0]!.code !== 'SUCCESS') throw new Error(`send-coupon: ${JSON.stringify(sent)}`);
  const code = sent.send_coupon_result[0]!.coupon_code!;
  // COUPON.SEND reaches the partner's inbox, which routes it by stock; the plugin's consumer records the claim.
  await eventually(async () => (await customer.api({ method: 'GET', url: `${base}/mall/wallet` })).json().some((c: { code: string }) => c.code === code), 'the claim to be recorded');
  return code;
};

t.test('create → claim → mall checkout → paid: redeemed at WeChat → refunded: returned at WeChat', async (t) => {
  const created = await a.api({ method: 'POST', url: `${base}/coupons`, payload: couponBody() });
  t.equal(created.statusCode, 201, created.body);
  const coupon = created.json();
  t.match(coupon, { state: 'running', stockId: /^\d+$/, claimedCount: 0, budgetLeft: 100, ruleText: '满10元减2元' });
  const stock = await kit.asPlugin(a, async (ctx) => ctx.db('coupons').where({ id: coupon.id }).first('out_request_no', 'wechat_request'));
  t.equal(stock.wechat_request.out_request_no, stock.out_request_no, 'the request number was stored with the request');
  t.equal(stock.wechat_request.belong_merchant, kit.wechatpay!.subMchids.get(a.tenantId), 'the stock belongs to the merchant\'s sub_mchid');

  const synced = await a.api({ method: 'POST', url: `${base}/coupons/${coupon.id}/sync` });
  t.match(synced.json(), { wechatState: 'RUNNING', wechatSentCount: 0 }, 'read back from WeChat');

  const alice = await mallCustomer(kit, a, appid, 'o-sandbox-alice');
  const list = await alice.api({ method: 'GET', url: `${base}/mall/coupons?storeId=${a.storeIds[0]}` });
  t.same(list.json().map((c: { id: string; state: string }) => [c.id, c.state]), [[coupon.id, 'claimable']]);

  const code = await claimOf(alice, coupon.id);
  const after = (await a.api({ method: 'GET', url: `${base}/coupons/${coupon.id}` })).json();
  t.match(after, { claimedCount: 1, budgetLeft: 99 });

  const cart = { storeId: a.storeIds[0], lines: [{ skuId: a.skus.chips.id, quantity: 1 }] };
  const picker = await alice.api({ method: 'POST', url: `${base}/mall/picker`, payload: cart });
  t.match(picker.json(), [{ code, applicable: true, discountFen: 200 }], 'the picker offers it for 12.50');
  const small = await alice.api({ method: 'POST', url: `${base}/mall/picker`, payload: { ...cart, lines: [{ skuId: a.skus.cola.id, quantity: 1 }] } });
  t.match(small.json(), [{ code, applicable: false, reason: /满10.00元/ }], 'below the threshold, with the reason');

  const order = await a.api({ method: 'POST', url: '/api/v1/orders', payload: {
    ...cart, channel: 'mall', customerId: alice.customerId, pluginInputs: { 'merchant-coupon': { code } },
  } });
  t.equal(order.statusCode, 201, order.body);
  t.equal(order.json().totalFen, 1050, '12.50 − 2.00');
  t.match(order.json().adjustments, [{ source: 'merchant-coupon', kind: 'coupon', amountFen: -200 }]);

  // The mall pays with WeChat Pay (JSAPI); the sandbox pays by itself and notifies.
  const paying = await a.api({ method: 'POST', url: `/api/v1/orders/${order.json().id}/payments`, payload: { tenders: [{ method: 'wechatpay', amountFen: 1050, data: { openid: alice.openid } }] } });
  t.equal(paying.statusCode, 200, paying.body);
  const redeemed = await eventually(() => kit.asPlugin(a, (ctx) => ctx.db('claims').where({ coupon_code: code }).whereNotNull('wechat_used_at').first()), 'the coupon redeemed at WeChat');
  t.equal(redeemed.state, 'used');
  t.match((await alice.api({ method: 'GET', url: `${base}/mall/wallet` })).json(), [{ code, state: 'used' }]);
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  t.same((await a.api({ method: 'GET', url: `${base}/coupons/${coupon.id}/daily` })).json(), [{ day: today, claimed: 1, used: 1 }], 'the daily chart\'s data');
  t.match((await a.api({ method: 'GET', url: `${base}/coupons/${coupon.id}/claims` })).json(), [{ code, customerId: alice.customerId, state: 'used', orderId: order.json().id }], 'the claim and redemption log');

  const refund = await a.api({ method: 'POST', url: `/api/v1/orders/${order.json().id}/refunds`, payload: { reason: '退货' } });
  t.equal(refund.statusCode, 201, refund.body);
  const returned = await eventually(() => kit.asPlugin(a, (ctx) => ctx.db('claims').where({ coupon_code: code, state: 'available' }).first()), 'the coupon returned');
  t.ok(returned.returned_at, 'given back to the customer');
  t.match((await a.api({ method: 'GET', url: `${base}/coupons/${coupon.id}` })).json(), { usedCount: 0, claimedCount: 1 });
});

t.test('at the till: the scanned code goes into the sale and prints on the receipt', async (t) => {
  const coupon = (await a.api({ method: 'POST', url: `${base}/coupons`, payload: couponBody({ name: 'Till 5 off', scene: 'offline', amountFen: 500, thresholdFen: 0 }) })).json();
  const bob = await mallCustomer(kit, a, appid, 'o-sandbox-bob');
  const code = await claimOf(bob, coupon.id);
  const scan = await till({ method: 'POST', url: '/api/v1/pos/scan', payload: { storeId: a.storeIds[0], code } });
  t.equal(scan.statusCode, 200, scan.body);
  t.match(scan.json(), { kind: 'plugin-input', source: 'merchant-coupon', data: { input: { code } } });
  const sale = await till({ method: 'POST', url: '/api/v1/pos/orders', payload: {
    clientOrderId: 'coupon-till-1', storeId: a.storeIds[0], lines: [{ skuId: a.skus.chips.id, quantity: 1 }],
    tenders: [{ method: 'cash', amountFen: 750 }], pluginInputs: { 'merchant-coupon': scan.json().data.input },
  } });
  t.equal(sale.statusCode, 201, sale.body);
  t.equal(sale.json().totalFen, 750);
  const receipt = (await till({ method: 'GET', url: `/api/v1/orders/${sale.json().id}/receipt` })).json();
  t.match(receipt.blocks.filter((block: { source: string }) => block.source === 'merchant-coupon').map((block: { text: string }) => block.text),
    [/商家券 无门槛减5元\s+-¥5\.00/, new RegExp(`券码 \\*+${code.slice(-4)}$`)]);
  await eventually(() => kit.asPlugin(a, (ctx) => ctx.db('claims').where({ coupon_code: code }).whereNotNull('wechat_used_at').first()), 'the till\'s coupon redeemed at WeChat');
  const again = await till({ method: 'POST', url: '/api/v1/pos/scan', payload: { storeId: a.storeIds[0], code } });
  t.match(again.json(), { kind: 'message', label: /已使用/ }, 'scanned again, it says why not');
  const mallOnly = await till({ method: 'POST', url: '/api/v1/pos/scan', payload: { storeId: a.storeIds[0], code: '0000000000000' } });
  t.equal(mallOnly.statusCode, 404, 'a code nobody knows is nobody\'s');
});

t.test('code mode upload: 3 codes uploaded, 4 customers claim, 3 get a distinct uploaded code; one redeemed at the till', async (t) => {
  const created = await a.api({ method: 'POST', url: `${base}/coupons`, payload: couponBody({ name: 'Uploaded', codeMode: 'upload', scene: 'offline', thresholdFen: 0, amountFen: 100 }) });
  t.equal(created.statusCode, 201, created.body);
  const coupon = created.json();
  const codes = ['SHOPA0001', 'SHOPA0002', 'SHOPA0003'];
  const uploaded = await a.api({ method: 'POST', url: `${base}/coupons/${coupon.id}/codes`, payload: { codes } });
  t.same(uploaded.json(), { uploaded: 3, total: 3, unused: 3, failed: [] }, uploaded.body);
  t.match((await a.api({ method: 'POST', url: `${base}/coupons/${coupon.id}/sync` })).json(), { wechatState: 'RUNNING', uploadedCount: 3, budgetLeft: 3 });

  const customers = await Promise.all(['dan', 'eve', 'fay', 'gus'].map((name) => mallCustomer(kit, a, appid, `o-sandbox-${name}`)));
  const got: string[] = [];
  for (const customer of customers.slice(0, 3)) got.push(await claimOf(customer, coupon.id));
  t.same([...got].sort(), codes, 'each an uploaded code, none twice');
  const fourth = await customers[3]!.api({ method: 'POST', url: `${base}/mall/coupons/${coupon.id}/claim` });
  t.match([fourth.statusCode, fourth.json().code, fourth.json().title], [409, 'LS_MERCHANT_COUPON_SOLD_OUT', /No codes left/], 'the fourth: no codes left');
  t.match((await a.api({ method: 'GET', url: `${base}/coupons/${coupon.id}/codes` })).json(), { total: 3, claimed: 3, unused: 0, budgetLeft: 0 });

  const sale = await till({ method: 'POST', url: '/api/v1/pos/orders', payload: {
    clientOrderId: 'coupon-upload-1', storeId: a.storeIds[0], lines: [{ skuId: a.skus.chips.id, quantity: 1 }],
    tenders: [{ method: 'cash', amountFen: 1150 }], pluginInputs: { 'merchant-coupon': { code: got[0] } },
  } });
  t.equal(sale.statusCode, 201, sale.body);
  await eventually(() => kit.asPlugin(a, (ctx) => ctx.db('claims').where({ coupon_code: got[0] }).whereNotNull('wechat_used_at').first()), 'an uploaded code redeemed at WeChat (with its stock_id)');
  t.match((await a.api({ method: 'GET', url: `${base}/coupons/${coupon.id}/codes` })).json(), { used: 1 });
});

t.test('a COUPON.SEND replayed ten times records one claim', async (t) => {
  const coupon = (await a.api({ method: 'POST', url: `${base}/coupons`, payload: couponBody({ name: 'Replay' }) })).json();
  const carol = await mallCustomer(kit, a, appid, 'o-sandbox-carol');
  const code = await claimOf(carol, coupon.id);
  const event = await kit.asPlugin(a, (ctx) => ctx.db('claims').where({ coupon_code: code }).first('notification_id'));
  const payload = { notificationId: event.notification_id, eventType: 'COUPON.SEND', resourceType: 'encrypt-resource',
    resource: { event_type: 'EVENT_TYPE_BUSICOUPON_SEND', coupon_code: code, stock_id: coupon.stockId, openid: carol.openid, send_time: new Date().toISOString() } };
  for (let i = 0; i < 10; i += 1) await kit.asPlugin(a, (ctx) => merchantCoupon.events!['wechatpay.notification']!(ctx, payload));
  const claims = await kit.asPlugin(a, (ctx) => ctx.db('claims').where({ coupon_id: coupon.id }).select('state'));
  t.same(claims.map((c: { state: string }) => c.state), ['available'], 'one claim');
  t.equal((await a.api({ method: 'GET', url: `${base}/coupons/${coupon.id}` })).json().claimedCount, 1);
});

t.test('tenant B never sees A\'s coupons', async (t) => {
  const res = await b.api({ method: 'GET', url: `${base}/coupons` });
  t.same([res.statusCode, res.json().code], [404, 'LS_PLUGIN_NOT_ENABLED']);
  const rows = await kit.h.db.knex.transaction(async (trx) => {
    await trx.raw(`select set_config('app.tenant_id', ?, true)`, [b.tenantId]);
    await trx.raw(`set local role lingshou_app`);
    return trx('plugin_merchant_coupon.coupons').select('id');
  });
  t.same(rows, [], 'row-level security keeps A\'s rows from B');
});
