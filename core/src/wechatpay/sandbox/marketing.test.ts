/**
 * Marketing in the sandbox: 代金券 (favor) stocks and sending, vouchers redeemed inside a payment
 * (promotion_detail, COUPON.USE, refunds giving the discount back), and 商家券 (busifavor)
 * stocks, budget, the send-coupon plugin's claim (APIv2 sign, COUPON.SEND), use, return, deactivate.
 */
import t from 'tap';
import { v2HmacSign } from './wire.ts';
import { PREFIX, openNotification, startReceiver, startSandbox, verifyAnswer, type Credentials } from './sandbox.testing.ts';

const iso = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString().replace(/\.\d+Z$/, '+00:00');
const DAY = 24 * 3600_000;

function favorStock(credentials: Credentials, outRequestNo: string, extra: Record<string, unknown> = {}, rule: Record<string, unknown> = {}) {
  return {
    stock_name: '满20减5', comment: '沙箱测试', belong_merchant: credentials.subMerchants[0]!.subMchid,
    available_begin_time: iso(-DAY), available_end_time: iso(30 * DAY),
    stock_use_rule: { max_coupons: 3, max_amount: 1500, max_coupons_per_user: 2, natural_person_limit: false, prevent_api_abuse: false },
    coupon_use_rule: { fixed_normal_coupon: { coupon_amount: 500, transaction_minimum: 2000 }, available_merchants: [credentials.subMerchants[0]!.subMchid], ...rule },
    no_cash: true, stock_type: 'NORMAL', out_request_no: outRequestNo, ...extra,
  };
}

