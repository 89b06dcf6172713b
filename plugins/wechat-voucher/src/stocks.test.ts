import t from 'tap';
import nock from 'nock';
import { createPluginTestKit, signedNotification, wechatpayReply, TEST_SP_MCHID } from '@lingshou/plugin-sdk/testing';
import voucher from './index.ts';

/**
 * Stocks against WeChat Pay answered by nock, with requests and answers shaped as the research
 * notes give them (§B 代金券): create, the no-charge authorisation, activate/pause/restart, sync,
 * a refusal kept on the draft and retried under the same out_request_no, COUPON.USE replays.
 */
const kit = await createPluginTestKit({ plugin: voucher, wechatpay: 'nock', config: { 'wechat-voucher': { noCashAuthorized: false } } });
nock.disableNetConnect();
t.teardown(async () => {
  nock.cleanAll();
  nock.enableNetConnect();
  await kit.close();
});
const { a, b } = kit;
const WX = 'https://api.mch.weixin.qq.com';
const subA = kit.wechatpay!.subMchids.get(a.tenantId)!;
const stocks = '/api/v1/plugins/wechat-voucher/stocks';
const DAY = 86_400_000;

const stockInput = (extra: Record<string, unknown> = {}) => ({
  name: '满30减5', comment: '会员日', chargeMode: 'pre_charged', amountFen: 500, thresholdFen: 3000,
  beginAt: new Date(Date.now() - DAY).toISOString(), endAt: new Date(Date.now() + 30 * DAY).toISOString(),
  maxCoupons: 100, maxPerUser: 2, ...extra,
});

/** What a nock reply records of the request WeChat got. */
type Captured = NonNullable<NonNullable<Parameters<typeof wechatpayReply>[2]>['captured']>[number];

/** WeChat creating the stock and taking the favor callback URL. */
function wechatCreates(stockId: string, captured: Captured[], createReply = wechatpayReply(200, { stock_id: stockId, create_time: '2026-11-28T12:00:00+08:00' }, { captured })) {
  return nock(WX)
    .post('/v3/marketing/favor/coupon-stocks').reply(createReply)
    .post('/v3/marketing/favor/callbacks').reply(wechatpayReply(200, { notify_url: 'x', update_time: '2026-11-28T12:00:00+08:00' }, { captured }));
}

t.test('a pre-charged stock is created at WeChat for the sub-merchant, with its budget and goods tags', async (t) => {
  const captured: Captured[] = [];
  const scope = wechatCreates('9856000001', captured);
  const res = await a.api({ method: 'POST', url: stocks, payload: stockInput({ goodsTags: ['DRINKS'], maxAmountFen: 50_000 }) });
  t.equal(res.statusCode, 201, res.body);
  t.ok(scope.isDone());
  const stock = res.json();
  t.match(stock, {
    status: 'unactivated', wechatStockId: '9856000001', chargeMode: 'pre_charged', amountFen: 500, maxAmountFen: 50_000,
    sentCount: 0, usedCount: 0, budgetLeftCoupons: 100, budgetLeftFen: 50_000, lastError: null,
  });
  const sent = JSON.parse(captured[0]!.body);
  t.match(sent, {
    stock_name: '满30减5', comment: '会员日', belong_merchant: subA, no_cash: false, stock_type: 'NORMAL', out_request_no: stock.outRequestNo,
    available_begin_time: /\+08:00$/, available_end_time: /\+08:00$/,
    stock_use_rule: { max_coupons: 100, max_amount: 50_000, max_coupons_per_user: 2 },
    coupon_use_rule: { fixed_normal_coupon: { coupon_amount: 500, transaction_minimum: 3000 }, goods_tag: ['DRINKS'], available_merchants: [subA] },
  });
  t.match(JSON.parse(captured[1]!.body), { mchid: TEST_SP_MCHID, notify_url: new RegExp(`/api/v1/wechatpay/notify/partners/${kit.wechatpay!.partnerId}$`), switch: true }, 'COUPON.USE goes to the partner\'s inbox');
});

t.test('bad input names the field, and nothing is stored or sent', async (t) => {
  const cases: [Record<string, unknown>, string][] = [
    [{ maxAmountFen: 49_999 }, 'maxAmountFen'],
    [{ endAt: new Date(Date.now() - 2 * DAY).toISOString() }, 'endAt'],
    [{ amountFen: 0 }, 'amountFen'],
    [{ maxPerUser: 101 }, 'maxPerUser'],
    [{ maxCoupons: 1, maxPerUser: 2 }, 'maxPerUser'],
    [{ name: '满'.repeat(21) }, 'name'],
    [{ goodsTags: ['饮料'] }, 'goodsTags.0'],
    [{ chargeMode: 'free' }, 'chargeMode'],
  ];
  const before = (await a.api({ method: 'GET', url: stocks })).headers['x-total-count'];
  for (const [extra, field] of cases) {
    const res = await a.api({ method: 'POST', url: stocks, payload: stockInput(extra) });
    t.same([res.statusCode, res.json().field], [400, field], `${JSON.stringify(extra)} → ${field}`);
  }
  t.equal((await a.api({ method: 'GET', url: stocks })).headers['x-total-count'], before);
});

