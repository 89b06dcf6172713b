import t from 'tap';
import nock from 'nock';
import { LingshouError } from '../errors.ts';
import {
  createBusifavorStock, deactivateBusifavorCoupon, getBusifavorStock, returnBusifavorCoupon, updateBusifavorBudget, updateBusifavorStock,
  useBusifavorCoupon, type CreateBusifavorStockInput,
} from './busifavor.ts';
import { DEFAULT_BASE_URL, WechatpayClient } from './client.ts';
import {
  createFavorStock, getFavorStock, pauseFavorStock, restartFavorStock, sendFavorCoupon, startFavorStock, type CreateFavorStockInput,
} from './favor.ts';
import { TEST_NOW_MS, TEST_SP_APPID, TEST_SP_MCHID, TEST_SUB_MCHID, testPartner, wechatpayReply, type CapturedRequest } from './testing.ts';
import { buildSendCouponParams, v2Sign } from './v2-sign.ts';

nock.disableNetConnect();
t.afterEach(() => {
  nock.cleanAll();
});

const partner = testPartner('certificate');
const api = new WechatpayClient({ credentials: partner.credentials, now: () => TEST_NOW_MS });
const signed = (captured?: CapturedRequest[]) => ({ captured, merchantPublicKeyPem: partner.merchant.publicKeyPem });

async function code(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof LingshouError) return `${error.code}${error.field ? `@${error.field}` : ''}`;
    throw error;
  }
  return 'no error';
}

/** A 满100减10 merchant coupon for a sub-merchant, fields as in notes §A. */
const busifavorStock: CreateBusifavorStockInput = {
  stock_name: '西湖店满100减10',
  belong_merchant: TEST_SUB_MCHID,
  comment: '双十一',
  goods_name: '全场通用',
  stock_type: 'NORMAL',
  coupon_use_rule: {
    coupon_available_time: { available_begin_time: '2025-12-01T00:00:00+08:00', available_end_time: '2025-12-31T23:59:59+08:00', available_day_after_receive: 7 },
    fixed_normal_coupon: { discount_amount: 1000, transaction_minimum: 10000 },
    use_method: 'OFF_LINE',
  },
  stock_send_rule: { max_coupons: 1000, max_coupons_per_user: 1, natural_person_limit: false, prevent_api_abuse: false },
  out_request_no: `${TEST_SUB_MCHID}20251128000001`,
  coupon_code_mode: 'WECHATPAY_MODE',
  custom_entrance: { code_display_mode: 'BARCODE' },
  notify_config: { notify_appid: TEST_SP_APPID },
};

t.test('busifavor: create, query, PATCH the stock (204) and its budget', async (t) => {
  const captured: CapturedRequest[] = [];
  nock(DEFAULT_BASE_URL)
    .post('/v3/marketing/busifavor/stocks', JSON.parse(JSON.stringify(busifavorStock)))
    .reply(wechatpayReply(200, { stock_id: '1212', create_time: '2025-11-28T10:00:00+08:00' }, signed(captured)))
    .get('/v3/marketing/busifavor/stocks/1212')
    .reply(wechatpayReply(200, {
      ...busifavorStock, stock_id: '1212', stock_state: 'RUNNING', coupon_code_count: { total_count: 0, available_count: 0 },
      send_count_information: { total_send_num: 3, total_send_amount: 3000, today_send_num: 1, today_send_amount: 1000 },
    }, signed(captured)))
    .patch('/v3/marketing/busifavor/stocks/1212', { out_request_no: 'M1', goods_name: '全场通用（除烟酒）' })
    .reply(wechatpayReply(204, undefined, { ...signed(captured), signer: null }))
    .patch('/v3/marketing/busifavor/stocks/1212/budget', { target_max_coupons: 3000, current_max_coupons: 1000, modify_budget_request_no: 'B1' })
    .reply(wechatpayReply(200, { max_coupons: 3000 }, signed(captured)));

  t.same(await createBusifavorStock(api, busifavorStock), { stock_id: '1212', create_time: '2025-11-28T10:00:00+08:00' });
  const stock = await getBusifavorStock(api, '1212');
  t.equal(stock.stock_state, 'RUNNING');
  t.equal(stock.send_count_information?.total_send_num, 3);
  t.equal(await updateBusifavorStock(api, '1212', { out_request_no: 'M1', goods_name: '全场通用（除烟酒）' }), undefined);
  t.same(await updateBusifavorBudget(api, '1212', { target_max_coupons: 3000, current_max_coupons: 1000, modify_budget_request_no: 'B1' }), { max_coupons: 3000 });
  t.same(captured.map((c) => `${c.method} ${c.url} ${c.signatureValid}`), [
    'POST /v3/marketing/busifavor/stocks true',
    'GET /v3/marketing/busifavor/stocks/1212 true',
    'PATCH /v3/marketing/busifavor/stocks/1212 true',
    'PATCH /v3/marketing/busifavor/stocks/1212/budget true',
  ]);
});

