import { claimUrl } from './poster.routes.ts';
import t from 'tap';
import nock from 'nock';
import { checkMigrations, createPluginTestKit, signedNotification, TEST_SP_APPID, TEST_SP_MCHID, wechatpayReply } from '@lingshou/plugin-sdk/testing';
import merchantCoupon from './index.ts';
import { couponBody, eventually, mallCustomer } from '../test/kit-helpers.ts';

// The HTTP API with WeChat answered by nock, in the shapes of the research notes (§A busifavor).
const WECHAT = 'https://api.mch.weixin.qq.com';
nock.disableNetConnect();
const kit = await createPluginTestKit({ plugin: merchantCoupon, wechatpay: 'nock' });
t.teardown(async () => { nock.cleanAll(); nock.enableNetConnect(); await kit.close(); });
await kit.startWorkers();
const { a, b, h } = kit;
const till = h.as(a.cashierToken);
const base = '/api/v1/plugins/merchant-coupon';
const subMchid = kit.wechatpay!.subMchids.get(a.tenantId)!;
t.afterEach(() => { t.ok(nock.isDone(), `every expected WeChat call was made (left: ${nock.pendingMocks().join(', ')})`); nock.cleanAll(); });

let stocks = 0;
/** WeChat's side of creating a stock: the callback URL, then the stock; answers the stock id. */
function expectStock(check: (body: Record<string, unknown>) => void = () => {}) {
  const stockId = String(9_800_000_000 + ++stocks);
  nock(WECHAT).post('/v3/marketing/busifavor/callbacks', (body) => body.mchid === TEST_SP_MCHID && body.notify_url.endsWith(`/wechatpay/notify/partners/${kit.wechatpay!.partnerId}`))
    .reply(wechatpayReply(200, { notify_url: 'https://shop.lingshou.test/api/v1/wechatpay/notify/x', update_time: '2026-11-28T12:00:00+08:00' }));
  nock(WECHAT).post('/v3/marketing/busifavor/stocks', (body) => { check(body); return true; })
    .reply(wechatpayReply(200, { stock_id: stockId, create_time: '2026-11-28T12:00:00+08:00' }));
  return stockId;
}

async function createCoupon(extra: Record<string, unknown> = {}) {
  const stockId = expectStock();
  const res = await a.api({ method: 'POST', url: `${base}/coupons`, payload: couponBody(extra) });
  if (res.statusCode !== 201) throw new Error(`create: ${res.statusCode} ${res.body}`);
  return { ...res.json(), stockId } as { id: string; stockId: string; maxCoupons: number };
}

/** WeChat tells the partner's inbox that it sent a coupon (COUPON.SEND, notes §A); the inbox routes it by stock. */
async function couponSent(stockId: string, code: string, openid: string, id = `EV-${code}`) {
  const notification = signedNotification('COUPON.SEND', {
    event_type: 'EVENT_TYPE_BUSICOUPON_SEND', coupon_code: code, stock_id: stockId, send_time: '2026-11-28T12:00:00+08:00',
    openid, unionid: '', send_channel: 'BUSICOUPON_SEND_CHANNEL_MINIAPP', send_merchant: TEST_SP_MCHID, attach_info: {},
  }, { id, resourceType: 'encrypt-resource', summary: '商家券领券通知' });
  const res = await h.app.inject({ method: 'POST', url: `/api/v1/wechatpay/notify/partners/${kit.wechatpay!.partnerId}`, headers: notification.headers, payload: notification.body });
  if (res.statusCode !== 204) throw new Error(`notify: ${res.statusCode} ${res.body}`);
}

const claimState = (code: string) => kit.asPlugin(a, (ctx) => ctx.db('claims').where({ coupon_code: code }).first());

