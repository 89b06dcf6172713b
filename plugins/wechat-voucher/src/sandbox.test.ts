import t from 'tap';
import { createPluginTestKit } from '@lingshou/plugin-sdk/testing';
import { sendFavorCoupon } from '@lingshou/plugin-sdk';
import voucher from './index.ts';
import { runSendBatch } from './send.service.ts';

/**
 * End to end against the in-process WeChat Pay sandbox: a no-charge stock created and activated,
 * a send batch run twice (each member gets one coupon), a voucher WeChat applies inside a till
 * payment recorded from the paid order and from COUPON.USE as one use, and its refund share.
 */
const kit = await createPluginTestKit({
  plugin: voucher, wechatpay: 'sandbox', sandbox: { timeScale: 1 / 1000 }, config: { 'wechat-voucher': { noCashAuthorized: true } },
});
t.teardown(kit.close);
const { a, h } = kit;
const binding = kit.wechatpay!;
const subA = binding.subMchids.get(a.tenantId)!;
const api = '/api/v1/plugins/wechat-voucher';
const DAY = 86_400_000;

const eventually = async <T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 15_000): Promise<T> => {
  const deadline = Date.now() + ms;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  return value;
};

/** A member who signed in to the mall through the partner's mini program (sp_appid). */
async function member(name: string, openid: string | null, homeStoreId?: string): Promise<string> {
  const created = await a.api({ method: 'POST', url: '/api/v1/customers', payload: {
    name, phone: `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`, ...(homeStoreId ? { homeStoreId } : {}),
  } });
  if (created.statusCode !== 201) throw new Error(`customer: ${created.statusCode} ${created.body}`);
  const id = created.json().id as string;
  if (openid) await h.db.knex('customer_wechat_identities').insert({ tenant_id: a.tenantId, appid: binding.spAppid, openid, customer_id: id });
  return id;
}

let stock: { id: string; wechatStockId: string };

t.test('a no-charge stock is created at the sandbox, refused once the authorisation is withdrawn, and activated', async (t) => {
  const input = {
    name: '满30减5', chargeMode: 'no_charge', amountFen: 500, thresholdFen: 3000, maxCoupons: 10, maxPerUser: 1,
    beginAt: new Date(Date.now() - DAY).toISOString(), endAt: new Date(Date.now() + 30 * DAY).toISOString(),
  };
  const created = await a.api({ method: 'POST', url: `${api}/stocks`, payload: input });
  t.equal(created.statusCode, 201, created.body);
  stock = created.json();
  t.match(stock, { status: 'unactivated', wechatStockId: /^\d+$/ });

  await kit.sandbox.admin('PATCH', `/service-providers/${binding.spMchid}/sub-merchants/${subA}`, { noCashAuthorized: false });
  const refused = await a.api({ method: 'POST', url: `${api}/stocks`, payload: { ...input, name: '未授权' } });
  t.match([refused.statusCode, refused.json().code], [502, 'LS_WECHATPAY_REQUEST_FAILED'], 'WeChat has the last word on the authorisation');
  t.match((await a.api({ method: 'GET', url: `${api}/stocks?status=draft` })).json(), [{ name: '未授权', lastError: /^NO_AUTH/ }]);
  await kit.sandbox.admin('PATCH', `/service-providers/${binding.spMchid}/sub-merchants/${subA}`, { noCashAuthorized: true });

  const running = await a.api({ method: 'PATCH', url: `${api}/stocks/${stock.id}`, payload: { status: 'running' } });
  t.equal(running.json().status, 'running', running.body);
  t.match((await a.api({ method: 'POST', url: `${api}/stocks/${stock.id}/sync` })).json(), { status: 'running', distributedCoupons: 0, budgetLeftCoupons: 10 });
});

