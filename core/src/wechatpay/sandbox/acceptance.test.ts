/**
 * The acceptance test: a real, independent client — the npm `wechatpay-node-v3`, not
 * our module — talks to the sandbox over HTTP (its requests re-pointed from
 * api.mch.weixin.qq.com to the sandbox on 127.0.0.1) and its `verifySign`, configured through
 * the sandbox's /v3/certificates, accepts the sandbox's signatures. Also: bad signatures and
 * stale timestamps are refused, and a notification reaches a local receiver, decrypts with the
 * APIv3 key, verifies with the platform certificate and is retried after a 500.
 */
import t from 'tap';
import Pay from 'wechatpay-node-v3';
import { generateKeyPairSync } from 'node:crypto';
import { aesGcmDecrypt } from './wire.ts';
import { PREFIX, eventually, openNotification, startReceiver, startSandbox, type Credentials } from './sandbox.testing.ts';

const WECHAT = 'https://api.mch.weixin.qq.com';

interface Exchange { status: number; headers: Headers; raw: string }

/** wechatpay-node-v3's pluggable HTTP layer, sending to the sandbox and keeping each raw answer. */
class SandboxHttp {
  last: Exchange | null = null;
  constructor(private readonly base: string) {}

  private async send(method: 'GET' | 'POST', url: string, headers: Record<string, string>, body?: string) {
    const response = await fetch(url.replace(WECHAT, this.base), { method, headers, ...(body === undefined ? {} : { body }) });
    const raw = await response.text();
    this.last = { status: response.status, headers: response.headers, raw };
    return { status: response.status, data: raw ? JSON.parse(raw) as unknown : undefined, ...(response.ok ? {} : { error: raw }) };
  }

  post(url: string, params: Record<string, unknown>, headers: Record<string, string>) {
    return this.send('POST', url, headers, JSON.stringify(params));
  }

  get(url: string, headers: Record<string, string>) {
    return this.send('GET', url, headers);
  }

  upload(): Promise<never> {
    return Promise.reject(new Error('not used'));
  }
}

function clientFor(credentials: Credentials, base: string) {
  const pay = new Pay({
    appid: credentials.spAppid, mchid: credentials.spMchid,
    // No serial_no: the library reads it from the certificate (lower-case hex, as it will send it).
    publicKey: Buffer.from(credentials.apiCertificate), privateKey: Buffer.from(credentials.apiPrivateKey), key: credentials.apiv3Key,
  });
  const http = new SandboxHttp(base);
  pay.createHttp(http);
  /** A signed call to an endpoint the library has no method for, signed by the library itself. */
  const signed = async (method: 'GET' | 'POST', path: string, body?: Record<string, unknown>, timestamp = Math.floor(Date.now() / 1000)) => {
    const nonce = Math.random().toString(36).slice(2, 17);
    const signature = pay.getSignature(method, nonce, String(timestamp), path, body);
    // The headers the library's own methods send (its getHeaders is protected).
    const headers = { Accept: 'application/json', 'Content-Type': 'application/json', 'User-Agent': '127.0.0.1', Authorization: pay.getAuthorization(nonce, String(timestamp), signature) };
    if (method === 'GET') await http.get(`${WECHAT}${path}`, headers);
    else await http.post(`${WECHAT}${path}`, body!, headers);
    return http.last!;
  };
  /** The library's verifySign on a raw answer (it fetches /v3/certificates itself when the serial is new). */
  const verify = (exchange: { headers: Headers | Record<string, unknown>; raw: string }) => {
    const header = (name: string) => String(exchange.headers instanceof Headers ? exchange.headers.get(name) : exchange.headers[name]);
    return pay.verifySign({
      timestamp: header('wechatpay-timestamp'), nonce: header('wechatpay-nonce'), serial: header('wechatpay-serial'),
      signature: header('wechatpay-signature'), body: exchange.raw, apiSecret: credentials.apiv3Key,
    });
  };
  return { pay, http, signed, verify };
}