t.test('代金券 (favor) vouchers', async (t) => {
  const sandbox = await startSandbox();
  t.teardown(() => sandbox.close());
  const credentials = await sandbox.provision();
  const sub = credentials.subMerchants[0]!.subMchid;
  const sp = credentials.spMchid;
  const receiver = await startReceiver();
  t.teardown(() => receiver.close());
  const post = (path: string, body: unknown) => sandbox.call(credentials, 'POST', path, body);
  const send = (stockId: string, openid: string, outRequestNo: string) =>
    post(`/v3/marketing/favor/users/${openid}/coupons`, { stock_id: stockId, out_request_no: outRequestNo, appid: credentials.spAppid, stock_creator_mchid: sp });

  let stockId = '';
  await t.test('a stock is created unactivated, started, paused and restarted', async (t) => {
    // One body for both: its times are to the second, and two bodies built a moment apart may differ.
    const body = favorStock(credentials, 'FS-0001');
    const created = await post('/v3/marketing/favor/coupon-stocks', body);
    t.equal(created.status, 200, created.raw);
    t.ok(verifyAnswer(credentials, created));
    stockId = created.json.stock_id as string;
    t.strictSame((await post('/v3/marketing/favor/coupon-stocks', body)).json, created.json, 'out_request_no makes creation idempotent');
    t.equal((await post('/v3/marketing/favor/coupon-stocks', favorStock(credentials, 'FS-0001', { stock_name: '别的' }))).status, 400, 'but not for another stock');

    t.match((await send(stockId, 'oFavorUser0000000000000001', 'SEND-0')).json, { code: 'INVALID_REQUEST' }, 'nothing is sent before the start');
    const started = await post(`/v3/marketing/favor/stocks/${stockId}/start`, { stock_creator_mchid: sp });
    t.match(started.json, { stock_id: stockId, start_time: /\+08:00$/ });
    t.strictSame((await post(`/v3/marketing/favor/stocks/${stockId}/start`, { stock_creator_mchid: sp })).json, started.json, 'starting twice answers the same');
    t.match((await post(`/v3/marketing/favor/stocks/${stockId}/restart`, { stock_creator_mchid: sp })).json, { code: 'INVALID_REQUEST' }, 'a running stock is not restarted');
    t.match((await post(`/v3/marketing/favor/stocks/${stockId}/pause`, { stock_creator_mchid: sp })).json, { pause_time: /\+08:00$/ });
    t.match((await send(stockId, 'oFavorUser0000000000000001', 'SEND-0')).json, { code: 'INVALID_REQUEST' }, 'nothing is sent while paused');
    t.match((await post(`/v3/marketing/favor/stocks/${stockId}/restart`, { stock_creator_mchid: sp })).json, { restart_time: /\+08:00$/ });
    const stock = await sandbox.call(credentials, 'GET', `/v3/marketing/favor/stocks/${stockId}?stock_creator_mchid=${sp}`);
    t.match(stock.json, {
      stock_id: stockId, stock_creator_mchid: sp, status: 'running', no_cash: true, distributed_coupons: 0,
      stock_use_rule: { max_coupons: 3, max_amount: 1500, fixed_normal_coupon: { coupon_amount: 500, transaction_minimum: 2000 } },
    });
  });

  let couponId = '';
  await t.test('coupons are sent to an openid within the stock limits', async (t) => {
    const first = await send(stockId, 'oFavorUser0000000000000001', 'SEND-1');
    t.equal(first.status, 200, first.raw);
    couponId = first.json.coupon_id as string;
    t.strictSame((await send(stockId, 'oFavorUser0000000000000001', 'SEND-1')).json, first.json, 'the same out_request_no is the same coupon');
    t.equal((await send(stockId, 'oFavorUser0000000000000001', 'SEND-2')).status, 200);
    t.match((await send(stockId, 'oFavorUser0000000000000001', 'SEND-3')).json, { code: 'RULE_LIMIT' }, 'max_coupons_per_user');
    t.equal((await send(stockId, 'oFavorUser0000000000000002', 'SEND-4')).status, 200);
    t.match((await send(stockId, 'oFavorUser0000000000000003', 'SEND-5')).json, { code: 'RULE_LIMIT' }, 'max_coupons: the budget is used up');
    const coupon = await sandbox.call(credentials, 'GET', `/v3/marketing/favor/users/oFavorUser0000000000000001/coupons/${couponId}?appid=${credentials.spAppid}`);
    t.match(coupon.json, { coupon_id: couponId, stock_id: stockId, status: 'SENDED', no_cash: true, normal_coupon_information: { coupon_amount: 500, transaction_minimum: 2000 } });
    const list = await sandbox.call(credentials, 'GET', `/v3/marketing/favor/users/oFavorUser0000000000000001/coupons?appid=${credentials.spAppid}&stock_id=${stockId}`);
    t.equal(list.json.total_count, 2);
    t.equal((await sandbox.call(credentials, 'GET', `/v3/marketing/favor/stocks/${stockId}?stock_creator_mchid=${sp}`)).json.distributed_coupons, 3);
  });

  await t.test('免充值 needs the sub-merchant authorisation', async (t) => {
    const patched = await sandbox.admin('PATCH', `/service-providers/${sp}/sub-merchants/${sub}`, { noCashAuthorized: false });
    t.equal(patched.json().noCashAuthorized, false);
    const refused = await post('/v3/marketing/favor/coupon-stocks', favorStock(credentials, 'FS-0002'));
    t.match([refused.status, refused.json.code], [403, 'NO_AUTH']);
    t.equal((await post('/v3/marketing/favor/coupon-stocks', favorStock(credentials, 'FS-0003', { no_cash: false }))).status, 200, '预充值 does not');
    await sandbox.admin('PATCH', `/service-providers/${sp}/sub-merchants/${sub}`, { noCashAuthorized: true });
  });

  await t.test('a voucher is redeemed inside the payment: promotion_detail, COUPON.USE, and the refund gives it back', async (t) => {
    const callback = await post('/v3/marketing/favor/callbacks', { mchid: sp, notify_url: receiver.url, switch: true });
    t.match(callback.json, { notify_url: receiver.url, update_time: /\+08:00$/ });
    const prepay = await post('/v3/pay/partner/transactions/jsapi', {
      sp_appid: credentials.spAppid, sp_mchid: sp, sub_mchid: sub, description: '满减测试', out_trade_no: 'VOUCHER001', notify_url: receiver.url,
      amount: { total: 3000 }, payer: { sp_openid: 'oFavorUser0000000000000001' },
    });
    await sandbox.admin('POST', `/prepays/${prepay.json.prepay_id as string}/pay`);
    const order = await sandbox.call(credentials, 'GET', `/v3/pay/partner/transactions/out-trade-no/VOUCHER001?sp_mchid=${sp}&sub_mchid=${sub}`);
    t.match(order.json, {
      trade_state: 'SUCCESS', amount: { total: 3000, payer_total: 2500 },
      promotion_detail: [{ coupon_id: couponId, name: '满20减5', scope: 'GLOBAL', type: 'NOCASH', amount: 500, stock_id: stockId, merchant_contribute: 500, wechatpay_contribute: 0, other_contribute: 0, currency: 'CNY' }],
    });
    const received = await receiver.waitFor(2);
    const events = received.map((r) => openNotification(r.raw, credentials.apiv3Key));
    const use = events.find((e) => e.body.event_type === 'COUPON.USE')!;
    t.match(use.body, { summary: '代金券核销通知', resource: { original_type: 'coupon' } });
    t.match(use.resource, { coupon_id: couponId, stock_id: stockId, status: 'USED', consume_information: { transaction_id: order.json.transaction_id, consume_mchid: sub } });
    const success = events.find((e) => e.body.event_type === 'TRANSACTION.SUCCESS')!;
    t.match(success.resource, { promotion_detail: [{ coupon_id: couponId, amount: 500 }], amount: { payer_total: 2500 } });
    t.equal((await sandbox.call(credentials, 'GET', `/v3/marketing/favor/users/oFavorUser0000000000000001/coupons/${couponId}?appid=${credentials.spAppid}`)).json.status, 'USED');

    const refund = (no: string, amount: number) => post('/v3/refund/domestic/refunds', { sub_mchid: sub, out_trade_no: 'VOUCHER001', out_refund_no: no, amount: { refund: amount, total: 3000, currency: 'CNY' } });
    const part = await refund('VR-1', 1000);
    t.match(part.json, {
      amount: { total: 3000, refund: 1000, payer_total: 2500, discount_refund: 166, payer_refund: 834, settlement_total: 2500, settlement_refund: 834 },
      promotion_detail: [{ promotion_id: couponId, scope: 'GLOBAL', type: 'NOCASH', amount: 500, refund_amount: 166 }],
    }, 'a third of the order gives back a third of the voucher (rounded down)');
    const rest = await refund('VR-2', 2000);
    t.match(rest.json, { amount: { refund: 2000, discount_refund: 334, payer_refund: 1666 }, promotion_detail: [{ refund_amount: 334 }] }, 'the last refund gives back the rest');
  });

  await t.test('no voucher below the threshold, nor for another merchant, nor without the goods tag', async (t) => {
    const pay = async (outTradeNo: string, openid: string, total: number, extra: Record<string, unknown> = {}) => {
      const prepay = await post('/v3/pay/partner/transactions/jsapi', {
        sp_appid: credentials.spAppid, sp_mchid: sp, sub_mchid: sub, description: '门槛测试', out_trade_no: outTradeNo, notify_url: receiver.url,
        amount: { total }, payer: { sp_openid: openid }, ...extra,
      });
      return (await sandbox.admin('POST', `/prepays/${prepay.json.prepay_id as string}/pay`)).json() as Record<string, unknown>;
    };
    t.notOk((await pay('VOUCHER002', 'oFavorUser0000000000000001', 1999)).promotion_detail, 'below transaction_minimum');

    const tagged = (await post('/v3/marketing/favor/coupon-stocks', favorStock(credentials, 'FS-0004', { stock_name: '单品券' }, { goods_tag: ['DRINKS'] }))).json.stock_id as string;
    await post(`/v3/marketing/favor/stocks/${tagged}/start`, { stock_creator_mchid: sp });
    await send(tagged, 'oFavorUser0000000000000009', 'TAG-1');
    t.notOk((await pay('VOUCHER003', 'oFavorUser0000000000000009', 3000)).promotion_detail, 'the order lacks the goods tag');
    const single = await pay('VOUCHER004', 'oFavorUser0000000000000009', 3000, {
      goods_tag: 'DRINKS', detail: { goods_detail: [{ merchant_goods_id: 'cola', quantity: 2, unit_price: 500 }, { merchant_goods_id: 'chips', quantity: 1, unit_price: 2000 }] },
    });
    t.match(single.promotion_detail, [{ scope: 'SINGLE', amount: 500, goods_detail: [{ goods_id: 'cola', discount_amount: 166 }, { goods_id: 'chips', discount_amount: 334 }] }], 'a goods-tag voucher applies, split over the lines');
  });
});

