import t from 'tap';
import nock from 'nock';
import { apiPath, DEFAULT_BASE_URL, WechatpayClient } from './client.ts';
import {
  generateKeyPair, parseAuthorization, TEST_NOW_MS, TEST_PUBLIC_KEY_ID, TEST_SP_MCHID, testPartner, wechatpayReply, type CapturedRequest, failure } from './testing.ts';

nock.disableNetConnect();
t.afterEach(() => {
  nock.cleanAll();
});

const now = () => TEST_NOW_MS;

function client(mode: 'certificate' | 'public_key' | 'both' = 'both', options: { baseUrl?: string; timeoutMs?: number } = {}) {
  return new WechatpayClient({ credentials: testPartner(mode).credentials, now, ...options });
}

t.test('every request is signed as the sp_mchid; the signature covers method, path+query and body', async (t) => {
  const partner = testPartner('both');
  const captured: CapturedRequest[] = [];
  const replyOptions = { captured, merchantPublicKeyPem: partner.merchant.publicKeyPem, signer: partner.keyPlatform };
  nock(DEFAULT_BASE_URL)
    .get('/v3/pay/partner/transactions/out-trade-no/A%2F1').query({ sp_mchid: TEST_SP_MCHID, sub_mchid: '1900000109' })
    .reply(wechatpayReply(200, { trade_state: 'NOTPAY' }, replyOptions))
    .post('/v3/echo', { hello: '世界' })
    .reply(wechatpayReply(200, { ok: true }, replyOptions))
    .patch('/v3/echo', { n: 1 })
    .reply(wechatpayReply(200, { ok: true }, replyOptions));
  const api = client('both');
  const got = await api.get<{ trade_state: string }>(apiPath`/v3/pay/partner/transactions/out-trade-no/${'A/1'}`, { sp_mchid: TEST_SP_MCHID, sub_mchid: '1900000109', skipped: undefined });
  t.equal(got.data.trade_state, 'NOTPAY');
  t.equal(got.status, 200);
  t.match(got.requestId, /^08F8/);
  t.same((await api.post('/v3/echo', { hello: '世界' })).data, { ok: true });
  t.same((await api.patch('/v3/echo', { n: 1 })).data, { ok: true });

  t.equal(captured.length, 3);
  for (const request of captured) {
    t.ok(request.signatureValid, `${request.method} ${request.url}: signature verifies with the merchant public key`);
    const auth = parseAuthorization(request.headers.authorization!);
    t.equal(auth.scheme, 'WECHATPAY2-SHA256-RSA2048');
    t.equal(auth.mchid, TEST_SP_MCHID);
    t.equal(auth.serial_no, partner.credentials.apiCertSerial);
    t.equal(auth.timestamp, String(TEST_NOW_MS / 1000));
    t.match(auth.nonce_str, /^[0-9A-Z]{32}$/);
    t.equal(request.headers['wechatpay-serial'], TEST_PUBLIC_KEY_ID, 'announces the key it verifies with');
    t.equal(request.headers.accept, 'application/json');
  }
  t.equal(captured[0]!.url, '/v3/pay/partner/transactions/out-trade-no/A%2F1?sp_mchid=1900000100&sub_mchid=1900000109');
  t.equal(captured[0]!.headers['content-type'], undefined, 'no content-type on GET');
  t.equal(captured[1]!.headers['content-type'], 'application/json');
  t.not(parseAuthorization(captured[1]!.headers.authorization!).nonce_str, parseAuthorization(captured[2]!.headers.authorization!).nonce_str, 'a fresh nonce each time');
});

t.test('answers verify in both modes', async (t) => {
  const partner = testPartner('both');
  nock(DEFAULT_BASE_URL)
    .get('/v3/a').reply(wechatpayReply(200, { by: 'certificate' }, { signer: partner.certPlatform }))
    .get('/v3/b').reply(wechatpayReply(200, { by: 'key' }, { signer: partner.keyPlatform }));
  const api = client('both');
  t.same((await api.get('/v3/a')).data, { by: 'certificate' });
  t.same((await api.get('/v3/b')).data, { by: 'key' });

  nock(DEFAULT_BASE_URL).get('/v3/a').reply(wechatpayReply(200, { by: 'certificate' }, { signer: partner.certPlatform }));
  t.equal(client('certificate').keys.size, 1);
  t.same((await client('certificate').get('/v3/a')).data, { by: 'certificate' });
  nock(DEFAULT_BASE_URL).get('/v3/b').reply(wechatpayReply(200, { by: 'key' }, { signer: partner.keyPlatform }));
  t.same((await client('public_key').get('/v3/b')).data, { by: 'key' });
});