t.test('a send batch run twice gives each member one coupon', async (t) => {
  const ids = [await member('张三', 'oVoucherSend000000000000001'), await member('李四', 'oVoucherSend000000000000002'), await member('王五', null)];
  const queued = await a.api({ method: 'POST', url: `${api}/batches`, payload: { stockId: stock.id, customerIds: ids } });
  t.equal(queued.statusCode, 201, queued.statusCode === 201 ? 'queued' : queued.body);
  const batchId = queued.json().id as string;
  t.match(queued.json(), { status: 'queued', total: 3, pending: 3, progress: 0 });

  await kit.asPlugin(a, (ctx) => runSendBatch(ctx, { batchId }));
  const results = async () => (await a.api({ method: 'GET', url: `${api}/batches/${batchId}/recipients?_sort=id` })).json() as { customerId: string; status: string; couponId: string | null; errorCode: string | null }[];
  const first = await results();
  t.same(first.map((r) => r.status).sort(), ['sent', 'sent', 'skipped']);
  t.equal(first.find((r) => r.status === 'skipped')?.errorCode, 'NO_OPENID');

  // A crash that lost the run's commit: the members are pending again; the rerun sends the same numbers.
  await h.db.knex('plugin_wechat_voucher.send_recipients').where({ tenant_id: a.tenantId, batch_id: batchId }).update({ status: 'pending', coupon_id: null });
  await h.db.knex('plugin_wechat_voucher.send_batches').where({ tenant_id: a.tenantId, id: batchId }).update({ status: 'running' });
  await kit.asPlugin(a, (ctx) => runSendBatch(ctx, { batchId }));
  t.same((await results()).map((r) => r.couponId), first.map((r) => r.couponId), 'WeChat answered with the coupons it had sent');
  t.match((await a.api({ method: 'GET', url: `${api}/batches/${batchId}` })).json(), { status: 'done', sent: 2, skipped: 1, pending: 0, progress: 1 });
  t.match((await a.api({ method: 'POST', url: `${api}/stocks/${stock.id}/sync` })).json(), { distributedCoupons: 2, sentCount: 2, budgetLeftCoupons: 8 }, 'two coupons at WeChat, not four');
});

t.test('a segment: every member of a store, and only them', async (t) => {
  const inStore = [await member('赵六', 'oVoucherSeg000000000000001', a.storeIds[1]), await member('钱七', 'oVoucherSeg000000000000002', a.storeIds[1])];
  await member('孙八', 'oVoucherSeg000000000000003', a.storeIds[0]);
  const queued = await a.api({ method: 'POST', url: `${api}/batches`, payload: { stockId: stock.id, storeId: a.storeIds[1] } });
  t.equal(queued.statusCode, 201, queued.body);
  const recipients = (await a.api({ method: 'GET', url: `${api}/batches/${queued.json().id}/recipients` })).json() as { customerId: string }[];
  t.same(recipients.map((r) => r.customerId).sort(), [...inStore].sort());
  const both = await a.api({ method: 'POST', url: `${api}/batches`, payload: { stockId: stock.id, storeId: a.storeIds[1], customerIds: inStore } });
  t.equal(both.statusCode, 400, 'members or a segment, not both');
  const empty = await a.api({ method: 'POST', url: `${api}/batches`, payload: { stockId: stock.id, storeId: '00000000-0000-7000-8000-000000000000' } });
  t.match([empty.statusCode, empty.json().code], [400, 'LS_WECHAT_VOUCHER_NO_RECIPIENTS']);
});

