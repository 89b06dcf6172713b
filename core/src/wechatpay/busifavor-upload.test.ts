import t from 'tap';
import nock from 'nock';
import { BUSIFAVOR_UPLOAD_BATCH, uploadBusifavorCouponCodes } from './busifavor.ts';
import { DEFAULT_BASE_URL, WechatpayClient } from './client.ts';
import { failure, TEST_NOW_MS, testPartner, wechatpayReply, type CapturedRequest } from './testing.ts';

// 上传预存code for a MERCHANT_UPLOAD stock (notes §A; answer shape of partner doc chapter9_2_6).
nock.disableNetConnect();
t.afterEach(() => { nock.cleanAll(); });

const partner = testPartner('certificate');
const api = new WechatpayClient({ credentials: partner.credentials, now: () => TEST_NOW_MS });

t.test('uploads a batch, signed, and answers what WeChat took', async (t) => {
  const captured: CapturedRequest[] = [];
  const body = { coupon_code_list: ['ABC9588200', 'abc-_/=|\\1'], upload_request_no: '100002322019090134234sfdf' };
  const answer = {
    stock_id: '98065001', total_count: 2, success_count: 1, success_codes: ['ABC9588200'], success_time: '2025-11-28T10:00:00+08:00',
    fail_count: 0, fail_codes: [], exist_codes: ['abc-_/=|\\1'], duplicate_codes: [],
  };
  nock(DEFAULT_BASE_URL).post('/v3/marketing/busifavor/stocks/98065001/couponcodes', body)
    .reply(wechatpayReply(200, answer, { captured, merchantPublicKeyPem: partner.merchant.publicKeyPem }));
  t.same(await uploadBusifavorCouponCodes(api, '98065001', body), answer);
  t.same(captured.map((c) => c.signatureValid), [true], 'signed with the partner\'s key');
});

t.test('WeChat\'s code rules are checked before calling, naming the code', async (t) => {
  const bad = async (codes: string[], requestNo = 'U1') => (await failure(uploadBusifavorCouponCodes(api, '1', { coupon_code_list: codes, upload_request_no: requestNo }))).field;
  t.equal(await bad([]), 'coupon_code_list');
  t.equal(await bad(Array.from({ length: BUSIFAVOR_UPLOAD_BATCH + 1 }, (_, i) => `C${i}`)), 'coupon_code_list', `at most ${BUSIFAVOR_UPLOAD_BATCH}`);
  t.equal(await bad(['OK1', 'with space']), 'coupon_code_list.1');
  t.equal(await bad(['OK1', 'x'.repeat(33)]), 'coupon_code_list.1', '32 characters at most');
  t.equal(await bad(['券码']), 'coupon_code_list.0');
  t.equal(await bad(['OK1'], ''), 'upload_request_no');
  t.equal(nock.pendingMocks().length, 0);
});