t.test('creating: the stock WeChat receives, and every invalid input named before WeChat hears of it', async (t) => {
  let sent: Record<string, unknown> = {};
  const stockId = expectStock((body) => { sent = body; });
  const created = await a.api({ method: 'POST', url: `${base}/coupons`, payload: couponBody({
    name: 'Mix满10减2', scopeText: '饮料零食', scene: 'offline', daysAfterClaim: 7, weekly: { weekDays: [1, 2, 3], slots: [{ begin: 36000, end: 72000 }] },
    scope: 'chosen', storeIds: [a.storeIds[0]], skuIds: [a.skus.cola.id, a.skus.chips.id], codeMode: 'merchant',
  }) });
  t.equal(created.statusCode, 201, created.body);
  t.match(created.json(), { stockId, state: 'running', scope: 'chosen', codeMode: 'merchant', budgetLeft: 100 });
  t.match(sent, {
    stock_name: 'Mix满10减2', belong_merchant: subMchid, goods_name: '饮料零食', stock_type: 'NORMAL',
    coupon_use_rule: {
      fixed_normal_coupon: { discount_amount: 200, transaction_minimum: 1000 }, use_method: 'OFF_LINE',
      coupon_available_time: { available_day_after_receive: 7, available_week: { week_day: [1, 2, 3], available_day_time: [{ begin_time: 36000, end_time: 72000 }] } },
    },
    stock_send_rule: { max_coupons: 100, max_coupons_per_user: 2 },
    out_request_no: new RegExp(`^${subMchid}\\d{8}[0-9a-f]{20}$`), coupon_code_mode: 'MERCHANT_API', notify_config: { notify_appid: TEST_SP_APPID },
  });

  const online = expectStock((body) => { sent = body; });
  await a.api({ method: 'POST', url: `${base}/coupons`, payload: couponBody({ scene: 'online', type: 'discount', amountFen: undefined, discountPercent: 88 }) });
  t.match(sent, { stock_type: 'DISCOUNT', coupon_use_rule: { discount_coupon: { discount_percent: 88, transaction_minimum: 1000 }, use_method: 'MINI_PROGRAMS', mini_programs_appid: TEST_SP_APPID } }, `stock ${online}`);

  const cases: [Record<string, unknown>, string, string][] = [
    [{ name: '一二三四五六七' }, 'name', 'LS_MERCHANT_COUPON_TEXT_TOO_LONG'],
    [{ name: 'a'.repeat(22) }, 'name', 'LS_INPUT_INVALID'],
    [{ scopeText: '饮料零食乳品' }, 'scopeText', 'LS_MERCHANT_COUPON_TEXT_TOO_LONG'],
    [{ name: undefined }, 'name', 'LS_INPUT_INVALID'],
    [{ maxCoupons: 0 }, 'maxCoupons', 'LS_INPUT_INVALID'],
    [{ perUserLimit: 101 }, 'perUserLimit', 'LS_INPUT_INVALID'],
    [{ thresholdFen: -1 }, 'thresholdFen', 'LS_INPUT_INVALID'],
    [{ amountFen: 5000 }, 'amountFen', 'LS_MERCHANT_COUPON_INPUT_INVALID'],
    [{ type: 'percent' }, 'type', 'LS_INPUT_INVALID'],
    [{ scene: 'anywhere' }, 'scene', 'LS_INPUT_INVALID'],
    [{ availableUntil: '2020-01-01T00:00:00Z' }, 'availableUntil', 'LS_MERCHANT_COUPON_INPUT_INVALID'],
    [{ scope: 'chosen', storeIds: [a.storeIds[0]], skuIds: [crypto.randomUUID()] }, 'skuIds.0', 'LS_MERCHANT_COUPON_INPUT_INVALID'],
    [{ scope: 'chosen', storeIds: [a.storeIds[0]], skuIds: [b.skus.cola.id] }, 'skuIds.0', 'LS_MERCHANT_COUPON_INPUT_INVALID'],
    [{ codeMode: 'preloaded' }, 'codeMode', 'LS_INPUT_INVALID'],
    [{ colour: 'red' }, 'colour', 'LS_INPUT_INVALID'],
  ];
  for (const [change, field, code] of cases) {
    const res = await a.api({ method: 'POST', url: `${base}/coupons`, payload: couponBody(change) });
    t.same([res.statusCode, res.json().field, res.json().code], [400, field, code], `${JSON.stringify(change)} → ${field}`);
  }
  const long = await a.api({ method: 'POST', url: `${base}/coupons`, payload: couponBody({ name: '满一百减二十元' }) });
  t.match(long.json(), { limit: 20, unit: 'bytes', length: 21 }, 'the answer gives the limit and the count, for the form');
  t.equal((await till({ method: 'POST', url: `${base}/coupons`, payload: couponBody() })).statusCode, 403, 'a cashier cannot create coupons');
});

t.test('WeChat fails the first time: the coupon stays creating, and sync sends the same request again', async (t) => {
  const requests: string[] = [];
  nock(WECHAT).post('/v3/marketing/busifavor/callbacks').times(2).reply(wechatpayReply(200, { notify_url: 'x' }));
  nock(WECHAT).post('/v3/marketing/busifavor/stocks', (body) => { requests.push(body.out_request_no); return true; })
    .reply(wechatpayReply(500, { code: 'SYSTEM_ERROR', message: '系统错误' }));
  nock(WECHAT).post('/v3/marketing/busifavor/stocks', (body) => { requests.push(body.out_request_no); return true; })
    .reply(wechatpayReply(200, { stock_id: '9700000001', create_time: '2026-11-28T12:00:00+08:00' }));
  const failed = await a.api({ method: 'POST', url: `${base}/coupons`, payload: couponBody({ name: 'Retry' }) });
  t.same([failed.statusCode, failed.json().code], [502, 'LS_WECHATPAY_REQUEST_FAILED']);
  const [pending] = (await a.api({ method: 'GET', url: `${base}/coupons?state=creating` })).json();
  t.match(pending, { name: 'Retry', state: 'creating', stockId: null });
  const synced = await a.api({ method: 'POST', url: `${base}/coupons/${pending.id}/sync` });
  t.match(synced.json(), { state: 'running', stockId: '9700000001' });
  t.equal(requests.length, 2);
  t.equal(requests[0], requests[1], 'one out_request_no: WeChat makes one stock');
});

