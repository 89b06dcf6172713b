/**
 * Partner payments in the sandbox: JSAPI prepay and its idempotency, the confirm-payment page,
 * auto-pay, payment codes by prefix (success, user paying, not enough, never completes),
 * query, close, reverse, and answers signed in public-key mode.
 */
import t from 'tap';
import { rsaVerify, responseMessage } from './wire.ts';
import { PREFIX, eventually, openNotification, startReceiver, startSandbox, verifyAnswer, type Credentials, type Sandbox } from './sandbox.testing.ts';

function jsapi(credentials: Credentials, outTradeNo: string, extra: Record<string, unknown> = {}) {
  return {
    sp_appid: credentials.spAppid, sp_mchid: credentials.spMchid, sub_mchid: credentials.subMerchants[0]!.subMchid,
    description: '零售-矿泉水', out_trade_no: outTradeNo, notify_url: 'http://127.0.0.1:9/notify', amount: { total: 200, currency: 'CNY' },
    payer: { sp_openid: 'oPaymentsTestOpenid00000001' }, ...extra,
  };
}

function codepayBody(credentials: Credentials, outTradeNo: string, authCode: string, total = 1000) {
  return {
    sp_mchid: credentials.spMchid, sub_mchid: credentials.subMerchants[0]!.subMchid, description: '门店收银', out_trade_no: outTradeNo,
    payer: { auth_code: authCode }, amount: { total, currency: 'CNY' }, scene_info: { device_id: 'POS-01', store_info: { out_id: 'store-1' } },
  };
}

const query = (credentials: Credentials, outTradeNo: string) =>
  `/v3/pay/partner/transactions/out-trade-no/${outTradeNo}?sp_mchid=${credentials.spMchid}&sub_mchid=${credentials.subMerchants[0]!.subMchid}`;
const spSub = (credentials: Credentials) => ({ sp_mchid: credentials.spMchid, sub_mchid: credentials.subMerchants[0]!.subMchid });

