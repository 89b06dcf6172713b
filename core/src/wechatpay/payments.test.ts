import t from 'tap';
import nock from 'nock';
import { verify as rsaVerify } from 'node:crypto';
import { LingshouError } from '../errors.ts';
import { DEFAULT_BASE_URL, WechatpayClient } from './client.ts';
import {
  closePartnerTransaction, createPartnerCodepay, createPartnerJsapiPrepay, queryPartnerTransactionById,
  queryPartnerTransactionByOutTradeNo, reversePartnerTransaction,
} from './payments.ts';
import { createRefund, queryRefund } from './refunds.ts';
import { TEST_NOW_MS, TEST_SP_APPID, TEST_SP_MCHID, TEST_SUB_MCHID, testPartner, wechatpayReply, type CapturedRequest } from './testing.ts';
import { FINAL_TRADE_STATES } from './types.ts';

nock.disableNetConnect();
t.afterEach(() => {
  nock.cleanAll();
});

const partner = testPartner('both');
const api = new WechatpayClient({ credentials: partner.credentials, now: () => TEST_NOW_MS });
const signed = (captured?: CapturedRequest[]) => ({ captured, merchantPublicKeyPem: partner.merchant.publicKeyPem, signer: partner.keyPlatform });

async function code(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof LingshouError) return `${error.code}${error.field ? `@${error.field}` : ''}`;
    throw error;
  }
  return 'no error';
}