t.test('budget, names, pause and stop; sync reads the stock back', async (t) => {
  const coupon = await createCoupon({ name: 'Budget' });
  const url = `${base}/coupons/${coupon.id}`;
  nock(WECHAT).patch(`/v3/marketing/busifavor/stocks/${coupon.stockId}/budget`, (body) => body.target_max_coupons === 150 && body.current_max_coupons === 100 && /^B/.test(body.modify_budget_request_no))
    .reply(wechatpayReply(200, { max_coupons: 150 }));
  const budget = await a.api({ method: 'PATCH', url, payload: { maxCoupons: 150 } });
  t.match(budget.json(), { maxCoupons: 150, budgetLeft: 150 }, budget.body);
  nock(WECHAT).patch(`/v3/marketing/busifavor/stocks/${coupon.stockId}`, (body) => body.stock_name === '满十减二' && body.goods_name === '全场通用' && typeof body.out_request_no === 'string')
    .reply(204);
  t.match((await a.api({ method: 'PATCH', url, payload: { name: '满十减二', scopeText: '全场通用' } })).json(), { name: '满十减二' });
  const whole = (await a.api({ method: 'GET', url })).json();
  const resent = await a.api({ method: 'PATCH', url, payload: { ...couponBody({ name: '满十减二', maxCoupons: 150, availableUntil: whole.availableUntil }), availableFrom: whole.availableFrom } });
  t.equal(resent.statusCode, 200, `the edit form resending every field unchanged is fine: ${resent.body}`);
  const immutable = await a.api({ method: 'PATCH', url, payload: { amountFen: 300 } });
  t.same([immutable.statusCode, immutable.json().field, immutable.json().code], [400, 'amountFen', 'LS_MERCHANT_COUPON_FIELD_IMMUTABLE']);
  t.equal((await a.api({ method: 'PATCH', url, payload: { name: '一二三四五六七' } })).json().field, 'name');

  t.match((await a.api({ method: 'PATCH', url, payload: { state: 'paused' } })).json(), { state: 'paused' }, 'pausing is ours: no WeChat call');
  const dave = await mallCustomer(kit, a, TEST_SP_APPID, 'o-nock-dave');
  const refused = await dave.api({ method: 'POST', url: `${url.replace('/coupons/', '/mall/coupons/')}/claim` });
  t.same([refused.statusCode, refused.json().code], [409, 'LS_MERCHANT_COUPON_NOT_CLAIMABLE']);
  t.match((await a.api({ method: 'PATCH', url, payload: { state: 'running' } })).json(), { state: 'running' });
  t.equal((await dave.api({ method: 'POST', url: `${base}/mall/coupons/${coupon.id}/claim` })).statusCode, 200);

  nock(WECHAT).get(`/v3/marketing/busifavor/stocks/${coupon.stockId}`)
    .reply(wechatpayReply(200, { stock_id: coupon.stockId, stock_state: 'RUNNING', send_count_information: { total_send_num: 1, today_send_num: 1 } }));
  t.match((await a.api({ method: 'POST', url: `${url}/sync` })).json(), { wechatState: 'RUNNING', wechatSentCount: 1 });
  const below = await a.api({ method: 'PATCH', url, payload: { maxCoupons: 0 } });
  t.equal(below.json().field, 'maxCoupons');

  nock(WECHAT).patch(`/v3/marketing/busifavor/stocks/${coupon.stockId}/budget`, (body) => body.target_max_coupons === 1 && body.current_max_coupons === 150)
    .reply(wechatpayReply(200, { max_coupons: 1 }));
  t.match((await a.api({ method: 'PATCH', url, payload: { state: 'stopped' } })).json(), { state: 'stopped', maxCoupons: 1, budgetLeft: 0 }, 'stopping lowers WeChat\'s budget to what was claimed');
  const restart = await a.api({ method: 'PATCH', url, payload: { state: 'running' } });
  t.same([restart.statusCode, restart.json().code], [409, 'LS_MERCHANT_COUPON_STATE_INVALID'], 'a stopped coupon stays stopped');

  const paused = await createCoupon({ name: 'Later', state: 'paused' });
  t.match((await a.api({ method: 'GET', url: `${base}/coupons/${paused.id}` })).json(), { state: 'paused' }, 'saved paused from the form');
  const stoppedAtBirth = await a.api({ method: 'POST', url: `${base}/coupons`, payload: couponBody({ state: 'stopped' }) });
  t.same([stoppedAtBirth.statusCode, stoppedAtBirth.json().field], [400, 'state']);
});

t.test('claiming: signed send-coupon parameters, the per-user limit and the budget', async (t) => {
  const coupon = await createCoupon({ name: 'Claim', maxCoupons: 3, perUserLimit: 2 });
  const erin = await mallCustomer(kit, a, TEST_SP_APPID, 'o-nock-erin');
  const frank = await mallCustomer(kit, a, TEST_SP_APPID, 'o-nock-frank');
  const claim = (who: typeof erin) => who.api({ method: 'POST', url: `${base}/mall/coupons/${coupon.id}/claim` });
  const first = await claim(erin);
  t.equal(first.statusCode, 200, first.body);
  t.match(first.json(), {
    kind: 'send-coupon-plugin',
    params: { send_coupon_merchant: TEST_SP_MCHID, send_coupon_params: [{ stock_id: coupon.stockId, out_request_no: /^MC[0-9a-f]{32}$/ }], sign: /^[0-9A-F]{64}$/ },
  });
  t.notOk(first.json().params.send_coupon_params[0].coupon_code, 'WeChat assigns the code');
  t.equal((await claim(erin)).statusCode, 200);
  const third = await claim(erin);
  t.same([third.statusCode, third.json().code], [409, 'LS_MERCHANT_COUPON_LIMIT_REACHED']);
  t.match((await erin.api({ method: 'GET', url: `${base}/mall/coupons` })).json().find((c: { id: string }) => c.id === coupon.id), { state: 'limit-reached' });
  t.equal((await claim(frank)).statusCode, 200);
  const soldOut = await claim(frank);
  t.same([soldOut.statusCode, soldOut.json().code], [409, 'LS_MERCHANT_COUPON_SOLD_OUT']);
  t.match((await a.api({ method: 'GET', url: `${base}/coupons/${coupon.id}` })).json(), { claimedCount: 3, budgetLeft: 0 });

  await couponSent(coupon.stockId, '1000000000000000000001', 'o-nock-erin');
  const recorded = await eventually(async () => { const row = await claimState('1000000000000000000001'); return row?.state === 'available' && row; }, 'COUPON.SEND recorded');
  t.equal(recorded.customer_id, erin.customerId, 'matched to the customer by openid');
  t.match((await erin.api({ method: 'GET', url: `${base}/mall/wallet` })).json(), [{ code: '1000000000000000000001', state: 'available', title: 'Claim' }]);
  t.same((await frank.api({ method: 'GET', url: `${base}/mall/wallet` })).json(), [], 'not in anyone else\'s wallet');

  const merchantCodes = await createCoupon({ name: 'Codes', codeMode: 'merchant' });
  const own = (await claim(frank).then(() => frank.api({ method: 'POST', url: `${base}/mall/coupons/${merchantCodes.id}/claim` }))).json();
  const code = own.params.send_coupon_params[0].coupon_code as string;
  t.match(code, /^88\d{18}$/, 'a merchant code is ours before WeChat sends it');
  await couponSent(merchantCodes.stockId, code, '');
  t.equal((await eventually(async () => { const row = await claimState(code); return row?.state === 'available' && row; }, 'merchant code recorded')).customer_id, frank.customerId, 'matched by code even without an openid');
});