t.test('busifavor: WeChat\'s limits are checked before calling', async (t) => {
  const bad = (patch: Partial<CreateBusifavorStockInput>) => code(createBusifavorStock(api, { ...busifavorStock, ...patch }));
  nock(DEFAULT_BASE_URL).post('/v3/marketing/busifavor/stocks').reply(wechatpayReply(200, { stock_id: '1', create_time: 'x' }));
  t.equal(await bad({ stock_name: '一二三四五六七八九十一二三四五六七八九十一' }), 'no error', '21 Chinese characters are allowed');
  t.equal(await bad({ stock_name: '一二三四五六七八九十一二三四五六七八九十一二' }), 'LS_INPUT_INVALID@stock_name', '22 characters');
  t.equal(await bad({ goods_name: '一二三四五六七八九十一二三四五六' }), 'LS_INPUT_INVALID@goods_name', '16 characters');
  t.equal(await bad({ belong_merchant: '1234567' }), 'LS_INPUT_INVALID@belong_merchant');
  t.equal(await bad({ stock_send_rule: { max_coupons: 10, max_coupons_per_user: 101 } }), 'LS_INPUT_INVALID@stock_send_rule.max_coupons_per_user');
  t.equal(await bad({ stock_send_rule: { max_coupons: 0, max_coupons_per_user: 1 } }), 'LS_INPUT_INVALID@stock_send_rule.max_coupons');
  t.equal(await bad({ stock_type: 'DISCOUNT' }), 'LS_INPUT_INVALID@coupon_use_rule', 'rule does not match the type');
  t.equal(await bad({ coupon_use_rule: { ...busifavorStock.coupon_use_rule, use_method: 'MINI_PROGRAMS' } }),
    'LS_INPUT_INVALID@coupon_use_rule.mini_programs_appid');
  t.equal(await code(updateBusifavorBudget(api, '1', { modify_budget_request_no: 'B' })), 'LS_INPUT_INVALID@target_max_coupons');
});

t.test('busifavor: redeem at the till, return, deactivate', async (t) => {
  const useBody = {
    coupon_code: 'sxxe34343434', appid: TEST_SP_APPID, use_time: '2025-11-28T10:00:00+08:00', use_request_no: 'U1', stock_id: '1212',
  };
  nock(DEFAULT_BASE_URL)
    .post('/v3/marketing/busifavor/coupons/use', useBody)
    .reply(wechatpayReply(200, { stock_id: '1212', openid: 'o1', wechatpay_use_time: '2025-11-28T10:00:01+08:00' }, signed()))
    .post('/v3/marketing/busifavor/coupons/return', { coupon_code: 'sxxe34343434', stock_id: '1212', return_request_no: 'R1' })
    .reply(wechatpayReply(200, { wechatpay_return_time: '2025-11-28T11:00:00+08:00' }, signed()))
    .post('/v3/marketing/busifavor/coupons/deactivate', { coupon_code: 'c2', stock_id: '1212', deactivate_request_no: 'D1', deactivate_reason: '设置错误' })
    .reply(wechatpayReply(200, { wechatpay_deactivate_time: '2025-11-28T12:00:00+08:00' }, signed()))
    .post('/v3/marketing/busifavor/coupons/use')
    .reply(wechatpayReply(400, { code: 'RESOURCE_ALREADY_EXISTS', message: '券已被核销' }, signed()));
  t.same(await useBusifavorCoupon(api, useBody), { stock_id: '1212', openid: 'o1', wechatpay_use_time: '2025-11-28T10:00:01+08:00' });
  t.same(await returnBusifavorCoupon(api, { coupon_code: 'sxxe34343434', stock_id: '1212', return_request_no: 'R1' }), { wechatpay_return_time: '2025-11-28T11:00:00+08:00' });
  t.same(await deactivateBusifavorCoupon(api, { coupon_code: 'c2', stock_id: '1212', deactivate_request_no: 'D1', deactivate_reason: '设置错误' }),
    { wechatpay_deactivate_time: '2025-11-28T12:00:00+08:00' });
  try {
    await useBusifavorCoupon(api, useBody);
    t.fail('should throw');
  } catch (error) {
    t.match(error, { code: 'LS_WECHATPAY_REQUEST_FAILED', extra: { wechatCode: 'RESOURCE_ALREADY_EXISTS', httpStatus: 400, verified: true } });
  }
});

