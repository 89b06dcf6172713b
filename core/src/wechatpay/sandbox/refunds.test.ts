/**
 * Refunds in the sandbox: PROCESSING then SUCCESS with REFUND.SUCCESS, partial refunds up to the
 * total, the same out_refund_no is the same refund, and what WeChat refuses.
 */
import t from 'tap';
import { eventually, openNotification, startReceiver, startSandbox, verifyAnswer } from './sandbox.testing.ts';

t.test('refunds', async (t) => {
  const sandbox = await startSandbox();
  t.teardown(() => sandbox.close());
  const credentials = await sandbox.provision();
  const sub = credentials.subMerchants[0]!.subMchid;
  const receiver = await startReceiver();
  t.teardown(() => receiver.close());

  const paidOrder = async (outTradeNo: string, total: number) => {
    const authCode = `130${String(Date.now()).slice(-8)}${outTradeNo.slice(-7).padStart(7, '0')}`;
    const answer = await sandbox.call(credentials, 'POST', '/v3/pay/partner/transactions/codepay', {
      sp_mchid: credentials.spMchid, sub_mchid: sub, description: '退款测试', out_trade_no: outTradeNo,
      payer: { auth_code: authCode }, amount: { total }, scene_info: { store_info: { id: '0001' } },
    });
    if (answer.status !== 200) throw new Error(answer.raw);
    return answer.json;
  };
  const refund = (outRefundNo: string, body: Record<string, unknown>) => sandbox.call(credentials, 'POST', '/v3/refund/domestic/refunds', {
    sub_mchid: sub, out_refund_no: outRefundNo, reason: '顾客退货', notify_url: receiver.url, ...body,
  });
  const queryRefund = (outRefundNo: string) => sandbox.call(credentials, 'GET', `/v3/refund/domestic/refunds/${outRefundNo}?sub_mchid=${sub}`);

  await t.test('a partial refund: PROCESSING, then SUCCESS and REFUND.SUCCESS', async (t) => {
    const paid = await paidOrder('RF00000001', 1000);
    const answer = await refund('RFR0000001', { out_trade_no: 'RF00000001', amount: { refund: 300, total: 1000, currency: 'CNY' } });
    t.equal(answer.status, 200, answer.raw);
    t.ok(verifyAnswer(credentials, answer));
    t.match(answer.json, {
      out_refund_no: 'RFR0000001', transaction_id: paid.transaction_id, out_trade_no: 'RF00000001', status: 'PROCESSING', channel: 'ORIGINAL',
      amount: { total: 1000, refund: 300, payer_total: 1000, payer_refund: 300, settlement_refund: 300, settlement_total: 1000, discount_refund: 0, currency: 'CNY' },
      promotion_detail: [],
    });
    t.match(answer.json.refund_id, /^50\d{27}$/);
    const [delivery] = await receiver.waitFor(1);
    const { body, resource } = openNotification(delivery!.raw, credentials.apiv3Key);
    t.match(body, { event_type: 'REFUND.SUCCESS', summary: '退款成功', resource: { original_type: 'refund', associated_data: 'refund' } });
    t.match(resource, {
      sp_mchid: credentials.spMchid, sub_mchid: sub, out_trade_no: 'RF00000001', out_refund_no: 'RFR0000001', refund_id: answer.json.refund_id,
      refund_status: 'SUCCESS', amount: { total: 1000, refund: 300, payer_total: 1000, payer_refund: 300 },
    });
    const queried = await eventually(async () => {
      const q = await queryRefund('RFR0000001');
      return q.json.status === 'SUCCESS' ? q : null;
    });
    t.match(queried.json.success_time, /\+08:00$/);
    const order = await sandbox.call(credentials, 'GET', `/v3/pay/partner/transactions/out-trade-no/RF00000001?sp_mchid=${credentials.spMchid}&sub_mchid=${sub}`);
    t.equal(order.json.trade_state, 'REFUND', 'the order shows 转入退款');
  });

  await t.test('the same out_refund_no is the same refund; different content is refused', async (t) => {
    await paidOrder('RF00000002', 500);
    const body = { out_trade_no: 'RF00000002', amount: { refund: 100, total: 500, currency: 'CNY' } };
    const first = await refund('RFR0000002', body);
    const again = await refund('RFR0000002', body);
    t.equal(again.json.refund_id, first.json.refund_id);
    const changed = await refund('RFR0000002', { ...body, amount: { refund: 200, total: 500, currency: 'CNY' } });
    t.match([changed.status, changed.json.code], [400, 'INVALID_REQUEST']);
    const concurrent = await Promise.all([1, 2, 3].map(() => refund('RFR0000003', { out_trade_no: 'RF00000002', amount: { refund: 50, total: 500, currency: 'CNY' } })));
    t.equal(new Set(concurrent.map((a) => a.json.refund_id)).size, 1, 'concurrent retries make one refund');
  });

  await t.test('refunds add up to the total at most', async (t) => {
    const paid = await paidOrder('RF00000004', 800);
    t.equal((await refund('RFR0000004', { transaction_id: paid.transaction_id, amount: { refund: 500, total: 800, currency: 'CNY' } })).status, 200, 'by transaction_id');
    const over = await refund('RFR0000005', { out_trade_no: 'RF00000004', amount: { refund: 301, total: 800, currency: 'CNY' } });
    t.match([over.status, over.json.code], [400, 'INVALID_REQUEST']);
    t.equal((await refund('RFR0000006', { out_trade_no: 'RF00000004', amount: { refund: 300, total: 800, currency: 'CNY' } })).status, 200, 'exactly the rest');
    const wrongTotal = await refund('RFR0000007', { out_trade_no: 'RF00000004', amount: { refund: 1, total: 900, currency: 'CNY' } });
    t.match([wrongTotal.status, wrongTotal.json.code], [400, 'PARAM_ERROR'], 'amount.total must be the order total');
  });

  await t.test('what cannot be refunded', async (t) => {
    await sandbox.call(credentials, 'POST', '/v3/pay/partner/transactions/jsapi', {
      sp_appid: credentials.spAppid, sp_mchid: credentials.spMchid, sub_mchid: sub, description: '未付', out_trade_no: 'RF00000009',
      notify_url: receiver.url, amount: { total: 100 }, payer: { sp_openid: 'oRefundOpenid0000000000001' },
    });
    const unpaid = await refund('RFR0000009', { out_trade_no: 'RF00000009', amount: { refund: 100, total: 100, currency: 'CNY' } });
    t.match([unpaid.status, unpaid.json.code], [400, 'INVALID_REQUEST'], 'an unpaid order');
    const missing = await refund('RFR0000010', { out_trade_no: 'RF99999999', amount: { refund: 100, total: 100, currency: 'CNY' } });
    t.match([missing.status, missing.json.code], [404, 'RESOURCE_NOT_EXISTS'], 'an unknown order');
    const neither = await refund('RFR0000011', { amount: { refund: 100, total: 100, currency: 'CNY' } });
    t.match([neither.status, neither.json.code], [400, 'PARAM_ERROR'], 'no order named');
    const unknownRefund = await queryRefund('RFR9999999');
    t.match([unknownRefund.status, unknownRefund.json.code], [404, 'RESOURCE_NOT_EXISTS']);
  });
});
