import t from 'tap';
import { sign as rsaSign } from 'node:crypto';
import { AeadError, decryptResource, encryptResource } from './aead.ts';
import { createPartnerCredentials } from './credentials.ts';
import { WechatpaySigner } from './signer.ts';
import { vectors } from './test-vectors.ts';
import { buildSendCouponParams, v2Sign, v2SignString } from './v2-sign.ts';
import { checkSignature, VerificationKeys } from './verify.ts';

/** Published vectors (../shared/research/wechatpay-vectors.json): fixed keys, known outputs. */

function signerFor(privateKeyPem: string, mchid: string, serial: string) {
  const credentials = createPartnerCredentials({
    spMchid: mchid, spAppid: 'wxd678efh567hg6787', apiCertSerial: serial, privateKeyPem, apiv3Key: 'a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb',
  }, { requireVerificationMaterial: false });
  return new WechatpaySigner(credentials);
}

t.test('RSA: a fixed key signs a known message to a known signature', async (t) => {
  for (const vector of vectors.rsaSign.slice(0, 2)) {
    const signer = signerFor(vector.private_key_pem, '1234567890', '00');
    t.equal(signer.sign(vector.message), vector.signature_b64, vector.source.slice(0, 60));
  }
});

t.test('request signing through wechatpay-node-v3 gives the published Authorization headers', async (t) => {
  for (const vector of vectors.rsaSign.slice(2, 5)) {
    if (!('request' in vector)) continue;
    const { request } = vector;
    const signer = signerFor(vector.private_key_pem, request.mchid, request.serial_no);
    const authorization = signer.authorization({
      method: request.method as 'GET' | 'POST', url: request.url, body: request.body, timestamp: request.timestamp, nonce: request.nonce,
    });
    t.equal(authorization, vector.authorization, `${request.method} ${request.url} (derived vector)`);
  }
});

t.test('a POST with an empty body is signed over an empty body line (the library would drop it)', async (t) => {
  const vector = vectors.rsaSign[2];
  const signer = signerFor(vector.private_key_pem, '1234567890', 'F5765756002FDD77');
  const authorization = signer.authorization({ method: 'POST', url: '/v3/x', body: '', timestamp: '1624523846', nonce: 'N' });
  const expected = rsaSign('RSA-SHA256', Buffer.from('POST\n/v3/x\n1624523846\nN\n\n'), vector.private_key_pem).toString('base64');
  t.match(authorization, `signature="${expected}"`);
});

t.test('verification vectors: certificate mode and public-key mode', async (t) => {
  const now = () => 1624523846 * 1000;
  for (const vector of vectors.verify) {
    if (!('headers' in vector)) continue;
    const message = {
      timestamp: vector.headers['Wechatpay-Timestamp'], nonce: vector.headers['Wechatpay-Nonce'],
      signature: vector.headers['Wechatpay-Signature'], serial: vector.headers['Wechatpay-Serial'], body: vector.body,
    };
    // Certificate mode: the published certificate D7CE59D1F522D701.
    const certKeys = VerificationKeys.fromCredentials({
      platformCertificates: [{ serial: 'D7CE59D1F522D701', pem: vectors.verify[0].certificate_pem }], wechatpayPublicKey: undefined,
    });
    const byCert = checkSignature(message, certKeys, { now });
    t.equal(byCert.ok, vector.valid, `certificate mode: ${vector.source.slice(0, 70)}`);
    // Public-key mode: the same key under a PUB_KEY_ID.
    const keyKeys = VerificationKeys.fromCredentials({ platformCertificates: [], wechatpayPublicKey: { id: 'PUB_KEY_ID_0001', pem: vector.public_key_pem } });
    const byKey = checkSignature({ ...message, serial: 'PUB_KEY_ID_0001' }, keyKeys, { now });
    t.equal(byKey.ok, vector.valid, `public-key mode: ${vector.source.slice(0, 70)}`);
    if (vector.valid) {
      t.strictSame(byCert, { ok: true, keyKind: 'platform_certificate', serial: 'D7CE59D1F522D701' });
      t.strictSame(byKey, { ok: true, keyKind: 'public_key', serial: 'PUB_KEY_ID_0001' });
    } else {
      t.strictSame(byCert, { ok: false, reason: 'bad_signature' });
    }
  }
});

t.test('AES-256-GCM: a known ciphertext decrypts; the certificate vector decrypts to its PEM', async (t) => {
  const [message, certificate] = vectors.aesGcm;
  t.equal(decryptResource({ ciphertext: message.ciphertext_b64, nonce: message.nonce, associated_data: message.associated_data }, message.key), 'message');
  t.equal(
    decryptResource({ algorithm: 'AEAD_AES_256_GCM', ciphertext: certificate.ciphertext_b64, nonce: certificate.nonce, associated_data: certificate.associated_data }, certificate.key),
    certificate.plaintext,
  );
  // 16-byte nonces (wechatpay-axios-plugin vectors) are still plain GCM.
  for (const vector of vectors.aesGcm.slice(4)) {
    t.equal(decryptResource({ ciphertext: vector.ciphertext_b64, nonce: vector.nonce, associated_data: vector.associated_data }, vector.key), vector.plaintext);
  }
});