t.test('no-charge needs the sub-merchant\'s authorisation; a refusal leaves a draft that is submitted again under the same out_request_no', async (t) => {
  const refused = await a.api({ method: 'POST', url: stocks, payload: stockInput({ chargeMode: 'no_charge' }) });
  t.same([refused.statusCode, refused.json().code, refused.json().field], [409, 'LS_WECHAT_VOUCHER_NO_CASH_UNAUTHORIZED', 'chargeMode'], 'refused before WeChat is asked');
  t.same((await a.api({ method: 'GET', url: '/api/v1/plugins/wechat-voucher/authorization' })).json(), { noCashAuthorized: false }, 'and the state is shown');

  t.equal((await a.api({ method: 'PUT', url: '/api/v1/plugins/wechat-voucher/config', payload: { noCashAuthorized: true } })).statusCode, 200);
  const captured: Captured[] = [];
  nock(WX).post('/v3/marketing/favor/coupon-stocks').reply(wechatpayReply(403, { code: 'NO_AUTH', message: '特约商户未授权服务商创建免充值代金券' }, { captured }));
  const failed = await a.api({ method: 'POST', url: stocks, payload: stockInput({ chargeMode: 'no_charge', name: '免充值券' }) });
  t.match([failed.statusCode, failed.json().code], [502, 'LS_WECHATPAY_REQUEST_FAILED']);
  const draft = (await a.api({ method: 'GET', url: `${stocks}?q=免充值券` })).json()[0];
  t.match(draft, { status: 'draft', wechatStockId: null, lastError: /^NO_AUTH: / }, 'the draft keeps WeChat\'s answer');

  const again: Captured[] = [];
  const scope = wechatCreates('9856000002', again);
  const submitted = await a.api({ method: 'POST', url: `${stocks}/${draft.id}/submit` });
  t.equal(submitted.statusCode, 200, submitted.body);
  t.ok(scope.isDone());
  t.match(submitted.json(), { status: 'unactivated', wechatStockId: '9856000002', lastError: null, chargeMode: 'no_charge' });
  t.equal(JSON.parse(again[0]!.body).out_request_no, JSON.parse(captured[0]!.body).out_request_no, 'the retry sends the number stored before the first try');
  t.equal(JSON.parse(again[0]!.body).no_cash, true);
  t.same((await a.api({ method: 'POST', url: `${stocks}/${draft.id}/submit` })).json().wechatStockId, '9856000002', 'submitting a created stock calls nobody');
  t.equal((await a.api({ method: 'DELETE', url: `${stocks}/${draft.id}` })).statusCode, 409, 'a stock at WeChat cannot be deleted');
});