/**
 * WeChat's side of 上传预存code (partner doc chapter9_2_6) for exactly `codes`: it takes them but
 * those in `refused`, answering with the shape of the notes. Answers the upload_request_no sent.
 */
function expectUpload(stockId: string, codes: string[], refused: Record<string, string> = {}) {
  let requestNo = '';
  const taken = codes.filter((code) => !(code in refused));
  nock(WECHAT).post(`/v3/marketing/busifavor/stocks/${stockId}/couponcodes`, (body) => {
    requestNo = body.upload_request_no;
    return JSON.stringify(body.coupon_code_list) === JSON.stringify(codes) && /^UP[0-9a-f]{64}$/.test(requestNo);
  }).reply(wechatpayReply(200, {
    stock_id: stockId, total_count: codes.length, success_count: taken.length, success_codes: taken, success_time: '2026-11-28T12:00:00+08:00',
    fail_count: Object.keys(refused).length, fail_codes: Object.entries(refused).map(([coupon_code, message]) => ({ coupon_code, code: 'PARAM_ERROR', message })),
    exist_codes: [], duplicate_codes: [],
  }));
  return () => requestNo;
}

t.test('code mode upload: a MERCHANT_UPLOAD stock, codes uploaded once each, claims within them', async (t) => {
  let sent: Record<string, unknown> = {};
  const stockId = expectStock((body) => { sent = body; });
  const created = await a.api({ method: 'POST', url: `${base}/coupons`, payload: couponBody({ name: 'Upload', codeMode: 'upload', maxCoupons: 10, perUserLimit: 5 }) });
  t.equal(created.statusCode, 201, created.body);
  t.match(created.json(), { codeMode: 'upload', uploadedCount: 0, budgetLeft: 0 }, 'nothing to claim before codes are uploaded');
  t.equal(sent.coupon_code_mode, 'MERCHANT_UPLOAD');
  const coupon = { id: created.json().id as string, stockId };
  const codesUrl = `${base}/coupons/${coupon.id}/codes`;
  const upload = (codes: unknown) => a.api({ method: 'POST', url: codesUrl, payload: { codes } });
  const kim = await mallCustomer(kit, a, TEST_SP_APPID, 'o-nock-kim');
  const claim = (who: typeof kim) => who.api({ method: 'POST', url: `${base}/mall/coupons/${coupon.id}/claim` });
  const early = await claim(kim);
  t.match([early.statusCode, early.json().code, early.json().title], [409, 'LS_MERCHANT_COUPON_SOLD_OUT', /No codes left/]);
  t.match((await a.api({ method: 'GET', url: codesUrl })).json(), { total: 0, claimed: 0, used: 0, unused: 0, lastUploadAt: null });

  const invalid: [unknown, string][] = [
    [[], 'codes'], [['GOOD1', 'has space'], 'codes.1'], [['GOOD1', 'a-b'], 'codes.1'], [['x'.repeat(33)], 'codes.0'], [['券码'], 'codes.0'],
    [Array.from({ length: 201 }, (_, i) => `C${i}`), 'codes'], [[1], 'codes.0'],
  ];
  for (const [codes, field] of invalid) {
    const res = await upload(codes);
    t.same([res.statusCode, res.json().code, res.json().field], [400, 'LS_INPUT_INVALID', field], `${JSON.stringify(codes).slice(0, 40)} → ${field}`);
  }
  t.equal((await till({ method: 'POST', url: codesUrl, payload: { codes: ['GOOD1'] } })).statusCode, 403, 'a cashier cannot upload');

  const firstNo = expectUpload(stockId, ['AAA1', 'BBB2']);
  const first = await upload(['AAA1', 'BBB2', 'AAA1']);
  t.equal(first.statusCode, 200, first.body);
  t.same(first.json(), { uploaded: 2, total: 2, unused: 2, failed: [] }, 'a code repeated in the batch counts once');
  const again = await upload(['CCC3', 'BBB2']);
  t.same([again.statusCode, again.json().code, again.json().field], [400, 'LS_MERCHANT_COUPON_INPUT_INVALID', 'codes.1'], 'a code uploaded before is named');
  t.match(again.json().title, /already uploaded to this coupon/);

  let failedNo = '';
  nock(WECHAT).post(`/v3/marketing/busifavor/stocks/${stockId}/couponcodes`, (body) => { failedNo = body.upload_request_no; return true; })
    .reply(wechatpayReply(500, { code: 'SYSTEM_ERROR', message: '系统错误' }));
  const failed = await upload(['CCC3', 'DDD4']);
  t.same([failed.statusCode, failed.json().code], [502, 'LS_WECHATPAY_REQUEST_FAILED']);
  t.match((await a.api({ method: 'GET', url: codesUrl })).json(), { total: 2 }, 'nothing stored when WeChat failed');
  const retryNo = expectUpload(stockId, ['CCC3', 'DDD4'], { DDD4: 'code已存在于其他批次' });
  const retried = await upload(['CCC3', 'DDD4']);
  t.same(retried.json(), { uploaded: 1, total: 3, unused: 3, failed: [{ index: 1, code: 'DDD4', message: 'code已存在于其他批次' }] }, 'what WeChat refused, by its place');
  t.not(retryNo(), firstNo(), 'another batch, another upload_request_no');
  t.equal(retryNo(), failedNo, 'the retry of a batch sends the number the failed try sent: one upload at WeChat');

  const other = await createCoupon({ name: 'Other' });
  const wrongMode = await a.api({ method: 'POST', url: `${base}/coupons/${other.id}/codes`, payload: { codes: ['EEE5'] } });
  t.same([wrongMode.statusCode, wrongMode.json().code], [409, 'LS_MERCHANT_COUPON_STATE_INVALID'], 'a coupon whose codes WeChat assigns takes none');
  const second = await createCoupon({ name: 'Second', codeMode: 'upload' });
  const elsewhere = await a.api({ method: 'POST', url: `${base}/coupons/${second.id}/codes`, payload: { codes: ['EEE5', 'AAA1'] } });
  t.same([elsewhere.statusCode, elsewhere.json().field], [400, 'codes.1']);
  t.match(elsewhere.json().title, /another coupon/, 'a code names one coupon in the shop');

  const customers = [kim, ...await Promise.all(['lee', 'max', 'ned'].map((name) => mallCustomer(kit, a, TEST_SP_APPID, `o-nock-${name}`)))];
  const claims = [];
  for (const customer of customers) claims.push(await claim(customer));
  t.same(claims.map((res) => res.statusCode), [200, 200, 200, 409], 'three codes, three claims');
  t.match(claims[3]!.json(), { code: 'LS_MERCHANT_COUPON_SOLD_OUT', title: /No codes left: all 3 uploaded codes are taken/ });
  t.notOk(claims[0]!.json().params.send_coupon_params[0].coupon_code, 'WeChat picks the code');
  t.match((await a.api({ method: 'GET', url: `${base}/coupons/${coupon.id}` })).json(), { claimedCount: 3, uploadedCount: 3, budgetLeft: 0 });
  t.match((await kim.api({ method: 'GET', url: `${base}/mall/coupons` })).json().find((c: { id: string }) => c.id === coupon.id), { state: 'sold-out' });

  await couponSent(stockId, 'BBB2', 'o-nock-kim');
  const recorded = await eventually(async () => { const row = await claimState('BBB2'); return row?.state === 'available' && row; }, 'COUPON.SEND recorded');
  t.equal(recorded.customer_id, kim.customerId);
  const marked = await kit.asPlugin(a, (ctx) => ctx.db('coupon_codes').where({ code: 'BBB2' }).first());
  t.same([marked.claim_id, Boolean(marked.sent_at)], [recorded.id, true], 'the uploaded code WeChat sent is marked with its claim');
  const summary = (await a.api({ method: 'GET', url: codesUrl })).json();
  t.match(summary, { total: 3, claimed: 1, used: 0, unused: 2, budgetLeft: 0, lastUploadAt: /^\d{4}-/ });
  t.equal((await a.api({ method: 'GET', url: `${base}/coupons/${other.id}/codes` })).statusCode, 409);
});