t.test('an answer with a bad signature, unknown serial, stale timestamp or no signature is rejected', async (t) => {
  const partner = testPartner('both');
  const cases: Array<[string, ReturnType<typeof wechatpayReply>, string]> = [
    ['forged body', wechatpayReply(200, { prepay_id: 'real' }, { tamper: (raw) => raw.replace('real', 'fake') }), 'bad_signature'],
    ['impostor key', wechatpayReply(200, { a: 1 }, { signer: { serial: 'D7CE59D1F522D701', ...generateKeyPair() } }), 'bad_signature'],
    ['unknown serial', wechatpayReply(200, { a: 1 }, { serial: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1' }), 'unknown_serial'],
    ['public-key answer to a certificate-only client', wechatpayReply(200, { a: 1 }, { signer: partner.keyPlatform }), 'unknown_serial'],
    ['stale', wechatpayReply(200, { a: 1 }, { timestampMs: TEST_NOW_MS - 10 * 60_000 }), 'stale_timestamp'],
    ['unsigned 200', wechatpayReply(200, { a: 1 }, { signer: null }), 'missing_headers'],
    ['unsigned empty 204', wechatpayReply(204, undefined, { signer: null }), 'ok'],
  ];
  for (const [name, reply, reason] of cases) {
    nock(DEFAULT_BASE_URL).get('/v3/x').reply(reply);
    const promise = client('certificate').get('/v3/x');
    if (reason === 'ok') {
      t.equal((await promise).status, 204, name);
      continue;
    }
    const error = await failure(promise);
    t.equal(error.code, 'LS_WECHATPAY_SIGNATURE_INVALID', name);
    t.equal(error.statusCode, 502);
    t.match(error.extra, { reason, method: 'GET', path: '/v3/x', httpStatus: 200 }, name);
  }
});

t.test('204 without a body needs no signature; a signed 204 is verified', async (t) => {
  nock(DEFAULT_BASE_URL)
    .patch('/v3/marketing/busifavor/stocks/1').reply(wechatpayReply(204, undefined, { signer: null }))
    .post('/v3/close').reply(wechatpayReply(204, undefined))
    .post('/v3/close').reply(wechatpayReply(204, undefined, { timestampMs: TEST_NOW_MS - 3_600_000 }));
  const api = client('certificate');
  const patched = await api.patch('/v3/marketing/busifavor/stocks/1', { out_request_no: 'r1' });
  t.equal(patched.status, 204);
  t.equal(patched.data, undefined);
  t.equal((await api.post('/v3/close', { sp_mchid: '1' })).status, 204);
  t.match((await failure(api.post('/v3/close', { sp_mchid: '1' }))).extra, { reason: 'stale_timestamp' });
});

t.test('a WeChat error becomes LS_WECHATPAY_REQUEST_FAILED with its code, message and status', async (t) => {
  nock(DEFAULT_BASE_URL)
    .post('/v3/refund/domestic/refunds')
    .reply(wechatpayReply(403, { code: 'NOT_ENOUGH', message: '基本账户余额不足，请充值后重新发起', detail: { field: 'amount' } }))
    .post('/v3/refund/domestic/refunds')
    .reply(wechatpayReply(502, '<html>Bad Gateway</html>', { signer: null }))
    .post('/v3/refund/domestic/refunds')
    .reply(wechatpayReply(400, { code: 'PARAM_ERROR', message: 'x' }, { tamper: (raw) => raw.replace('PARAM_ERROR', 'ORDERPAID') }));
  const api = client('certificate');
  const refused = await failure(api.post('/v3/refund/domestic/refunds', { out_refund_no: 'R1' }));
  t.equal(refused.code, 'LS_WECHATPAY_REQUEST_FAILED');
  t.equal(refused.statusCode, 502);
  t.equal(refused.message, 'WeChat Pay: 基本账户余额不足，请充值后重新发起');
  t.match(refused.extra, {
    wechatCode: 'NOT_ENOUGH', wechatMessage: '基本账户余额不足，请充值后重新发起', httpStatus: 403, verified: true,
    wechatDetail: { field: 'amount' }, method: 'POST', path: '/v3/refund/domestic/refunds',
  });
  t.match(refused.extra?.wechatRequestId, /^08F8/);

  const gateway = await failure(api.post('/v3/refund/domestic/refunds', { out_refund_no: 'R1' }));
  t.equal(gateway.code, 'LS_WECHATPAY_REQUEST_FAILED');
  t.match(gateway.extra, { wechatCode: undefined, httpStatus: 502, verified: false });
  t.equal(gateway.message, 'WeChat Pay answered HTTP 502');

  const forged = await failure(api.post('/v3/refund/domestic/refunds', { out_refund_no: 'R1' }));
  t.equal(forged.code, 'LS_WECHATPAY_SIGNATURE_INVALID', 'a signed error that does not verify is not believed');
  t.match(forged.extra, { reason: 'bad_signature', httpStatus: 400 });
});

t.test('no answer: LS_WECHATPAY_UNAVAILABLE, timeout told apart from network', async (t) => {
  nock(DEFAULT_BASE_URL).get('/v3/slow').delay(500).reply(wechatpayReply(200, { a: 1 }));
  const slow = await failure(client('both', { timeoutMs: 50 }).get('/v3/slow'));
  t.equal(slow.code, 'LS_WECHATPAY_UNAVAILABLE');
  t.equal(slow.statusCode, 504);
  t.match(slow.extra, { reason: 'timeout', path: '/v3/slow' });

  nock(DEFAULT_BASE_URL).get('/v3/down').replyWithError('ECONNRESET');
  const down = await failure(client().get('/v3/down'));
  t.equal(down.code, 'LS_WECHATPAY_UNAVAILABLE');
  t.match(down.extra, { reason: 'network' });
});

t.test('a configurable base URL; a path prefix is part of what is signed', async (t) => {
  const partner = testPartner('both');
  const captured: CapturedRequest[] = [];
  nock('http://127.0.0.1:3999')
    .post('/sandbox/wechatpay/v3/pay/partner/transactions/jsapi')
    .reply(wechatpayReply(200, { prepay_id: 'p' }, { captured, merchantPublicKeyPem: partner.merchant.publicKeyPem }));
  const api = client('both', { baseUrl: 'http://127.0.0.1:3999/sandbox/wechatpay/' });
  t.equal(api.baseUrl, 'http://127.0.0.1:3999/sandbox/wechatpay');
  t.same((await api.post('/v3/pay/partner/transactions/jsapi', { a: 1 })).data, { prepay_id: 'p' });
  t.equal(captured[0]!.url, '/sandbox/wechatpay/v3/pay/partner/transactions/jsapi');
  t.ok(captured[0]!.signatureValid, 'signed over the path the server sees');
});

t.test('a 2xx body that is not JSON is refused', async (t) => {
  nock(DEFAULT_BASE_URL).get('/v3/x').reply(wechatpayReply(200, 'not json'));
  const error = await failure(client().get('/v3/x'));
  t.equal(error.code, 'LS_WECHATPAY_REQUEST_FAILED');
  t.match(error.extra, { httpStatus: 200, verified: true });
  nock(DEFAULT_BASE_URL).get('/v3/x').reply(wechatpayReply(500, 'null'));
  const odd = await failure(client().get('/v3/x'));
  t.match(odd.extra, { httpStatus: 500, wechatCode: undefined, verified: true }, 'an error body that is JSON but not an object');
});

t.test('what is signed is what is sent: quotes in queries, odd path segments', async (t) => {
  const partner = testPartner('both');
  const captured: CapturedRequest[] = [];
  nock(DEFAULT_BASE_URL)
    .get(/\/v3\/marketing\/busifavor\/users\/.*\/coupons/)
    .reply(wechatpayReply(200, { data: [] }, { captured, merchantPublicKeyPem: partner.merchant.publicKeyPem }));
  await client('both').get(apiPath`/v3/marketing/busifavor/users/${"o'pen(id)"}/coupons`, { appid: TEST_SP_MCHID, stock_id: "it's 100%" });
  t.equal(captured[0]!.url, '/v3/marketing/busifavor/users/o%27pen%28id%29/coupons?appid=1900000100&stock_id=it%27s%20100%25');
  t.ok(captured[0]!.signatureValid);
  for (const segment of ['..', '.', '%2E%2e', '']) {
    t.throws(() => apiPath`/v3/refund/domestic/refunds/${segment}`, { code: 'LS_INPUT_INVALID' }, JSON.stringify(segment));
  }
  t.equal(apiPath`/v3/a/${'...'}/${42}`, '/v3/a/.../42');
});
