import t from 'tap';
import nock from 'nock';
import { encryptResource } from './aead.ts';
import { downloadCertificates } from './certificates.ts';
import { DEFAULT_BASE_URL, WechatpayClient } from './client.ts';
import { createPartnerCredentials } from './credentials.ts';
import { vectors } from './test-vectors.ts';
import { CERT_PLATFORM, generateKeyPair, TEST_NOW_MS, testPartner, wechatpayReply, type CapturedRequest, failure } from './testing.ts';

nock.disableNetConnect();
t.afterEach(() => {
  nock.cleanAll();
});

const now = () => TEST_NOW_MS;
const javaVector = vectors.aesGcm[1];

/** `/v3/certificates` answer carrying the wechatpay-java encrypted certificate (serial 5DEA…). */
interface CertificateList {
  data: Array<{ serial_no: string; effective_time: string; expire_time: string; encrypt_certificate: Record<'algorithm' | 'nonce' | 'associated_data' | 'ciphertext', string> }>;
}
const javaCertificateList: CertificateList = {
  data: [{
    serial_no: '5DEA10EF55877E3CF6C33255C2E7DEFFF7E427EC',
    effective_time: '2023-09-19T23:15:58+08:00',
    expire_time: '2028-09-17T23:15:58+08:00',
    encrypt_certificate: {
      algorithm: 'AEAD_AES_256_GCM', nonce: javaVector.nonce, associated_data: javaVector.associated_data, ciphertext: javaVector.ciphertext_b64,
    },
  }],
};

function clientWithKey(apiv3Key: string, mode: 'certificate' | 'none') {
  const base = testPartner('certificate');
  const credentials = createPartnerCredentials({
    spMchid: base.credentials.spMchid, spAppid: base.credentials.spAppid, apiCertSerial: base.credentials.apiCertSerial,
    privateKeyPem: base.merchant.privateKeyPem, apiv3Key, platformCertificates: mode === 'certificate' ? CERT_PLATFORM.certificatePem : null,
  }, { requireVerificationMaterial: mode !== 'none' });
  return { api: new WechatpayClient({ credentials, now }), merchant: base.merchant };
}

t.test('downloads and decrypts the platform certificates (published wechatpay-java ciphertext)', async (t) => {
  const { api, merchant } = clientWithKey(javaVector.key, 'certificate');
  const captured: CapturedRequest[] = [];
  nock(DEFAULT_BASE_URL).get('/v3/certificates').reply(wechatpayReply(200, javaCertificateList, { captured, merchantPublicKeyPem: merchant.publicKeyPem }));
  const certificates = await downloadCertificates(api);
  t.ok(captured[0]!.signatureValid);
  t.equal(certificates.length, 1);
  t.equal(certificates[0]!.serial, '5DEA10EF55877E3CF6C33255C2E7DEFFF7E427EC');
  t.equal(certificates[0]!.pem, javaVector.plaintext);
  t.equal(certificates[0]!.expireTime, '2028-09-17T23:15:58+08:00');
});

t.test('a flipped bit, a wrong serial_no, a wrong APIv3 key: the download is refused', async (t) => {
  const { api } = clientWithKey(javaVector.key, 'certificate');
  const raw = Buffer.from(javaVector.ciphertext_b64, 'base64');
  raw[raw.length - 3]! ^= 0x04;
  const flipped = structuredClone(javaCertificateList);
  flipped.data[0]!.encrypt_certificate.ciphertext = raw.toString('base64');
  const renamed = structuredClone(javaCertificateList);
  renamed.data[0]!.serial_no = 'D7CE59D1F522D701';
  nock(DEFAULT_BASE_URL)
    .get('/v3/certificates').reply(wechatpayReply(200, flipped))
    .get('/v3/certificates').reply(wechatpayReply(200, renamed));
  t.match((await failure(downloadCertificates(api))), { code: 'LS_WECHATPAY_SIGNATURE_INVALID', extra: { reason: 'auth_failed' } });
  t.match((await failure(downloadCertificates(api))), { code: 'LS_WECHATPAY_SIGNATURE_INVALID', extra: { reason: 'serial_mismatch' } });

  const { api: otherKey } = clientWithKey('another-32-byte-apiv3-key-000000', 'certificate');
  nock(DEFAULT_BASE_URL).get('/v3/certificates').reply(wechatpayReply(200, javaCertificateList));
  t.match((await failure(downloadCertificates(otherKey))), { extra: { reason: 'auth_failed' } });
});

t.test('first download with no certificate yet: the answer is verified by a certificate it carries', async (t) => {
  const apiv3Key = 'first-download-apiv3-key-0000000';
  const { api } = clientWithKey(apiv3Key, 'none');
  t.equal(api.keys.size, 0);
  const list = {
    data: [{
      serial_no: CERT_PLATFORM.serial, effective_time: '2021-04-27T16:55:23+08:00', expire_time: '2031-04-25T16:55:23+08:00',
      encrypt_certificate: encryptResource(CERT_PLATFORM.certificatePem, apiv3Key, { associatedData: 'certificate' }),
    }],
  };
  nock(DEFAULT_BASE_URL)
    .get('/v3/certificates').query({ algorithm_type: 'RSA' }).reply(wechatpayReply(200, list))
    .get('/v3/certificates').reply(wechatpayReply(200, list, { signer: { serial: CERT_PLATFORM.serial, ...generateKeyPair() } }));
  const [certificate] = await downloadCertificates(api, { algorithm_type: 'RSA' });
  t.equal(certificate?.serial, 'D7CE59D1F522D701');
  t.match(await failure(downloadCertificates(api)), { code: 'LS_WECHATPAY_SIGNATURE_INVALID', extra: { reason: 'bad_signature' } },
    'an answer not signed by the carried certificate is refused');
  t.equal(api.keys.size, 0, 'nothing is trusted beyond that one answer');
});