t.test('a reservation WeChat never confirms gives its place back', async (t) => {
  const coupon = await createCoupon({ name: 'Stale', maxCoupons: 1, perUserLimit: 1 });
  const hank = await mallCustomer(kit, a, TEST_SP_APPID, 'o-nock-hank');
  t.equal((await hank.api({ method: 'POST', url: `${base}/mall/coupons/${coupon.id}/claim` })).statusCode, 200);
  t.equal((await hank.api({ method: 'POST', url: `${base}/mall/coupons/${coupon.id}/claim` })).json().code, 'LS_MERCHANT_COUPON_SOLD_OUT');
  const job = merchantCoupon.jobs!.find((j) => j.name === 'release-stale-claims')!;
  await kit.asPlugin(a, (ctx) => job.handler(ctx, {}));
  t.equal((await a.api({ method: 'GET', url: `${base}/coupons/${coupon.id}` })).json().claimedCount, 1, 'a fresh reservation is kept');
  await kit.asPlugin(a, (ctx) => ctx.db('claims').where({ coupon_id: coupon.id }).update({ created_at: new Date(Date.now() - 31 * 60_000) }));
  await kit.asPlugin(a, (ctx) => job.handler(ctx, {}));
  t.match((await a.api({ method: 'GET', url: `${base}/coupons/${coupon.id}` })).json(), { claimedCount: 0, budgetLeft: 1 }, 'one older than 30 minutes is released');
  const again = await hank.api({ method: 'POST', url: `${base}/mall/coupons/${coupon.id}/claim` });
  t.equal(again.statusCode, 200, 'and the customer may try again');

  await kit.asPlugin(a, (ctx) => ctx.db('claims').where({ coupon_id: coupon.id }).update({ created_at: new Date(Date.now() - 31 * 60_000) }));
  await kit.asPlugin(a, (ctx) => job.handler(ctx, {}));
  await couponSent(coupon.stockId, '1000000000000000000555', 'o-nock-hank');
  const late = await eventually(async () => { const row = await claimState('1000000000000000000555'); return row?.state === 'available' && row; }, 'a late COUPON.SEND recorded');
  t.equal(late.customer_id, hank.customerId, 'WeChat sent it after all: the released reservation is the customer\'s again');
  t.match((await a.api({ method: 'GET', url: `${base}/coupons/${coupon.id}` })).json(), { claimedCount: 1, budgetLeft: 0 });
});