/** A partner transaction with a voucher applied, shaped like [WIM] codepay / out-trade-no answers. */
const paidTransaction = {
  sp_appid: TEST_SP_APPID,
  sp_mchid: TEST_SP_MCHID,
  sub_mchid: TEST_SUB_MCHID,
  out_trade_no: 'LS20251128000001',
  transaction_id: '4200000000000000000000000001',
  trade_type: 'MICROPAY',
  trade_state: 'SUCCESS',
  trade_state_desc: '支付成功',
  bank_type: 'OTHERS',
  success_time: '2025-11-28T08:00:00+08:00',
  payer: { sp_openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
  amount: { total: 10000, payer_total: 9000, currency: 'CNY', payer_currency: 'CNY' },
  promotion_detail: [{
    coupon_id: '109519', name: '满100减10', scope: 'GLOBAL', type: 'CASH', amount: 1000, stock_id: '931386',
    wechatpay_contribute: 0, merchant_contribute: 1000, other_contribute: 0, currency: 'CNY',
    goods_detail: [{ goods_id: 'M1', quantity: 1, unit_price: 10000, discount_amount: 1000, goods_remark: '' }],
  }],
};

t.test('partner JSAPI prepay returns requestPayment parameters whose paySign verifies', async (t) => {
  const captured: CapturedRequest[] = [];
  const expectedBody = {
    sp_appid: TEST_SP_APPID, sp_mchid: TEST_SP_MCHID, sub_mchid: TEST_SUB_MCHID, description: '零售-西湖店',
    out_trade_no: 'LS20251128000001', notify_url: 'https://shop.example/wechatpay/notify', amount: { total: 100, currency: 'CNY' },
    payer: { sp_openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' }, goods_tag: 'VIP',
  };
  nock(DEFAULT_BASE_URL).post('/v3/pay/partner/transactions/jsapi', expectedBody)
    .reply(wechatpayReply(200, { prepay_id: 'wx201410272009395522657a690389285100' }, signed(captured)));
  const result = await createPartnerJsapiPrepay(api, {
    sub_mchid: TEST_SUB_MCHID, description: '零售-西湖店', out_trade_no: 'LS20251128000001',
    notify_url: 'https://shop.example/wechatpay/notify', amount: { total: 100, currency: 'CNY' },
    payer: { sp_openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' }, goods_tag: 'VIP',
  });
  t.ok(captured[0]!.signatureValid);
  t.equal(result.prepayId, 'wx201410272009395522657a690389285100');
  const pay = result.requestPayment;
  t.equal(pay.appId, TEST_SP_APPID, 'sp_openid pays under sp_appid');
  t.equal(pay.package, 'prepay_id=wx201410272009395522657a690389285100');
  t.equal(pay.signType, 'RSA');
  t.equal(pay.timeStamp, String(TEST_NOW_MS / 1000));
  t.match(pay.nonceStr, /^[0-9A-Z]{32}$/);
  const message = `${pay.appId}\n${pay.timeStamp}\n${pay.nonceStr}\n${pay.package}\n`;
  t.ok(rsaVerify('RSA-SHA256', Buffer.from(message), partner.merchant.publicKeyPem, Buffer.from(pay.paySign, 'base64')),
    'paySign verifies with the merchant public key');
});

t.test('sub_openid pays under sub_appid (GUESS in the notes)', async (t) => {
  nock(DEFAULT_BASE_URL).post('/v3/pay/partner/transactions/jsapi').reply(wechatpayReply(200, { prepay_id: 'p1' }, signed()));
  const result = await createPartnerJsapiPrepay(api, {
    sub_mchid: TEST_SUB_MCHID, sub_appid: 'wxd678efh567hg6999', description: 'd', out_trade_no: 'o', notify_url: 'https://n',
    amount: { total: 1 }, payer: { sub_openid: 'sub-openid' },
  }, { timeStamp: '1700000000', nonceStr: 'N' });
  t.equal(result.requestPayment.appId, 'wxd678efh567hg6999');
  t.equal(result.requestPayment.timeStamp, '1700000000');
  t.equal(result.requestPayment.nonceStr, 'N');
});

t.test('prepay input is checked before calling', async (t) => {
  const base = { sub_mchid: TEST_SUB_MCHID, description: 'd', out_trade_no: 'o', notify_url: 'https://n', payer: { sp_openid: 'x' } };
  t.equal(await code(createPartnerJsapiPrepay(api, { ...base, amount: { total: 0 } })), 'LS_INPUT_INVALID@amount.total');
  t.equal(await code(createPartnerJsapiPrepay(api, { ...base, amount: { total: 9.9 } })), 'LS_INPUT_INVALID@amount.total', 'fen are whole');
  t.equal(await code(createPartnerJsapiPrepay(api, { ...base, amount: { total: 1 }, payer: {} })), 'LS_INPUT_INVALID@payer');
  t.equal(await code(createPartnerJsapiPrepay(api, { ...base, amount: { total: 1 }, payer: { sub_openid: 'y' } })), 'LS_INPUT_INVALID@sub_appid');
});

t.test('partner code pay sends the payment code and store, returns trade_state and promotion_detail', async (t) => {
  const captured: CapturedRequest[] = [];
  nock(DEFAULT_BASE_URL).post('/v3/pay/partner/transactions/codepay', {
    sp_appid: TEST_SP_APPID, sp_mchid: TEST_SP_MCHID, sub_mchid: TEST_SUB_MCHID, description: '收银台', out_trade_no: 'LS20251128000001',
    payer: { auth_code: '130061098828009406' }, amount: { total: 10000 }, scene_info: { device_id: 'POS-01', store_info: { out_id: 'S01' } },
  }).reply(wechatpayReply(200, paidTransaction, signed(captured)));
  const transaction = await createPartnerCodepay(api, {
    sub_mchid: TEST_SUB_MCHID, description: '收银台', out_trade_no: 'LS20251128000001', payer: { auth_code: '130061098828009406' },
    amount: { total: 10000 }, scene_info: { device_id: 'POS-01', store_info: { out_id: 'S01' } },
  });
  t.ok(captured[0]!.signatureValid);
  t.equal(transaction.trade_state, 'SUCCESS');
  t.ok(FINAL_TRADE_STATES.includes(transaction.trade_state));
  t.equal(transaction.amount?.payer_total, 9000);
  t.equal(transaction.promotion_detail?.[0]?.type, 'CASH');
  t.equal(transaction.promotion_detail?.[0]?.amount, 1000);
  t.equal(await code(createPartnerCodepay(api, {
    sub_mchid: TEST_SUB_MCHID, description: 'd', out_trade_no: 'o', payer: { auth_code: '1' }, amount: { total: 1 }, scene_info: { store_info: {} },
  })), 'LS_INPUT_INVALID@scene_info.store_info');
});

t.test('code pay while the customer enters the password: USERPAYING, then query, then reverse', async (t) => {
  nock(DEFAULT_BASE_URL)
    .post('/v3/pay/partner/transactions/codepay').reply(wechatpayReply(200, { ...paidTransaction, trade_state: 'USERPAYING', promotion_detail: undefined }, signed()))
    .get('/v3/pay/partner/transactions/out-trade-no/LS20251128000001').query({ sp_mchid: TEST_SP_MCHID, sub_mchid: TEST_SUB_MCHID })
    .reply(wechatpayReply(200, { ...paidTransaction, trade_state: 'USERPAYING' }, signed()))
    .post('/v3/pay/partner/transactions/out-trade-no/LS20251128000001/reverse', { sp_appid: TEST_SP_APPID, sp_mchid: TEST_SP_MCHID, sub_mchid: TEST_SUB_MCHID })
    .reply(wechatpayReply(200, { sp_mchid: TEST_SP_MCHID, sub_mchid: TEST_SUB_MCHID, out_trade_no: 'LS20251128000001' }, signed()));
  const first = await createPartnerCodepay(api, {
    sub_mchid: TEST_SUB_MCHID, description: 'd', out_trade_no: 'LS20251128000001', payer: { auth_code: '134' }, amount: { total: 10000 },
    scene_info: { store_info: { id: '0001' } },
  });
  t.equal(first.trade_state, 'USERPAYING');
  t.notOk(FINAL_TRADE_STATES.includes(first.trade_state));
  const again = await queryPartnerTransactionByOutTradeNo(api, { sub_mchid: TEST_SUB_MCHID, out_trade_no: 'LS20251128000001' });
  t.equal(again.trade_state, 'USERPAYING');
  const reversed = await reversePartnerTransaction(api, { sub_mchid: TEST_SUB_MCHID, out_trade_no: 'LS20251128000001' });
  t.equal(reversed.out_trade_no, 'LS20251128000001');
});

t.test('query by transaction id and close (204)', async (t) => {
  nock(DEFAULT_BASE_URL)
    .get('/v3/pay/partner/transactions/id/4200000000000000000000000001').query({ sp_mchid: TEST_SP_MCHID, sub_mchid: TEST_SUB_MCHID })
    .reply(wechatpayReply(200, paidTransaction, signed()))
    .post('/v3/pay/partner/transactions/out-trade-no/LS2/close', { sp_mchid: TEST_SP_MCHID, sub_mchid: TEST_SUB_MCHID })
    .reply(wechatpayReply(204, undefined, { signer: null }));
  const found = await queryPartnerTransactionById(api, { sub_mchid: TEST_SUB_MCHID, transaction_id: '4200000000000000000000000001' });
  t.equal(found.promotion_detail?.[0]?.goods_detail?.[0]?.discount_amount, 1000);
  t.equal(await closePartnerTransaction(api, { sub_mchid: TEST_SUB_MCHID, out_trade_no: 'LS2' }), undefined);
});

t.test('an ORDER_NOT_EXIST answer keeps WeChat\'s code', async (t) => {
  nock(DEFAULT_BASE_URL).get('/v3/pay/partner/transactions/out-trade-no/NOPE').query(true)
    .reply(wechatpayReply(404, { code: 'ORDER_NOT_EXIST', message: '订单不存在' }, signed()));
  try {
    await queryPartnerTransactionByOutTradeNo(api, { sub_mchid: TEST_SUB_MCHID, out_trade_no: 'NOPE' });
    t.fail('should throw');
  } catch (error) {
    t.match(error, { code: 'LS_WECHATPAY_REQUEST_FAILED', extra: { wechatCode: 'ORDER_NOT_EXIST', wechatMessage: '订单不存在', httpStatus: 404, verified: true } });
  }
});

/** A partial refund of the voucher-paid order above, shaped like [WIM] refund/domestic/refunds. */
const refundAnswer = {
  refund_id: '50000000382019052709732678859', out_refund_no: 'RF1', transaction_id: paidTransaction.transaction_id,
  out_trade_no: paidTransaction.out_trade_no, channel: 'ORIGINAL', user_received_account: '支付用户零钱',
  create_time: '2025-11-28T09:00:00+08:00', status: 'PROCESSING', funds_account: 'AVAILABLE',
  amount: {
    total: 10000, refund: 5000, payer_total: 9000, payer_refund: 4500, settlement_refund: 5000, settlement_total: 10000,
    discount_refund: 500, currency: 'CNY',
  },
  promotion_detail: [{ promotion_id: '109519', scope: 'GLOBAL', type: 'CASH', amount: 1000, refund_amount: 500, goods_detail: [] }],
};

t.test('refunds: create (out_refund_no reused on retry) and query; promotion refund_amount comes back', async (t) => {
  const captured: CapturedRequest[] = [];
  const body = {
    sub_mchid: TEST_SUB_MCHID, out_trade_no: paidTransaction.out_trade_no, out_refund_no: 'RF1', reason: '退货',
    notify_url: 'https://shop.example/wechatpay/refund-notify', amount: { refund: 5000, total: 10000, currency: 'CNY' },
  };
  nock(DEFAULT_BASE_URL)
    .post('/v3/refund/domestic/refunds', body).reply(wechatpayReply(500, { code: 'SYSTEM_ERROR', message: '系统超时' }, signed(captured)))
    .post('/v3/refund/domestic/refunds', body).reply(wechatpayReply(200, refundAnswer, signed(captured)))
    .get('/v3/refund/domestic/refunds/RF1').query({ sub_mchid: TEST_SUB_MCHID })
    .reply(wechatpayReply(200, { ...refundAnswer, status: 'SUCCESS', success_time: '2025-11-28T09:00:05+08:00' }, signed(captured)));
  const input = {
    sub_mchid: TEST_SUB_MCHID, out_trade_no: paidTransaction.out_trade_no, out_refund_no: 'RF1', reason: '退货',
    notify_url: 'https://shop.example/wechatpay/refund-notify', amount: { refund: 5000, total: 10000 },
  };
  t.equal(await code(createRefund(api, input)), 'LS_WECHATPAY_REQUEST_FAILED');
  const refund = await createRefund(api, input);
  t.equal(captured[0]!.body, captured[1]!.body, 'the retry sends the same out_refund_no and body');
  t.equal(refund.status, 'PROCESSING');
  t.equal(refund.amount.discount_refund, 500);
  t.equal(refund.promotion_detail?.[0]?.refund_amount, 500);
  const queried = await queryRefund(api, { sub_mchid: TEST_SUB_MCHID, out_refund_no: 'RF1' });
  t.equal(queried.status, 'SUCCESS');
  t.ok(captured.every((c) => c.signatureValid));
});

t.test('refund input is checked before calling', async (t) => {
  const base = { sub_mchid: TEST_SUB_MCHID, out_refund_no: 'R', amount: { refund: 1, total: 2 } };
  t.equal(await code(createRefund(api, base)), 'LS_INPUT_INVALID@out_trade_no');
  t.equal(await code(createRefund(api, { ...base, out_trade_no: 'o', amount: { refund: 3, total: 2 } })), 'LS_INPUT_INVALID@amount.refund');
  t.equal(await code(createRefund(api, { ...base, out_trade_no: 'o', out_refund_no: '' })), 'LS_INPUT_INVALID@out_refund_no');
});