t.test('activate, pause, restart and sync', async (t) => {
  const [stock] = (await a.api({ method: 'GET', url: `${stocks}?q=满30减5` })).json();
  const bodies: Captured[] = [];
  const path = (step: string) => `/v3/marketing/favor/stocks/${stock.wechatStockId}/${step}`;
  nock(WX)
    .post(path('start')).reply(wechatpayReply(200, { stock_id: stock.wechatStockId, start_time: '2026-11-28T12:00:00+08:00' }, { captured: bodies }))
    .post(path('pause')).reply(wechatpayReply(200, { stock_id: stock.wechatStockId, pause_time: '2026-11-28T12:01:00+08:00' }))
    .post(path('restart')).reply(wechatpayReply(200, { stock_id: stock.wechatStockId, restart_time: '2026-11-28T12:02:00+08:00' }));
  const move = (status: string) => a.api({ method: 'PATCH', url: `${stocks}/${stock.id}`, payload: { status } });
  t.equal((await move('running')).json().status, 'running');
  t.same(JSON.parse(bodies[0]!.body), { stock_creator_mchid: TEST_SP_MCHID });
  t.same(await move('running').then((r) => [r.statusCode, r.json().status]), [200, 'running'], 'asking for the status it has calls nobody');
  t.same(await move('stopped').then((r) => [r.statusCode, r.json().code, r.json().field]), [409, 'LS_WECHAT_VOUCHER_STOCK_STATE', 'status']);

  // The admin's edit form sends the whole form back, with the status changed.
  const form = (await a.api({ method: 'GET', url: `${stocks}/${stock.id}` })).json();
  const edit = (changes: Record<string, unknown>) => a.api({ method: 'PATCH', url: `${stocks}/${stock.id}`, payload: {
    name: form.name, comment: form.comment, chargeMode: form.chargeMode, amountFen: form.amountFen, thresholdFen: form.thresholdFen,
    beginAt: form.beginAt, endAt: form.endAt, maxCoupons: form.maxCoupons, maxAmountFen: form.maxAmountFen, maxPerUser: form.maxPerUser,
    goodsTags: form.goodsTags, status: form.status, ...changes,
  } });
  t.same(await edit({ amountFen: 800, status: 'paused' }).then((r) => [r.statusCode, r.json().field]), [409, 'amountFen'], 'WeChat keeps the rules');
  t.equal((await edit({ status: 'paused' })).json().status, 'paused');
  t.equal((await move('running')).json().status, 'running', 'restarted');

  nock(WX).get(`/v3/marketing/favor/stocks/${stock.wechatStockId}`).query({ stock_creator_mchid: TEST_SP_MCHID }).reply(wechatpayReply(200, {
    stock_id: stock.wechatStockId, stock_creator_mchid: TEST_SP_MCHID, stock_name: '满30减5', status: 'stoped', no_cash: false, stock_type: 'NORMAL',
    available_begin_time: stock.beginAt, available_end_time: stock.endAt, distributed_coupons: 37,
    stock_use_rule: { max_coupons: 100, max_amount: 50_000, max_coupons_per_user: 2, natural_person_limit: false, prevent_api_abuse: false },
  }));
  const synced = await a.api({ method: 'POST', url: `${stocks}/${stock.id}/sync` });
  t.match(synced.json(), { status: 'stopped', distributedCoupons: 37, budgetLeftCoupons: 63, budgetLeftFen: 31_500, syncedAt: /T/ }, 'WeChat\'s state and sent count');

  nock(WX).post('/v3/marketing/favor/coupon-stocks').reply(wechatpayReply(200, { stock_id: '9856000004', create_time: '2026-11-28T12:00:00+08:00' }))
    .post('/v3/marketing/favor/callbacks').reply(wechatpayReply(200, { notify_url: 'x' }))
    .post('/v3/marketing/favor/stocks/9856000004/start').reply(wechatpayReply(200, { stock_id: '9856000004', start_time: '2026-11-28T12:00:00+08:00' }));
  const started = await a.api({ method: 'POST', url: stocks, payload: stockInput({ name: '即刻激活', status: 'running' }) });
  t.same([started.statusCode, started.json().status], [201, 'running'], 'created and activated in one go');
  t.equal((await a.api({ method: 'POST', url: stocks, payload: stockInput({ status: 'paused' }) })).json().field, 'status');

  nock(WX).post('/v3/marketing/favor/coupon-stocks').reply(wechatpayReply(200, { stock_id: '9856000003', create_time: '2026-11-28T12:00:00+08:00' }))
    .post('/v3/marketing/favor/callbacks').reply(wechatpayReply(200, { notify_url: 'x' }));
  const fresh = (await a.api({ method: 'POST', url: stocks, payload: stockInput({ name: '新批次' }) })).json();
  nock(WX).post(`/v3/marketing/favor/stocks/${fresh.wechatStockId}/start`).reply(wechatpayReply(504, { code: 'SYSTEM_ERROR', message: '系统繁忙' }));
  const busy = await a.api({ method: 'PATCH', url: `${stocks}/${fresh.id}`, payload: { status: 'running' } });
  t.equal(busy.statusCode, 502);
  t.match((await a.api({ method: 'GET', url: `${stocks}/${fresh.id}` })).json(), { status: 'unactivated', lastError: /^SYSTEM_ERROR/ }, 'a failed step changes nothing but lastError');
});