t.test('after the first of two reservations is released, the customer may reserve again up to the limit', async (t) => {
  const coupon = await createCoupon({ name: 'Twice', maxCoupons: 10, perUserLimit: 2 });
  const ivy = await mallCustomer(kit, a, TEST_SP_APPID, 'o-nock-ivy');
  const claim = () => ivy.api({ method: 'POST', url: `${base}/mall/coupons/${coupon.id}/claim` });
  const first = await claim();
  t.equal(first.statusCode, 200);
  t.equal((await claim()).statusCode, 200);
  const job = merchantCoupon.jobs!.find((j) => j.name === 'release-stale-claims')!;
  await kit.asPlugin(a, (ctx) => ctx.db('claims').where({ id: first.json().claimId }).update({ created_at: new Date(Date.now() - 31 * 60_000) }));
  await kit.asPlugin(a, (ctx) => job.handler(ctx, {}));
  const third = await claim();
  t.equal(third.statusCode, 200, 'the released place is free again (its seq is not handed out twice)');
  t.equal((await claim()).json().code, 'LS_MERCHANT_COUPON_LIMIT_REACHED', 'and then the limit holds');
});

t.test('checkout and the till: refusals name the field; redeemed at WeChat when paid, returned when refunded', async (t) => {
  const coupon = await createCoupon({ name: 'Store one', scene: 'offline', scope: 'chosen', storeIds: [a.storeIds[0]], skuIds: [a.skus.chips.id], thresholdFen: 1000, amountFen: 300 });
  const gina = await mallCustomer(kit, a, TEST_SP_APPID, 'o-nock-gina');
  await gina.api({ method: 'POST', url: `${base}/mall/coupons/${coupon.id}/claim` });
  const code = '1000000000000000000777';
  await couponSent(coupon.stockId, code, 'o-nock-gina');
  await eventually(async () => (await claimState(code))?.state === 'available', 'claim recorded');

  const sell = (store: number, lines: { skuId: string; quantity: number }[], clientOrderId: string, payFen: number) => till({ method: 'POST', url: '/api/v1/pos/orders', payload: {
    clientOrderId, storeId: a.storeIds[store], lines, tenders: [{ method: 'cash', amountFen: payFen }], pluginInputs: { 'merchant-coupon': { code } },
  } });
  const noProduct = await sell(0, [{ skuId: a.skus.cola.id, quantity: 4 }], 'mc-no-product', 1400);
  t.same([noProduct.statusCode, noProduct.json().field, noProduct.json().plugin, noProduct.json().code], [400, 'pluginInputs.merchant-coupon.code', 'merchant-coupon', 'LS_MERCHANT_COUPON_CODE_UNUSABLE']);
  const quote = await till({ method: 'POST', url: '/api/v1/checkout/price', payload: { storeId: a.storeIds[0], lines: [{ skuId: a.skus.cola.id, quantity: 1 }], pluginInputs: { 'merchant-coupon': { code: 'not a code!' } } } });
  t.same([quote.statusCode, quote.json().field], [400, 'pluginInputs.merchant-coupon.code'], 'a malformed code is named too');
  const wrongStore = await a.api({ method: 'POST', url: '/api/v1/checkout/price', payload: { storeId: a.storeIds[1], lines: [{ skuId: a.skus.chips.id, quantity: 1 }], pluginInputs: { 'merchant-coupon': { code } } } });
  t.match(wrongStore.json(), { status: 400, detail: undefined, title: /本门店/ });
  const online = await a.api({ method: 'POST', url: '/api/v1/checkout/price', payload: { channel: 'mall', customerId: gina.customerId, storeId: a.storeIds[0], lines: [{ skuId: a.skus.chips.id, quantity: 1 }], pluginInputs: { 'merchant-coupon': { code } } } });
  t.match(online.json(), { status: 400, title: /门店使用/ }, 'an offline coupon is not for the mall');

  const picker = (await till({ method: 'POST', url: `${base}/till/picker`, payload: { storeId: a.storeIds[0], customerId: gina.customerId, lines: [{ skuId: a.skus.chips.id, quantity: 1 }, { skuId: a.skus.cola.id, quantity: 1 }] } })).json();
  t.match(picker, [{ code, applicable: true, discountFen: 300 }], 'the till\'s picker for a member');
  t.equal((await till({ method: 'POST', url: `${base}/till/picker`, payload: { storeId: a.storeIds[1], lines: [{ skuId: a.skus.chips.id, quantity: 1 }] } })).statusCode, 404, 'a cashier of store 1 cannot price store 2');

  let useBody: Record<string, unknown> = {};
  nock(WECHAT).post('/v3/marketing/busifavor/coupons/use').reply(wechatpayReply(500, { code: 'SYSTEM_ERROR', message: '系统繁忙' }));
  nock(WECHAT).post('/v3/marketing/busifavor/coupons/use', (body) => { useBody = body; return true; })
    .reply(wechatpayReply(200, { stock_id: coupon.stockId, openid: 'o-nock-gina', wechatpay_use_time: '2026-11-28T12:30:00+08:00' }));
  const sale = await sell(0, [{ skuId: a.skus.chips.id, quantity: 1 }, { skuId: a.skus.cola.id, quantity: 1 }], 'mc-sale-first', 1300);
  t.equal(sale.statusCode, 201, sale.body);
  t.equal(sale.json().totalFen, 1600 - 300);
  t.match(sale.json().adjustments, [{ source: 'merchant-coupon', lineId: sale.json().lines[0].id, amountFen: -300 }], 'the discount sits on the chosen line');
  const redeemed = await eventually(async () => { const row = await claimState(code); return row?.wechat_used_at && row; }, 'redeemed at WeChat after a retry', 20_000);
  t.match(useBody, { coupon_code: code, appid: TEST_SP_APPID, stock_id: coupon.stockId, use_request_no: redeemed.use_request_no });
  t.equal(redeemed.state, 'used');
  const twice = await sell(0, [{ skuId: a.skus.chips.id, quantity: 1 }], 'mc-sale-again', 1250);
  t.same([twice.statusCode, twice.json().title], [400, '该券已使用']);

  let returnBody: Record<string, unknown> = {};
  nock(WECHAT).post('/v3/marketing/busifavor/coupons/return', (body) => { returnBody = body; return true; })
    .reply(wechatpayReply(200, { wechatpay_return_time: '2026-11-28T13:00:00+08:00' }));
  const refund = await a.api({ method: 'POST', url: `/api/v1/orders/${sale.json().id}/refunds`, payload: { reason: '退货' } });
  t.equal(refund.statusCode, 201, refund.body);
  const back = await eventually(async () => { const row = await claimState(code); return row?.state === 'available' && row; }, 'returned');
  t.match(returnBody, { coupon_code: code, stock_id: coupon.stockId, return_request_no: back.return_request_no });
  t.equal(back.order_id, null);
});