t.test('a voucher WeChat applies in a till payment is one use, from the paid order and COUPON.USE; a refund takes its share back', async (t) => {
  const openid = 'oVoucherPayer00000000000001';
  // Sent straight through the SDK, so this test does not depend on the members' identities.
  await kit.asPlugin(a, async (ctx) => sendFavorCoupon(await ctx.kernel.wechatpay.client(), openid, {
    stock_id: stock.wechatStockId, out_request_no: 'TEST-DIRECT-SEND-1', appid: binding.spAppid,
  }));
  const code = (await kit.sandbox.admin('POST', '/payment-codes', { openid, outcome: 'success' })).json().authCode as string;
  await kit.startWorkers();
  const sale = await h.as(a.cashierToken)({ method: 'POST', url: '/api/v1/pos/orders', payload: {
    clientOrderId: 'voucher-sale-1', storeId: a.storeIds[0], lines: [{ skuId: a.skus.chips.id, quantity: 3 }],
    tenders: [{ method: 'wechatpay', amountFen: 3750, data: { authCode: code } }],
  } });
  t.equal(sale.statusCode, 201, sale.statusCode === 201 ? 'sold' : sale.body);
  const order = sale.json();
  t.match(order.adjustments, [{ source: 'wechatpay', data: { stockId: stock.wechatStockId, amountFen: 500 } }], 'WeChat applied the voucher');

  const uses = () => a.api({ method: 'GET', url: `${api}/uses?stockId=${stock.id}` }).then((res) => res.json() as { fromOrder: boolean; notified: boolean; orderId: string; amountFen: number; refundedFen: number }[]);
  const recorded = await eventually(uses, (list) => list.length === 1 && list[0]!.fromOrder && list[0]!.notified);
  t.match(recorded, [{ orderId: order.id, amountFen: 500, fromOrder: true, notified: true, refundedFen: 0 }], 'one use, learned twice');
  t.match((await a.api({ method: 'GET', url: `${api}/stocks/${stock.id}` })).json(), { usedCount: 1, usedAmountFen: 500 });

  const refund = await a.api({ method: 'POST', url: `/api/v1/orders/${order.id}/refunds`, payload: { lines: [{ lineId: order.lines[0].id, quantity: 3 }], reason: '顾客退货' } });
  t.equal(refund.statusCode, 201, refund.statusCode === 201 ? 'refunded' : refund.body);
  const refunded = await eventually(uses, (list) => list[0]?.refundedFen === 500);
  t.match(refunded, [{ refundedFen: 500 }], 'the whole discount went back with the whole order');
  t.match((await a.api({ method: 'GET', url: `${api}/stocks/${stock.id}` })).json(), { usedCount: 1, refundedFen: 500 }, 'the coupon stays used: WeChat does not give it back on a refund');
});

t.test('a partial refund takes back the voucher\'s share of it, as WeChat reckons it', async (t) => {
  const openid = 'oVoucherPayer00000000000002';
  await kit.asPlugin(a, async (ctx) => sendFavorCoupon(await ctx.kernel.wechatpay.client(), openid, {
    stock_id: stock.wechatStockId, out_request_no: 'TEST-DIRECT-SEND-2', appid: binding.spAppid,
  }));
  const code = (await kit.sandbox.admin('POST', '/payment-codes', { openid, outcome: 'success' })).json().authCode as string;
  const sale = await h.as(a.cashierToken)({ method: 'POST', url: '/api/v1/pos/orders', payload: {
    clientOrderId: 'voucher-sale-2', storeId: a.storeIds[0], lines: [{ skuId: a.skus.chips.id, quantity: 3 }],
    tenders: [{ method: 'wechatpay', amountFen: 3750, data: { authCode: code } }],
  } });
  t.equal(sale.statusCode, 201, sale.statusCode === 201 ? 'sold' : sale.body);
  const order = sale.json();
  const use = () => a.api({ method: 'GET', url: `${api}/uses?stockId=${stock.id}` })
    .then((res) => (res.json() as { orderId: string; refundedFen: number }[]).find((u) => u.orderId === order.id));
  t.ok(await eventually(use, (found) => found !== undefined), 'recorded');
  const refund = await a.api({ method: 'POST', url: `/api/v1/orders/${order.id}/refunds`, payload: { lines: [{ lineId: order.lines[0].id, quantity: 1 }], reason: '退一件' } });
  t.equal(refund.statusCode, 201, refund.statusCode === 201 ? 'refunded' : refund.body);
  t.match(await eventually(use, (found) => (found?.refundedFen ?? 0) > 0), { refundedFen: 166 }, 'a third of the order: a third of 500 fen, rounded down');
  t.match((await a.api({ method: 'GET', url: `${api}/stocks/${stock.id}` })).json(), { usedCount: 2, usedAmountFen: 1000, refundedFen: 666 });
});