t.test('payments', async (t) => {
  const sandbox: Sandbox = await startSandbox({ userPayingMs: 60_000_000 });
  t.teardown(() => sandbox.close());
  const credentials = await sandbox.provision({ subMerchants: [{ name: '<b>便利店</b> & 水果' }, { name: '另一家' }] });

  await t.test('JSAPI prepay: the same request gets the same prepay_id, a different one OUT_TRADE_NO_USED', async (t) => {
    const first = await sandbox.call(credentials, 'POST', '/v3/pay/partner/transactions/jsapi', jsapi(credentials, 'JS00000001'));
    t.equal(first.status, 200, first.raw);
    t.ok(verifyAnswer(credentials, first), 'signed');
    const again = await sandbox.call(credentials, 'POST', '/v3/pay/partner/transactions/jsapi', jsapi(credentials, 'JS00000001'));
    t.strictSame(again.json, first.json);
    const changed = await sandbox.call(credentials, 'POST', '/v3/pay/partner/transactions/jsapi', jsapi(credentials, 'JS00000001', { amount: { total: 201 } }));
    t.equal(changed.status, 403);
    t.strictSame(changed.json, { code: 'OUT_TRADE_NO_USED', message: '商户订单号重复' });
  });

  await t.test('JSAPI prepay refuses what WeChat refuses', async (t) => {
    const stranger = await sandbox.call(credentials, 'POST', '/v3/pay/partner/transactions/jsapi', jsapi(credentials, 'JS00000002', { sub_mchid: '1999999999' }));
    t.match([stranger.status, stranger.json.code], [400, 'INVALID_REQUEST'], 'a sub-merchant of no relation');
    const otherSp = await sandbox.call(credentials, 'POST', '/v3/pay/partner/transactions/jsapi', jsapi(credentials, 'JS00000002', { sp_mchid: '1600000000' }));
    t.match([otherSp.status, otherSp.json.code], [400, 'INVALID_REQUEST'], 'sp_mchid not the signer');
    const noPayer = await sandbox.call(credentials, 'POST', '/v3/pay/partner/transactions/jsapi', jsapi(credentials, 'JS00000002', { payer: {} }));
    t.match([noPayer.status, noPayer.json.code], [400, 'PARAM_ERROR'], 'no openid');
    const text = await sandbox.call(credentials, 'POST', '/v3/pay/partner/transactions/jsapi', jsapi(credentials, 'JS00000002', { amount: { total: '200' } }));
    t.match([text.status, text.json.code], [400, 'PARAM_ERROR'], 'a string amount');
    t.ok(verifyAnswer(credentials, text), 'errors are signed');
    const late = await sandbox.call(credentials, 'POST', '/v3/pay/partner/transactions/jsapi', jsapi(credentials, 'JS00000002', { time_expire: '2020-01-01T00:00:00+08:00' }));
    t.match([late.status, late.json.code], [400, 'PARAM_ERROR'], 'time_expire in the past');
  });

  await t.test('the confirm-payment page pays and goes back to the mall', async (t) => {
    const receiver = await startReceiver();
    t.teardown(() => receiver.close());
    const created = await sandbox.call(credentials, 'POST', '/v3/pay/partner/transactions/jsapi',
      jsapi(credentials, 'JS00000003', { description: '<script>alert(1)</script>', notify_url: receiver.url, amount: { total: 1999 } }));
    const prepayId = created.json.prepay_id as string;
    const page = await sandbox.app.inject({ method: 'GET', url: `${PREFIX}/pay/${prepayId}?return_url=${encodeURIComponent('https://mall.example/#/order/7')}` });
    t.equal(page.statusCode, 200);
    t.match(page.headers['content-type'], /text\/html/);
    t.match(page.headers['content-security-policy'], /default-src 'none'/);
    t.match(page.body, /¥19\.99/);
    t.match(page.body, /&lt;b&gt;便利店&lt;\/b&gt; &amp; 水果/, 'the merchant name, escaped');
    t.notMatch(page.body, /<script>/, 'merchant text never becomes markup');
    t.match(page.body, /确认支付/);

    const confirm = await sandbox.app.inject({
      method: 'POST', url: `${PREFIX}/pay/${prepayId}`, headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `return_url=${encodeURIComponent('https://mall.example/#/order/7')}`,
    });
    t.equal(confirm.statusCode, 303);
    t.equal(confirm.headers.location, 'https://mall.example/#/order/7');

    const paid = await sandbox.call(credentials, 'GET', query(credentials, 'JS00000003'));
    t.match(paid.json, { trade_state: 'SUCCESS', trade_state_desc: '支付成功', trade_type: 'JSAPI', amount: { total: 1999, payer_total: 1999 } });
    t.match(paid.json.transaction_id, /^4200\d{24}$/);
    t.match(paid.json.success_time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
    const [delivery] = await receiver.waitFor(1);
    t.equal(openNotification(delivery!.raw, credentials.apiv3Key).resource.transaction_id, paid.json.transaction_id);

    const byId = await sandbox.call(credentials, 'GET', `/v3/pay/partner/transactions/id/${String(paid.json.transaction_id)}?sp_mchid=${credentials.spMchid}&sub_mchid=${credentials.subMerchants[0]!.subMchid}`);
    t.strictSame(byId.json, paid.json, 'the same transaction by transaction_id');

    const twice = await sandbox.app.inject({ method: 'POST', url: `${PREFIX}/pay/${prepayId}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'return_url=javascript%3Aalert(1)' });
    t.equal(twice.statusCode, 409, 'paying twice is refused');
    t.match(twice.body, /已支付/);
    t.notMatch(twice.body, /javascript:/, 'a javascript: return_url is dropped');
    const again = await sandbox.admin('POST', `/prepays/${prepayId}/pay`);
    t.match([again.statusCode, again.json().code], [409, 'LS_WXSANDBOX_NOT_PAYABLE']);
    const repeat = await sandbox.call(credentials, 'POST', '/v3/pay/partner/transactions/jsapi',
      jsapi(credentials, 'JS00000003', { description: '<script>alert(1)</script>', notify_url: receiver.url, amount: { total: 1999 } }));
    t.match([repeat.status, repeat.json.code], [400, 'ORDERPAID'], 'prepaying a paid order');
    const close = await sandbox.call(credentials, 'POST', '/v3/pay/partner/transactions/out-trade-no/JS00000003/close', spSub(credentials));
    t.match([close.status, close.json.code], [400, 'ORDERPAID'], 'closing a paid order');
    const unknown = await sandbox.app.inject({ method: 'GET', url: `${PREFIX}/pay/wxNOSUCHPREPAY` });
    t.equal(unknown.statusCode, 404);
  });

  await t.test('two payments of one prepay at once: one wins, one notification', async (t) => {
    const receiver = await startReceiver();
    t.teardown(() => receiver.close());
    const created = await sandbox.call(credentials, 'POST', '/v3/pay/partner/transactions/jsapi', jsapi(credentials, 'JS00000004', { notify_url: receiver.url }));
    const results = await Promise.all([1, 2, 3].map(() => sandbox.admin('POST', `/prepays/${created.json.prepay_id as string}/pay`)));
    t.strictSame(results.map((r) => r.statusCode).sort(), [200, 409, 409]);
    await receiver.waitFor(1);
    const listed = await sandbox.admin('GET', `/notifications?subject=${(results.find((r) => r.statusCode === 200)!.json() as { transaction_id: string }).transaction_id}`);
    t.equal((listed.json() as unknown[]).length, 1);
  });

  await t.test('close: NOTPAY becomes CLOSED, twice is fine, and it can no longer be paid', async (t) => {
    const created = await sandbox.call(credentials, 'POST', '/v3/pay/partner/transactions/jsapi', jsapi(credentials, 'JS00000005'));
    const closed = await sandbox.call(credentials, 'POST', '/v3/pay/partner/transactions/out-trade-no/JS00000005/close', spSub(credentials));
    t.equal(closed.status, 204);
    t.equal(closed.raw, '');
    t.ok(verifyAnswer(credentials, closed), 'a 204 is signed over an empty body');
    t.equal((await sandbox.call(credentials, 'POST', '/v3/pay/partner/transactions/out-trade-no/JS00000005/close', spSub(credentials))).status, 204);
    t.equal((await sandbox.call(credentials, 'GET', query(credentials, 'JS00000005'))).json.trade_state, 'CLOSED');
    const pay = await sandbox.admin('POST', `/prepays/${created.json.prepay_id as string}/pay`);
    t.equal(pay.statusCode, 409);
    const page = await sandbox.app.inject({ method: 'GET', url: `${PREFIX}/pay/${created.json.prepay_id as string}` });
    t.match(page.body, /订单已关闭/);
    t.notMatch(page.body, /确认支付/);
    const reprepay = await sandbox.call(credentials, 'POST', '/v3/pay/partner/transactions/jsapi', jsapi(credentials, 'JS00000005'));
    t.match([reprepay.status, reprepay.json.code], [400, 'ORDER_CLOSED']);
    const missing = await sandbox.call(credentials, 'POST', '/v3/pay/partner/transactions/out-trade-no/JS99999999/close', spSub(credentials));
    t.match([missing.status, missing.json.code], [404, 'ORDER_NOT_EXIST']);
  });

  await t.test('payment codes by prefix', async (t) => {
    const pay = (outTradeNo: string, code: string) => sandbox.call(credentials, 'POST', '/v3/pay/partner/transactions/codepay', codepayBody(credentials, outTradeNo, code));

    const ok = await pay('CP00000001', '130000000000000001');
    t.equal(ok.status, 200, '130… succeeds at once');
    t.match(ok.json, { trade_state: 'SUCCESS', trade_type: 'MICROPAY', amount: { total: 1000, payer_total: 1000 }, scene_info: { device_id: 'POS-01' } });
    t.ok(verifyAnswer(credentials, ok));
    t.strictSame((await pay('CP00000001', '130000000000000001')).json, ok.json, 'a repeat answers the same');
    t.match((await pay('CP00000001', '130000000000000002')).json, { code: 'OUT_TRADE_NO_USED' }, 'another code under the same out_trade_no');
    t.equal((await pay('CP00000009', '134111122223333444')).json.trade_state, 'SUCCESS', 'any other valid code succeeds');

    const waiting = await pay('CP00000002', '131000000000000001');
    t.strictSame([waiting.status, waiting.json], [202, { code: 'USERPAYING', message: '用户支付中，需要输入密码' }], '131… is USERPAYING');
    t.ok(verifyAnswer(credentials, waiting));
    t.equal((await sandbox.call(credentials, 'GET', query(credentials, 'CP00000002'))).json.trade_state, 'USERPAYING', 'first query: still paying');
    const done = await sandbox.call(credentials, 'GET', query(credentials, 'CP00000002'));
    t.match(done.json, { trade_state: 'SUCCESS', amount: { payer_total: 1000 } }, 'second query: paid');

    const broke = await pay('CP00000003', '132000000000000001');
    t.strictSame([broke.status, broke.json], [403, { code: 'NOTENOUGH', message: '余额不足' }], '132… is NOTENOUGH');
    t.equal((await sandbox.call(credentials, 'GET', query(credentials, 'CP00000003'))).json.trade_state, 'PAYERROR');

    const stuck = await pay('CP00000004', '133000000000000001');
    t.equal(stuck.status, 202, '133… is USERPAYING …');
    for (let i = 0; i < 3; i++) t.equal((await sandbox.call(credentials, 'GET', query(credentials, 'CP00000004'))).json.trade_state, 'USERPAYING', '… and stays so');
    const reversed = await sandbox.call(credentials, 'POST', '/v3/pay/partner/transactions/out-trade-no/CP00000004/reverse', spSub(credentials));
    t.strictSame([reversed.status, reversed.json], [200, { ...spSub(credentials), out_trade_no: 'CP00000004' }], 'the till reverses it');
    t.equal((await sandbox.call(credentials, 'GET', query(credentials, 'CP00000004'))).json.trade_state, 'REVOKED');
    t.equal((await sandbox.call(credentials, 'POST', '/v3/pay/partner/transactions/out-trade-no/CP00000004/reverse', spSub(credentials))).status, 200, 'reversing twice is fine');
    t.match((await pay('CP00000004', '133000000000000001')).json, { code: 'INVALID_REQUEST' }, 'a revoked order does not come back');

    const paidThenReversed = await sandbox.call(credentials, 'POST', '/v3/pay/partner/transactions/out-trade-no/CP00000001/reverse', spSub(credentials));
    t.equal(paidThenReversed.status, 200, 'a paid payment-code order can be reversed (the money goes back)');
    const notCodepay = await sandbox.call(credentials, 'POST', '/v3/pay/partner/transactions/out-trade-no/JS00000001/reverse', spSub(credentials));
    t.match([notCodepay.status, notCodepay.json.code], [400, 'INVALID_REQUEST'], 'JSAPI orders are closed, not reversed');

    const invalid = await pay('CP00000005', '990000000000000001');
    t.match([invalid.status, invalid.json.code], [400, 'PARAM_ERROR'], 'not a WeChat payment code');
    const noStore = await sandbox.call(credentials, 'POST', '/v3/pay/partner/transactions/codepay', { ...codepayBody(credentials, 'CP00000006', '130000000000000003'), scene_info: { store_info: {} } });
    t.match([noStore.status, noStore.json.code], [400, 'PARAM_ERROR'], 'store_info needs id or out_id');
  });

  await t.test('a "user paying" code also completes on its own after the (scaled) wait', async (t) => {
    const quick = await startSandbox({ userPayingMs: 10_000, userPayingQueries: 100 });
    t.teardown(() => quick.close());
    const merchant = await quick.provision();
    const waiting = await quick.call(merchant, 'POST', '/v3/pay/partner/transactions/codepay', codepayBody(merchant, 'CP00000007', '131000000000000002'));
    t.equal(waiting.status, 202);
    const state = await eventually(async () => {
      const answer = await quick.call(merchant, 'GET', query(merchant, 'CP00000007'));
      return answer.json.trade_state === 'SUCCESS' ? answer.json.trade_state : null;
    });
    t.equal(state, 'SUCCESS', '10 s × 1/1000');
  });

  await t.test('admin payment codes carry the customer and the outcome', async (t) => {
    const issued = await sandbox.admin('POST', '/payment-codes', { openid: 'oCustomerWithCode000000001', outcome: 'not-enough' });
    t.equal(issued.statusCode, 201);
    const { authCode } = issued.json() as { authCode: string };
    t.match(authCode, /^132\d{15}$/);
    const answer = await sandbox.call(credentials, 'POST', '/v3/pay/partner/transactions/codepay', codepayBody(credentials, 'CP00000008', authCode));
    t.equal(answer.json.code, 'NOTENOUGH');
    const fine = (await sandbox.admin('POST', '/payment-codes', { openid: 'oCustomerWithCode000000001' })).json() as { authCode: string };
    const paid = await sandbox.call(credentials, 'POST', '/v3/pay/partner/transactions/codepay', codepayBody(credentials, 'CP00000010', fine.authCode));
    t.match(paid.json, { trade_state: 'SUCCESS', payer: { sp_openid: 'oCustomerWithCode000000001' } });
  });

  await t.test('time_expire passed: the payment can no longer be made', async (t) => {
    const soon = new Date(Date.now() + 1500).toISOString().replace('Z', '+00:00');
    const created = await sandbox.call(credentials, 'POST', '/v3/pay/partner/transactions/jsapi', jsapi(credentials, 'JS00000006', { time_expire: soon }));
    t.equal(created.status, 200, created.raw);
    await new Promise((resolve) => setTimeout(resolve, 1600));
    const pay = await sandbox.admin('POST', `/prepays/${created.json.prepay_id as string}/pay`);
    t.match([pay.statusCode, pay.json().code], [409, 'LS_WXSANDBOX_NOT_PAYABLE']);
  });
});

t.test('auto-pay and public-key mode', async (t) => {
  const sandbox = await startSandbox({ autoPay: { delayMs: 5 } });
  t.teardown(() => sandbox.close());
  const credentials = await sandbox.provision({ verifyMode: 'public_key' });
  const receiver = await startReceiver();
  t.teardown(() => receiver.close());

  const created = await sandbox.call(credentials, 'POST', '/v3/pay/partner/transactions/jsapi', jsapi(credentials, 'AUTO000001', { notify_url: receiver.url }));
  t.equal(created.status, 200);
  t.equal(created.headers['wechatpay-serial'], credentials.wechatpayPublicKeyId, 'Wechatpay-Serial is the public key id');
  t.match(credentials.wechatpayPublicKeyId, /^PUB_KEY_ID_\d+$/);
  t.ok(verifyAnswer(credentials, created), 'verifies with the WeChat Pay public key');
  const message = responseMessage(String(created.headers['wechatpay-timestamp']), String(created.headers['wechatpay-nonce']), created.raw);
  t.notOk(rsaVerify(message, String(created.headers['wechatpay-signature']), credentials.platformCertificate), 'and not with the platform certificate: the serial picks the key');

  const [delivery] = await receiver.waitFor(1);
  t.equal(delivery!.headers['wechatpay-serial'], credentials.wechatpayPublicKeyId, 'notifications too');
  t.ok(verifyAnswer(credentials, { headers: delivery!.headers, raw: delivery!.raw }));
  t.equal(openNotification(delivery!.raw, credentials.apiv3Key).resource.out_trade_no, 'AUTO000001', 'auto-pay paid it');

  const certificates = await sandbox.call(credentials, 'GET', '/v3/certificates');
  t.equal(certificates.status, 200, 'the platform certificate is still served in public-key mode');
});