t.test('AES-256-GCM: a flipped tag bit, a flipped ciphertext bit, the wrong AAD all throw', async (t) => {
  const vector = vectors.aesGcm[0];
  const raw = Buffer.from(vector.ciphertext_b64, 'base64');
  const flip = (index: number) => {
    const copy = Buffer.from(raw);
    copy[index]! ^= 0x01;
    return copy.toString('base64');
  };
  const attempt = (ciphertext: string, associated_data: string = vector.associated_data) => () =>
    decryptResource({ ciphertext, nonce: vector.nonce, associated_data }, vector.key);
  t.throws(attempt(flip(raw.length - 1)), { name: 'AeadError', reason: 'auth_failed' }, 'last tag bit');
  t.throws(attempt(flip(raw.length - 16)), { name: 'AeadError', reason: 'auth_failed' }, 'first tag bit');
  t.throws(attempt(flip(0)), { name: 'AeadError', reason: 'auth_failed' }, 'a ciphertext bit');
  t.throws(attempt(vector.ciphertext_b64, 'other'), { name: 'AeadError', reason: 'auth_failed' }, 'another associated_data');
  t.throws(attempt(raw.subarray(0, 10).toString('base64')), { name: 'AeadError', reason: 'bad_ciphertext' }, 'shorter than a tag');
  t.throws(attempt('not base64!'), { name: 'AeadError', reason: 'bad_ciphertext' });
  t.throws(() => decryptResource({ algorithm: 'AEAD_SM4_GCM', ciphertext: vector.ciphertext_b64, nonce: vector.nonce }, vector.key), { name: 'AeadError', reason: 'unsupported_algorithm' });
});

t.test('AES: 16-byte keys (the wechatpay-go vectors, key_bits 128) are refused, not silently AES-128', async (t) => {
  for (const vector of vectors.aesGcm.filter((v) => 'key_bits' in v)) {
    const error = t.throws(() => decryptResource({ ciphertext: vector.ciphertext_b64, nonce: vector.nonce, associated_data: vector.associated_data }, vector.key));
    t.ok(error instanceof AeadError && error.reason === 'bad_key', vector.source.slice(0, 60));
  }
});

t.test('encryptResource round-trips through decryptResource', async (t) => {
  const key = 'a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb';
  const encrypted = encryptResource('{"a":"零售"}', key, { associatedData: 'transaction' });
  t.equal(encrypted.nonce.length, 12);
  t.equal(decryptResource(encrypted, key), '{"a":"零售"}');
  const fixed = encryptResource('message', key, { nonce: 'uluk4a9R25RW', associatedData: 'associatedData' });
  t.equal(fixed.ciphertext, vectors.aesGcm[0].ciphertext_b64, 'matches the wechatpay-java vector');
});

t.test('v2 MD5 and HMAC-SHA256 signs match the official example', async (t) => {
  for (const vector of vectors.v2Sign.slice(0, 2)) {
    t.equal(v2Sign(vector.params, vector.key, vector.sign_type as 'MD5' | 'HMAC-SHA256'), vector.expected, vector.sign_type);
  }
});

t.test('send_coupon_params sign matches the published plugin example', async (t) => {
  const vector = vectors.v2Sign[2];
  if (!('string_to_sign' in vector)) throw new Error('vector shape');
  t.equal(v2SignString(vector.params, vector.key), vector.string_to_sign);
  const built = buildSendCouponParams({
    coupons: [{ out_request_no: '1234567', stock_id: 'abc123' }, { out_request_no: '7654321', stock_id: '321cba' }],
    sendCouponMerchant: '10016226',
    apiv2Key: vector.key,
  });
  t.equal(built.sign, vector.expected, 'not an official value: a community article, see the vector source');
  t.strictSame(built.send_coupon_params, [{ stock_id: 'abc123', out_request_no: '1234567' }, { stock_id: '321cba', out_request_no: '7654321' }]);
  t.equal(built.send_coupon_merchant, '10016226');
  t.throws(() => buildSendCouponParams({ coupons: [{ stock_id: 'a', out_request_no: 'b' }], sendCouponMerchant: '1', apiv2Key: undefined }),
    { code: 'LS_WECHATPAY_NOT_CONFIGURED' });
  t.throws(() => buildSendCouponParams({ coupons: [], sendCouponMerchant: '1', apiv2Key: 'k' }), { code: 'LS_INPUT_INVALID' });
  const withCode = buildSendCouponParams({ coupons: [{ stock_id: 's', out_request_no: 'o', coupon_code: 'c' }], sendCouponMerchant: 'm', apiv2Key: 'k' });
  t.equal(withCode.sign, v2Sign({ coupon_code0: 'c', out_request_no0: 'o', send_coupon_merchant: 'm', stock_id0: 's' }, 'k', 'HMAC-SHA256'));
});