t.test('busifavor: send_coupon_params for the mini-program plugin, signed with the APIv2 key', async (t) => {
  const params = buildSendCouponParams({
    coupons: [{ stock_id: '1212', out_request_no: 'S-0001' }],
    sendCouponMerchant: partner.credentials.spMchid,
    apiv2Key: partner.credentials.apiv2Key,
  });
  t.equal(params.send_coupon_merchant, TEST_SP_MCHID);
  t.equal(params.sign, v2Sign({ out_request_no0: 'S-0001', send_coupon_merchant: TEST_SP_MCHID, stock_id0: '1212' }, partner.credentials.apiv2Key!, 'HMAC-SHA256'));
  t.match(params.sign, /^[0-9A-F]{64}$/);
});

/** A pre-charged 满100减10 voucher stock (notes §B). */
const favorStock: CreateFavorStockInput = {
  stock_name: '微信支付代金券满100减10',
  available_begin_time: '2025-12-01T00:00:00.000+08:00',
  available_end_time: '2025-12-31T23:59:59.000+08:00',
  stock_use_rule: { max_coupons: 100, max_amount: 100000, max_coupons_per_user: 1, natural_person_limit: false, prevent_api_abuse: false },
  no_cash: false,
  stock_type: 'NORMAL',
  belong_merchant: TEST_SUB_MCHID,
  coupon_use_rule: { fixed_normal_coupon: { coupon_amount: 1000, transaction_minimum: 10000 }, goods_tag: ['LS_STORE_01'], available_merchants: [TEST_SUB_MCHID] },
  out_request_no: `${TEST_SP_MCHID}20251128000001`,
};

t.test('favor: create, start, pause, restart, query, send to a user', async (t) => {
  const captured: CapturedRequest[] = [];
  const creator = { stock_creator_mchid: TEST_SP_MCHID };
  nock(DEFAULT_BASE_URL)
    .post('/v3/marketing/favor/coupon-stocks', JSON.parse(JSON.stringify(favorStock)))
    .reply(wechatpayReply(200, { stock_id: '9856000', create_time: '2025-11-28T10:00:00.000+08:00' }, signed(captured)))
    .post('/v3/marketing/favor/stocks/9856000/start', creator).reply(wechatpayReply(200, { stock_id: '9856000', start_time: '2025-11-28T10:01:00.000+08:00' }, signed(captured)))
    .post('/v3/marketing/favor/stocks/9856000/pause', creator).reply(wechatpayReply(200, { stock_id: '9856000', pause_time: '2025-11-28T10:02:00.000+08:00' }, signed(captured)))
    .post('/v3/marketing/favor/stocks/9856000/restart', creator).reply(wechatpayReply(200, { stock_id: '9856000', restart_time: '2025-11-28T10:03:00.000+08:00' }, signed(captured)))
    .get('/v3/marketing/favor/stocks/9856000').query(creator)
    .reply(wechatpayReply(200, {
      ...favorStock, stock_id: '9856000', stock_creator_mchid: TEST_SP_MCHID, status: 'running', description: '', distributed_coupons: 5,
    }, signed(captured)))
    .post('/v3/marketing/favor/users/o%2F1/coupons', { stock_id: '9856000', out_request_no: 'SEND-1', appid: TEST_SP_APPID, stock_creator_mchid: TEST_SP_MCHID })
    .reply(wechatpayReply(200, { coupon_id: '98674556' }, signed(captured)));

  t.same(await createFavorStock(api, favorStock), { stock_id: '9856000', create_time: '2025-11-28T10:00:00.000+08:00' });
  t.equal((await startFavorStock(api, '9856000')).start_time, '2025-11-28T10:01:00.000+08:00');
  t.equal((await pauseFavorStock(api, '9856000')).pause_time, '2025-11-28T10:02:00.000+08:00');
  t.equal((await restartFavorStock(api, '9856000')).restart_time, '2025-11-28T10:03:00.000+08:00');
  const stock = await getFavorStock(api, '9856000');
  t.equal(stock.status, 'running');
  t.equal(stock.distributed_coupons, 5);
  t.same(await sendFavorCoupon(api, 'o/1', { stock_id: '9856000', out_request_no: 'SEND-1', appid: TEST_SP_APPID }), { coupon_id: '98674556' });
  t.ok(captured.every((c) => c.signatureValid), 'all signed');
  t.equal(captured.length, 6);
});

t.test('favor: amounts are whole fen', async (t) => {
  t.equal(await code(createFavorStock(api, { ...favorStock, stock_use_rule: { ...favorStock.stock_use_rule, max_amount: 99.5 } })),
    'LS_INPUT_INVALID@stock_use_rule.max_amount');
  t.equal(await code(createFavorStock(api, { ...favorStock, coupon_use_rule: { fixed_normal_coupon: { coupon_amount: 0, transaction_minimum: 0 } } })),
    'LS_INPUT_INVALID@coupon_use_rule.fixed_normal_coupon.coupon_amount');
  t.equal(await code(createFavorStock(api, { ...favorStock, out_request_no: '' })), 'LS_INPUT_INVALID@out_request_no');
});