t.test('COUPON.USE delivered ten times to the partner\'s inbox records one use for the stock\'s merchant', async (t) => {
  const [stock] = (await a.api({ method: 'GET', url: `${stocks}?q=满30减5` })).json();
  const resource = {
    stock_creator_mchid: TEST_SP_MCHID, stock_id: stock.wechatStockId, coupon_id: '12345678901', status: 'USED', no_cash: false,
    normal_coupon_information: { coupon_amount: 500, transaction_minimum: 3000 },
    consume_information: { consume_time: '2026-11-28T12:30:00+08:00', consume_mchid: subA, transaction_id: '4200000000202611280000000001' },
  };
  const notification = signedNotification('COUPON.USE', resource, { id: 'f6f4c0a5-coupon-use-1', summary: '代金券核销通知' });
  for (let i = 0; i < 10; i += 1) {
    const res = await kit.h.app.inject({ method: 'POST', url: `/api/v1/wechatpay/notify/partners/${kit.wechatpay!.partnerId}`, payload: notification.body, headers: notification.headers });
    t.equal(res.statusCode, 204, `delivery ${i + 1}: ${res.body}`);
  }
  await kit.startWorkers();
  const deadline = Date.now() + 15_000;
  let used = 0;
  while (Date.now() < deadline && used === 0) {
    used = (await a.api({ method: 'GET', url: `${stocks}/${stock.id}` })).json().usedCount;
    if (used === 0) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  t.equal(used, 1);
  await new Promise((resolve) => setTimeout(resolve, 1500));
  t.match((await a.api({ method: 'GET', url: `${stocks}/${stock.id}` })).json(), { usedCount: 1, usedAmountFen: 500 }, 'still one after every delivery ran');
});

t.test('merchant B never sees A\'s stocks', async (t) => {
  const [stock] = (await a.api({ method: 'GET', url: stocks })).json();
  t.same([(await b.api({ method: 'GET', url: stocks })).statusCode, (await b.api({ method: 'GET', url: stocks })).json().code], [404, 'LS_PLUGIN_NOT_ENABLED']);
  t.equal((await b.api({ method: 'POST', url: '/api/v1/plugins/wechat-voucher/enable' })).statusCode, 200);
  const list = await b.api({ method: 'GET', url: stocks });
  t.same([list.statusCode, list.json(), list.headers['x-total-count']], [200, [], '0'], 'enabled, B has none');
  t.equal((await b.api({ method: 'GET', url: `${stocks}/${stock.id}` })).json().code, 'LS_WECHAT_VOUCHER_STOCK_NOT_FOUND');
  t.equal((await b.api({ method: 'PATCH', url: `${stocks}/${stock.id}`, payload: { status: 'paused' } })).statusCode, 404);
});

t.test('sending needs a running stock of the shop and at least one member', async (t) => {
  const [unactivated] = (await a.api({ method: 'GET', url: `${stocks}?q=新批次` })).json();
  const send = (payload: Record<string, unknown>) => a.api({ method: 'POST', url: '/api/v1/plugins/wechat-voucher/batches', payload });
  const member = crypto.randomUUID();
  t.same(await send({ stockId: unactivated.id, customerIds: [member] }).then((r) => [r.statusCode, r.json().code, r.json().field]), [409, 'LS_WECHAT_VOUCHER_STOCK_STATE', 'stockId']);
  t.same(await send({ stockId: crypto.randomUUID(), customerIds: [member] }).then((r) => [r.statusCode, r.json().field]), [404, 'stockId']);
  t.same(await send({ stockId: unactivated.id, customerIds: [] }).then((r) => [r.statusCode, r.json().field]), [400, 'customerIds']);
  t.same((await a.api({ method: 'GET', url: '/api/v1/plugins/wechat-voucher/batches' })).json(), [], 'nothing queued');
});

t.test('the scheduled sync reads every live stock from WeChat', async (t) => {
  const live = (await a.api({ method: 'GET', url: `${stocks}?_sort=name` })).json().filter((s: { status: string }) => ['unactivated', 'running', 'paused'].includes(s.status));
  t.ok(live.length > 0);
  for (const stock of live) {
    nock(WX).get(`/v3/marketing/favor/stocks/${stock.wechatStockId}`).query(true).reply(wechatpayReply(200, {
      stock_id: stock.wechatStockId, stock_name: stock.name, status: 'paused', no_cash: false, stock_type: 'NORMAL', distributed_coupons: 4,
      available_begin_time: stock.beginAt, available_end_time: stock.endAt,
      stock_use_rule: { max_coupons: 100, max_amount: 50_000, max_coupons_per_user: 2, natural_person_limit: false, prevent_api_abuse: false },
    }));
  }
  t.same(await kit.h.app.pluginJobs.runForEveryTenant('wechat-voucher', 'sync-stocks'), { ran: 2 }, 'for A and B, which enabled it');
  for (const stock of live) t.match((await a.api({ method: 'GET', url: `${stocks}/${stock.id}` })).json(), { status: 'paused', distributedCoupons: 4, syncedAt: /T/ });
});

t.test('the admin finds its pages under marketing', async (t) => {
  const menu = (await a.api({ method: 'GET', url: '/api/v1/extensions' })).json().admin.menu.filter((entry: { pluginId: string }) => entry.pluginId === 'wechat-voucher');
  t.match(menu, [
    { key: 'wechat-voucher', parent: 'marketing', page: { kind: 'crud', resource: '/stocks', columns: ['name', 'chargeMode', 'amountFen', 'thresholdFen', 'status', 'sentCount', 'usedCount', 'budgetLeftCoupons', 'endAt'] } },
    { key: 'wechat-voucher-send', parent: 'marketing', page: { kind: 'crud', resource: '/batches' } },
  ]);
  t.same((await kit.h.as(a.cashierToken)({ method: 'GET', url: '/api/v1/extensions' })).json().admin.menu, [], 'a cashier without plugin.manage sees none');
});