t.test('wechatpay-node-v3 against the sandbox', async (t) => {
  const sandbox = await startSandbox();
  t.teardown(() => sandbox.close());
  await sandbox.app.listen({ host: '127.0.0.1', port: 0 });
  const address = sandbox.app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}${PREFIX}`;
  const credentials = await sandbox.provision({ name: '验收服务商' });
  const sub = credentials.subMerchants[0]!.subMchid;
  const { pay, signed, verify } = clientFor(credentials, base);

  await t.test('its get_certificates decrypts the sandbox platform certificate', async (t) => {
    const certificates = await pay.get_certificates(credentials.apiv3Key);
    t.equal(certificates.length, 1);
    t.equal(certificates[0]!.serial_no, credentials.platformCertificateSerial, 'the serial the admin API gives');
    t.match(String((certificates[0] as unknown as { publicKey: string }).publicKey), /BEGIN PUBLIC KEY/, 'decrypted with the APIv3 key and read by @fidm/x509');
  });

  let prepayId = '';
  await t.test('its verifySign accepts the sandbox answers, success and error alike', async (t) => {
    const created = await signed('POST', '/v3/pay/partner/transactions/jsapi', {
      sp_appid: credentials.spAppid, sp_mchid: credentials.spMchid, sub_mchid: sub, description: '验收-可乐', out_trade_no: 'ACCEPT0001',
      notify_url: 'http://127.0.0.1:9/unused', amount: { total: 350, currency: 'CNY' }, payer: { sp_openid: 'oAcceptanceOpenid0000000001' },
    });
    t.equal(created.status, 200, created.raw);
    prepayId = (JSON.parse(created.raw) as { prepay_id: string }).prepay_id;
    t.match(prepayId, /^wx\d{14}/);
    t.equal(created.headers.get('wechatpay-serial'), credentials.platformCertificateSerial, 'signed with the platform certificate');
    t.equal(await verify(created), true, 'verifySign accepts the prepay answer');

    const queried = await signed('GET', `/v3/pay/partner/transactions/out-trade-no/ACCEPT0001?sp_mchid=${credentials.spMchid}&sub_mchid=${sub}`);
    t.equal(queried.status, 200);
    t.match(JSON.parse(queried.raw), { out_trade_no: 'ACCEPT0001', trade_state: 'NOTPAY', amount: { total: 350 } });
    t.equal(await verify(queried), true, 'verifySign accepts a GET answer');

    const missing = await signed('GET', `/v3/pay/partner/transactions/out-trade-no/NOSUCHORDER?sp_mchid=${credentials.spMchid}&sub_mchid=${sub}`);
    t.equal(missing.status, 404);
    t.strictSame(JSON.parse(missing.raw), { code: 'ORDER_NOT_EXIST', message: '订单不存在' });
    t.equal(await verify(missing), true, 'error answers are signed too');

    t.equal(await verify({ headers: queried.headers, raw: queried.raw.replace('NOTPAY', 'SUCCESS') }), false, 'a tampered body fails verifySign');
  });

  await t.test('a request with a bad signature is refused with SIGN_ERROR', async (t) => {
    const intruder = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const forger = clientFor({ ...credentials, apiPrivateKey: intruder }, base);
    const forged = await forger.signed('GET', `/v3/pay/partner/transactions/out-trade-no/ACCEPT0001?sp_mchid=${credentials.spMchid}&sub_mchid=${sub}`);
    t.equal(forged.status, 401);
    t.equal((JSON.parse(forged.raw) as { code: string }).code, 'SIGN_ERROR');
    t.equal(await verify(forged), true, 'the refusal is itself signed');

    // Signed for one order, sent for another: the signature covers the URL.
    const body = { sp_mchid: credentials.spMchid, sub_mchid: sub };
    const nonce = 'n0nce1234567890';
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = pay.getSignature('POST', nonce, timestamp, '/v3/pay/partner/transactions/out-trade-no/ACCEPT0001/close', body);
    const moved = await fetch(`${base}/v3/pay/partner/transactions/out-trade-no/OTHER00001/close`, {
      method: 'POST', body: JSON.stringify(body),
      headers: { 'content-type': 'application/json', authorization: pay.getAuthorization(nonce, timestamp, signature) },
    });
    t.equal(moved.status, 401, 'a signature for another URL is refused');
  });

  await t.test('a stale timestamp is refused', async (t) => {
    const path = `/v3/pay/partner/transactions/out-trade-no/ACCEPT0001?sp_mchid=${credentials.spMchid}&sub_mchid=${sub}`;
    const stale = await signed('GET', path, undefined, Math.floor(Date.now() / 1000) - 301);
    t.equal(stale.status, 401);
    t.match(JSON.parse(stale.raw), { code: 'SIGN_ERROR', message: /5分钟/ });
    const future = await signed('GET', path, undefined, Math.floor(Date.now() / 1000) + 301);
    t.equal(future.status, 401, 'so is one from the future');
    const recent = await signed('GET', path, undefined, Math.floor(Date.now() / 1000) - 240);
    t.equal(recent.status, 200, 'four minutes old is still fine');
  });

  await t.test('a notification reaches a local receiver, decrypts, verifies, and is retried after a 500', async (t) => {
    const receiver = await startReceiver([500, 204]);
    t.teardown(() => receiver.close());
    const created = await signed('POST', '/v3/pay/partner/transactions/jsapi', {
      sp_appid: credentials.spAppid, sp_mchid: credentials.spMchid, sub_mchid: sub, description: '验收-通知', out_trade_no: 'ACCEPT0002',
      notify_url: receiver.url, amount: { total: 1288 }, payer: { sp_openid: 'oAcceptanceOpenid0000000002' }, attach: 'order-42',
    });
    const paid = await sandbox.admin('POST', `/prepays/${(JSON.parse(created.raw) as { prepay_id: string }).prepay_id}/pay`);
    t.equal(paid.statusCode, 200, paid.body);

    const [first, second] = await receiver.waitFor(2);
    t.equal(first!.raw, second!.raw, 'the retry carries the same notification');
    t.ok(second!.at - first!.at >= 15, `retried after WeChat's first wait, 15 s × 1/1000 (${second!.at - first!.at} ms)`);
    t.equal(second!.headers['wechatpay-serial'], credentials.platformCertificateSerial);
    t.equal(second!.headers['wechatpay-signature-type'], 'WECHATPAY2-SHA256-RSA2048');
    t.ok(Math.abs(Number(second!.headers['wechatpay-timestamp']) - Date.now() / 1000) < 300, 'a fresh timestamp');
    t.equal(await verify(second!), true, 'wechatpay-node-v3 verifySign accepts the notification (platform certificate)');

    const { body, resource } = openNotification(second!.raw, credentials.apiv3Key);
    t.match(body, { event_type: 'TRANSACTION.SUCCESS', resource_type: 'encrypt-resource', summary: '支付成功', resource: { algorithm: 'AEAD_AES_256_GCM', original_type: 'transaction', associated_data: 'transaction' } });
    t.match(body.id, /^EV-/);
    t.match(resource, {
      sp_mchid: credentials.spMchid, sub_mchid: sub, out_trade_no: 'ACCEPT0002', trade_state: 'SUCCESS', trade_type: 'JSAPI', attach: 'order-42',
      payer: { sp_openid: 'oAcceptanceOpenid0000000002' }, amount: { total: 1288, payer_total: 1288, currency: 'CNY' },
    });
    t.match(resource.transaction_id, /^4200\d{24}$/);
    const encrypted = (body as { resource: { ciphertext: string; nonce: string; associated_data: string } }).resource;
    t.same(pay.decipher_gcm(encrypted.ciphertext, encrypted.associated_data, encrypted.nonce, credentials.apiv3Key), resource, 'the library decrypts it too');
    t.throws(() => aesGcmDecrypt(encrypted.ciphertext, 'X'.repeat(32), encrypted.nonce, encrypted.associated_data), 'not with another key');

    // The receiver has answered; the sandbox records the outcome a moment later.
    const record = await eventually(async () => {
      const listed = await sandbox.admin('GET', `/notifications?mchid=${credentials.spMchid}&eventType=TRANSACTION.SUCCESS`);
      const [row] = listed.json() as { state: string; attempts: number; deliveries: { attempt: number; statusCode: number }[] }[];
      return row?.state === 'delivered' ? row : null;
    });
    t.match(record, { state: 'delivered', attempts: 2, deliveries: [{ attempt: 1, statusCode: 500 }, { attempt: 2, statusCode: 204 }] }, 'each attempt is recorded');
  });
});