t.test('voiding (作废): at WeChat with the claim\'s request number, retried alike; the code is then refused everywhere', async (t) => {
  const coupon = await createCoupon({ name: 'Void me' });
  const hana = await mallCustomer(kit, a, TEST_SP_APPID, 'o-nock-hana');
  await hana.api({ method: 'POST', url: `${base}/mall/coupons/${coupon.id}/claim` });
  const pending = (await hana.api({ method: 'POST', url: `${base}/mall/coupons/${coupon.id}/claim` })).json() as { claimId: string };
  const code = '1000000000000000000888';
  await couponSent(coupon.stockId, code, 'o-nock-hana');
  const held = await eventually(async () => { const row = await claimState(code); return row?.state === 'available' && row; }, 'claim recorded');
  const voidUrl = (claimId: string) => `${base}/coupons/${coupon.id}/claims/${claimId}/deactivate`;

  for (const [payload, field] of [[{}, 'reason'], [{ reason: '' }, 'reason'], [{ reason: '发错了'.repeat(7) }, 'reason']] as const) {
    const res = await a.api({ method: 'POST', url: voidUrl(held.id), payload });
    t.same([res.statusCode, res.json().field], [400, field], `${JSON.stringify(payload)} is refused on ${field}`);
  }
  t.same([(await a.api({ method: 'POST', url: voidUrl('nope'), payload: { reason: '发错了' } })).json().field], ['claimId']);
  const unknown = await a.api({ method: 'POST', url: voidUrl('01900000-0000-7000-8000-000000000000'), payload: { reason: '发错了' } });
  t.same([unknown.statusCode, unknown.json().field], [404, 'claimId']);
  const notSent = await a.api({ method: 'POST', url: voidUrl(pending.claimId), payload: { reason: '发错了' } });
  t.match(notSent.json(), { status: 409, code: 'LS_MERCHANT_COUPON_STATE_INVALID', field: 'claimId', title: /has not sent it/ }, 'a reservation WeChat has not sent cannot be voided');
  t.equal((await b.api({ method: 'POST', url: voidUrl(held.id), payload: { reason: '发错了' } })).statusCode, 404, 'B cannot void A\'s');

  const sent: Record<string, unknown>[] = [];
  nock(WECHAT).post('/v3/marketing/busifavor/coupons/deactivate', (body) => { sent.push(body); return true; })
    .reply(wechatpayReply(500, { code: 'SYSTEM_ERROR', message: '系统繁忙' }));
  const failed = await a.api({ method: 'POST', url: voidUrl(held.id), payload: { reason: '发错了' } });
  t.ok(failed.statusCode >= 500, `WeChat failing fails the request (${failed.statusCode})`);
  t.equal((await claimState(code))!.state, 'available', 'and leaves the coupon usable');
  nock(WECHAT).post('/v3/marketing/busifavor/coupons/deactivate', (body) => { sent.push(body); return true; })
    .reply(wechatpayReply(200, { wechatpay_deactivate_time: '2026-11-28T14:00:00+08:00' }));
  const voided = await a.api({ method: 'POST', url: voidUrl(held.id), payload: { reason: '发错了' } });
  t.equal(voided.statusCode, 200, voided.body);
  t.match(voided.json(), { id: held.id, code, state: 'deactivated', deactivateReason: '发错了', deactivatedAt: '2026-11-28T06:00:00.000Z', customerId: hana.customerId });
  t.match(sent, [
    { coupon_code: code, stock_id: coupon.stockId, deactivate_request_no: `D${held.id.replaceAll('-', '')}`, deactivate_reason: '发错了' },
    { deactivate_request_no: `D${held.id.replaceAll('-', '')}` },
  ], 'the retry sends the same request number');
  const again = await a.api({ method: 'POST', url: voidUrl(held.id), payload: { reason: '再次' } });
  t.match([again.statusCode, again.json()], [200, { state: 'deactivated', deactivateReason: '发错了' }], 'voiding twice answers it unchanged, without WeChat');

  const log = await a.api({ method: 'GET', url: `${base}/coupons/${coupon.id}/claims?state=deactivated` });
  t.match(log.json(), [{ id: held.id, state: 'deactivated' }]);
  t.equal(log.headers['x-total-count'], '1');
  const quote = await till({ method: 'POST', url: '/api/v1/checkout/price', payload: { storeId: a.storeIds[0], lines: [{ skuId: a.skus.chips.id, quantity: 2 }], pluginInputs: { 'merchant-coupon': { code } } } });
  t.match([quote.statusCode, quote.json()], [400, { field: 'pluginInputs.merchant-coupon.code', title: '该券已被商家作废', reason: 'deactivated' }]);
  const scan = await till({ method: 'POST', url: '/api/v1/pos/scan', payload: { storeId: a.storeIds[0], code } });
  t.match(scan.json(), { kind: 'message', label: '商家券不可用：该券已被商家作废' });
  const wallet = (await hana.api({ method: 'GET', url: `${base}/mall/wallet` })).json() as { code: string; state: string; validText: string }[];
  t.match(wallet.find((c) => c.code === code), { state: 'expired', validText: '已被商家作废' }, 'the wallet shows it no longer valid, and why');
  const picker = (await till({ method: 'POST', url: `${base}/till/picker`, payload: { storeId: a.storeIds[0], customerId: hana.customerId, lines: [{ skuId: a.skus.chips.id, quantity: 2 }] } })).json();
  t.same(picker, [], 'the till offers it no more');
});