t.test('商家券 (busifavor) merchant coupons', async (t) => {
  const sandbox = await startSandbox();
  t.teardown(() => sandbox.close());
  const credentials = await sandbox.provision();
  const sub = credentials.subMerchants[0]!.subMchid;
  const sp = credentials.spMchid;
  const receiver = await startReceiver();
  t.teardown(() => receiver.close());
  const post = (path: string, body: unknown) => sandbox.call(credentials, 'POST', path, body);
  const stockBody = (outRequestNo: string, extra: Record<string, unknown> = {}) => ({
    stock_name: '到店满50减10', belong_merchant: sub, comment: '沙箱', goods_name: '全场可用', stock_type: 'NORMAL',
    coupon_use_rule: {
      coupon_available_time: { available_begin_time: iso(-DAY), available_end_time: iso(30 * DAY) },
      fixed_normal_coupon: { discount_amount: 1000, transaction_minimum: 5000 }, use_method: 'OFF_LINE',
    },
    stock_send_rule: { max_coupons: 2, max_coupons_per_user: 1 }, out_request_no: outRequestNo, coupon_code_mode: 'WECHATPAY_MODE', ...extra,
  });
  const claim = (openid: string, params: { stock_id: string; out_request_no: string; coupon_code?: string }[], key = credentials.apiv2Key) => {
    const signed: Record<string, string> = { send_coupon_merchant: sp };
    params.forEach((p, i) => {
      signed[`stock_id${i}`] = p.stock_id;
      signed[`out_request_no${i}`] = p.out_request_no;
      if (p.coupon_code) signed[`coupon_code${i}`] = p.coupon_code;
    });
    return sandbox.app.inject({
      method: 'POST', url: `${PREFIX}/customer/busifavor/send-coupon`,
      payload: { send_coupon_merchant: sp, send_coupon_params: params, sign: v2HmacSign(signed, key), openid, appid: credentials.spAppid },
    });
  };

  let stockId = '';
  await t.test('stocks: creation rules and idempotency', async (t) => {
    // One body for both, as for favor above: its times are to the second.
    const body = stockBody('BF-0001');
    const created = await post('/v3/marketing/busifavor/stocks', body);
    t.equal(created.status, 200, created.raw);
    stockId = created.json.stock_id as string;
    t.strictSame((await post('/v3/marketing/busifavor/stocks', body)).json, created.json, 'the same out_request_no');
    const mismatch = await post('/v3/marketing/busifavor/stocks', stockBody('BF-0002', { stock_type: 'DISCOUNT' }));
    t.match([mismatch.status, mismatch.json.code], [400, 'PARAM_ERROR'], 'stock_type and the coupon kind must agree');
    const long = await post('/v3/marketing/busifavor/stocks', stockBody('BF-0003', { stock_name: '一二三四五六七八九十一二三四五六七八九十一二' }));
    t.match([long.status, long.json.code], [400, 'PARAM_ERROR'], 'stock_name is at most 21 characters');
    t.equal((await post('/v3/marketing/busifavor/stocks', stockBody('BF-0004', { stock_name: '一二三四五六七八九十一二三四五六七八九十一' }))).status, 200, '21 Chinese characters are fine');
    const foreign = await post('/v3/marketing/busifavor/stocks', stockBody('BF-0005', { belong_merchant: '1900000001' }));
    t.match([foreign.status, foreign.json.code], [403, 'NO_AUTH'], 'belong_merchant must be the provider or its sub-merchant');
  });

  await t.test('the send-coupon plugin claim: APIv2 sign, limits, COUPON.SEND', async (t) => {
    await post('/v3/marketing/busifavor/callbacks', { mchid: sp, notify_url: receiver.url });
    t.strictSame((await sandbox.call(credentials, 'GET', `/v3/marketing/busifavor/callbacks?mchid=${sp}`)).json, { mchid: sp, notify_url: receiver.url });
    const forged = await claim('oBusiUser00000000000000001', [{ stock_id: stockId, out_request_no: 'C-1' }], 'X'.repeat(32));
    t.equal(forged.json().errcode, 'SIGN_ERROR', 'a sign made with another key');
    const claimed = await claim('oBusiUser00000000000000001', [{ stock_id: stockId, out_request_no: 'C-1' }]);
    const [result] = claimed.json().send_coupon_result as { code: string; coupon_code: string }[];
    t.match(result, { code: 'SUCCESS', coupon_code: /^\d{22}$/ });
    t.equal((await claim('oBusiUser00000000000000001', [{ stock_id: stockId, out_request_no: 'C-1' }])).json().send_coupon_result[0].coupon_code, result!.coupon_code, 'the same out_request_no is the same coupon');
    t.match((await claim('oBusiUser00000000000000001', [{ stock_id: stockId, out_request_no: 'C-2' }])).json().send_coupon_result, [{ code: 'FAIL' }], 'max_coupons_per_user');
    const [delivery] = await receiver.waitFor(1);
    const { body, resource } = openNotification(delivery!.raw, credentials.apiv3Key);
    t.match(body, { event_type: 'COUPON.SEND', resource: { original_type: 'coupon' } });
    t.match(resource, { event_type: 'EVENT_TYPE_BUSICOUPON_SEND', coupon_code: result!.coupon_code, stock_id: stockId, send_merchant: sp, send_channel: 'BUSICOUPON_SEND_CHANNEL_MINIAPP', openid: '' }, 'no notify_appid: openid left empty');

    const stock = await sandbox.call(credentials, 'GET', `/v3/marketing/busifavor/stocks/${stockId}`);
    t.match(stock.json, { stock_id: stockId, stock_state: 'RUNNING', stock_name: '到店满50减10', send_count_information: { total_send_num: 1, total_send_amount: 1000, today_send_num: 1 } });
    t.notOk('request_hash' in stock.json, 'nothing internal leaks');

    const budget = (body: Record<string, unknown>) => sandbox.call(credentials, 'PATCH', `/v3/marketing/busifavor/stocks/${stockId}/budget`, body);
    t.match((await budget({ target_max_coupons: 5, current_max_coupons: 3, modify_budget_request_no: 'B-1' })).json, { code: 'INVALID_REQUEST' }, 'current_max_coupons must be right');
    t.strictSame((await budget({ target_max_coupons: 5, current_max_coupons: 2, modify_budget_request_no: 'B-2' })).json, { max_coupons: 5 });
    t.strictSame((await budget({ target_max_coupons: 5, current_max_coupons: 2, modify_budget_request_no: 'B-2' })).json, { max_coupons: 5 }, 'a repeat answers the same');
    t.match((await budget({ target_max_coupons: 6, modify_budget_request_no: 'B-2' })).json, { code: 'INVALID_REQUEST' }, 'a request number is not reused');
    const modified = await sandbox.call(credentials, 'PATCH', `/v3/marketing/busifavor/stocks/${stockId}`, { out_request_no: 'M-1', comment: '改过' });
    t.equal(modified.status, 204);
    t.equal((await sandbox.call(credentials, 'GET', `/v3/marketing/busifavor/stocks/${stockId}`)).json.comment, '改过');

    const mine = await sandbox.call(credentials, 'GET', `/v3/marketing/busifavor/users/oBusiUser00000000000000001/coupons?appid=${credentials.spAppid}`);
    t.match(mine.json, { total_count: 1, data: [{ coupon_code: result!.coupon_code, coupon_state: 'SENDED', stock_id: stockId }] });
  });

  await t.test('use, return, deactivate', async (t) => {
    const code = (await claim('oBusiUser00000000000000002', [{ stock_id: stockId, out_request_no: 'C-3' }])).json().send_coupon_result[0].coupon_code as string;
    // One use time for every call: a retry of a use sends the same body.
    const usedAt = iso(0);
    const use = (no: string) => post('/v3/marketing/busifavor/coupons/use', { coupon_code: code, stock_id: stockId, appid: credentials.spAppid, use_time: usedAt, use_request_no: no, openid: 'oBusiUser00000000000000002' });
    const used = await use('U-1');
    t.match(used.json, { stock_id: stockId, openid: 'oBusiUser00000000000000002', wechatpay_use_time: /\+08:00$/ });
    t.strictSame((await use('U-1')).json, used.json, 'the same use_request_no answers the same');
    t.match((await use('U-2')).json, { code: 'INVALID_REQUEST', message: '券已核销' });
    const one = await sandbox.call(credentials, 'GET', `/v3/marketing/busifavor/users/oBusiUser00000000000000002/coupons/${code}/appids/${credentials.spAppid}`);
    t.match(one.json, { coupon_state: 'USED', use_request_no: 'U-1' });

    const returned = await post('/v3/marketing/busifavor/coupons/return', { coupon_code: code, stock_id: stockId, return_request_no: 'R-1' });
    t.match(returned.json, { wechatpay_return_time: /\+08:00$/ });
    t.match((await post('/v3/marketing/busifavor/coupons/return', { coupon_code: code, stock_id: stockId, return_request_no: 'R-2' })).json, { code: 'INVALID_REQUEST' }, 'only a redeemed coupon is returned');
    const deactivated = await post('/v3/marketing/busifavor/coupons/deactivate', { coupon_code: code, stock_id: stockId, deactivate_request_no: 'D-1', deactivate_reason: '测试' });
    t.match(deactivated.json, { wechatpay_deactivate_time: /\+08:00$/ });
    t.match((await use('U-3')).json, { code: 'INVALID_REQUEST' }, 'a deactivated coupon cannot be redeemed');
    t.match((await post('/v3/marketing/busifavor/coupons/use', { coupon_code: 'NOSUCHCODE', appid: credentials.spAppid, use_time: iso(0), use_request_no: 'U-4' })).json, { code: 'RESOURCE_NOT_EXISTS' });
  });

  await t.test('MERCHANT_API stocks take the merchant code', async (t) => {
    const merchantApi = (await post('/v3/marketing/busifavor/stocks', stockBody('BF-0006', { coupon_code_mode: 'MERCHANT_API' }))).json.stock_id as string;
    t.match((await claim('oBusiUser00000000000000003', [{ stock_id: merchantApi, out_request_no: 'C-4' }])).json().send_coupon_result, [{ code: 'FAIL' }], 'without a code');
    t.match((await claim('oBusiUser00000000000000003', [{ stock_id: merchantApi, out_request_no: 'C-5', coupon_code: 'SHOP-CODE-1' }])).json().send_coupon_result, [{ code: 'SUCCESS', coupon_code: 'SHOP-CODE-1' }]);
    const missingStock = await post('/v3/marketing/busifavor/coupons/use', { coupon_code: 'SHOP-CODE-1', appid: credentials.spAppid, use_time: iso(0), use_request_no: 'U-5' });
    t.match(missingStock.json, { code: 'PARAM_ERROR' }, 'redeeming a merchant code needs stock_id');
  });

  await t.test('MERCHANT_UPLOAD stocks send the uploaded codes, each once, at random', async (t) => {
    const uploadStock = (await post('/v3/marketing/busifavor/stocks', stockBody('BF-0007', { coupon_code_mode: 'MERCHANT_UPLOAD', stock_send_rule: { max_coupons: 10, max_coupons_per_user: 5 } }))).json.stock_id as string;
    const upload = (body: unknown) => post(`/v3/marketing/busifavor/stocks/${uploadStock}/couponcodes`, body);
    const openid = 'oBusiUser00000000000000004';
    t.match((await claim(openid, [{ stock_id: uploadStock, out_request_no: 'C-6' }])).json().send_coupon_result, [{ code: 'FAIL' }], 'nothing to send before an upload');
    const first = await upload({ coupon_code_list: ['UP-1', 'UP-2', 'UP-2'], upload_request_no: 'UPL-1' });
    t.match(first.json, { stock_id: uploadStock, total_count: 2, success_count: 2, success_codes: ['UP-1', 'UP-2'], duplicate_codes: ['UP-2'], exist_codes: [], success_time: /\+08:00$/ });
    t.strictSame((await upload({ coupon_code_list: ['UP-1', 'UP-2', 'UP-2'], upload_request_no: 'UPL-1' })).json, first.json, 'the same upload_request_no answers the same');
    t.match((await upload({ coupon_code_list: ['UP-3'], upload_request_no: 'UPL-1' })).json, { code: 'INVALID_REQUEST' }, 'a request number is not reused');
    t.match((await upload({ coupon_code_list: ['UP-2', 'UP-3'], upload_request_no: 'UPL-2' })).json, { success_codes: ['UP-3'], exist_codes: ['UP-2'] });
    t.match((await upload({ coupon_code_list: ['with space'], upload_request_no: 'UPL-3' })).json, { code: 'PARAM_ERROR' }, 'WeChat\'s code characters');
    const toWechatMode = await post(`/v3/marketing/busifavor/stocks/${stockId}/couponcodes`, { coupon_code_list: ['X'], upload_request_no: 'UPL-4' });
    t.match(toWechatMode.json, { code: 'INVALID_REQUEST' }, 'only a MERCHANT_UPLOAD stock takes codes');
    t.match((await sandbox.call(credentials, 'GET', `/v3/marketing/busifavor/stocks/${uploadStock}`)).json, { coupon_code_count: { total_count: 3, available_count: 3 } });

    const named = await claim(openid, [{ stock_id: uploadStock, out_request_no: 'C-7', coupon_code: 'UP-1' }]);
    t.match(named.json().send_coupon_result, [{ code: 'FAIL' }], 'WeChat picks the code, the merchant cannot');
    const sent: string[] = [];
    for (const no of ['C-8', 'C-9', 'C-10']) sent.push((await claim(openid, [{ stock_id: uploadStock, out_request_no: no }])).json().send_coupon_result[0].coupon_code as string);
    t.same(sent.sort(), ['UP-1', 'UP-2', 'UP-3'], 'each uploaded code once');
    t.match((await claim(openid, [{ stock_id: uploadStock, out_request_no: 'C-11' }])).json().send_coupon_result, [{ code: 'FAIL', message: /预存code已发完/ }], 'none left');
    const stock = (await sandbox.call(credentials, 'GET', `/v3/marketing/busifavor/stocks/${uploadStock}`)).json;
    t.match(stock, { coupon_code_count: { total_count: 3, available_count: 0 }, send_count_information: { total_send_num: 3 } });
    t.notOk('uploaded_codes' in stock, 'the codes stay inside');
  });
});