t.test('the apps learn about it from the extension manifest; B sees nothing', async (t) => {
  const manifest = (await a.api({ method: 'GET', url: '/api/v1/extensions' })).json();
  t.match(manifest.admin.menu.find((entry: { pluginId: string }) => entry.pluginId === 'merchant-coupon'), { parent: 'marketing', page: { kind: 'bundle', module: 'coupons.js' } });
  t.same(manifest.pos.cartPanels.filter((p: { pluginId: string }) => p.pluginId === 'merchant-coupon').map((p: { block: { type: string } }) => p.block.type), ['coupon-picker']);
  t.same(manifest.mall.blocks.filter((p: { pluginId: string }) => p.pluginId === 'merchant-coupon').map((p: { slot: string; block: { type: string } }) => `${p.slot}:${p.block.type}`),
    ['home:coupon-list', 'product:coupon-list', 'checkout:coupon-picker', 'member:coupon-wallet']);
  const other = (await b.api({ method: 'GET', url: '/api/v1/extensions' })).json();
  t.same([other.admin.menu, other.pos.cartPanels, other.mall.blocks], [[], [], []]);
  for (const url of [`${base}/coupons`, `${base}/coupons/${crypto.randomUUID()}/claims`]) {
    t.equal((await b.api({ method: 'GET', url })).statusCode, 404, url);
  }
  const ignored = await b.api({ method: 'POST', url: '/api/v1/checkout/price', payload: { storeId: b.storeIds[0], lines: [{ skuId: b.skus.cola.id, quantity: 1 }], pluginInputs: { 'merchant-coupon': { code: 'x' } } } });
  t.equal(ignored.statusCode, 200, 'B\'s checkout never runs the plugin');
});

t.test('its migrations go up, down and up again', async (t) => {
  t.same(await checkMigrations(merchantCoupon), ['claimants', 'claims', 'coupon_codes', 'coupons']);
});

t.test('the claim QR code and poster open the mall\'s coupon centre for this merchant and coupon', async (t) => {
  const coupon = await createCoupon();
  const png = await a.api({ method: 'GET', url: `${base}/coupons/${coupon.id}/qrcode.png?storeId=${a.storeIds[0]}` });
  t.equal(png.statusCode, 200, png.body);
  t.equal(png.headers['content-type'], 'image/png');
  t.same([...png.rawPayload.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG');
  const poster = await a.api({ method: 'GET', url: `${base}/coupons/${coupon.id}/poster.svg` });
  t.equal(poster.statusCode, 200);
  t.match(poster.headers['content-type'], /^image\/svg\+xml/);
  t.match(poster.body, /微信扫码领取/);
  t.match(poster.body, /<svg x="60" y="200"/, 'the QR code inside the poster');
  t.equal(claimUrl('https://shop.example.com', a.tenantId, coupon.id, a.storeIds[0]),
    `https://shop.example.com/mall/#/pages/coupons/index?tenantId=${a.tenantId}&couponId=${coupon.id}&storeId=${a.storeIds[0]}`);
  t.equal((await kit.b.api({ method: 'GET', url: `${base}/coupons/${coupon.id}/qrcode.png` })).statusCode, 404, 'not for another merchant');
});
