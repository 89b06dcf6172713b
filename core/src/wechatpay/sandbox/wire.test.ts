/**
 * The sandbox's wire rules against published vectors (research/wechatpay-vectors.json, copied
 * here with their sources so the test does not depend on files outside the repository), and its
 * minted certificates against Node's and @fidm/x509's parsers (the latter is what
 * wechatpay-node-v3 reads certificates with).
 */
import t from 'tap';
import { createPublicKey, generateKeyPairSync, X509Certificate } from 'node:crypto';
import { createRequire } from 'node:module';
import {
  aesGcmDecrypt, aesGcmEncrypt, parseAuthorization, requestMessage, responseMessage, rsaSign, rsaVerify, v2HmacSign, wechatTime,
} from './wire.ts';
import { mintCertificate, randomSerial } from './x509.ts';

// wechatpay-apiv3/wechatpay-go@6dbd7ce2 test key pair (utils/sign_test.go, core/auth/verifiers/*_test.go).
const GO_PRIVATE_KEY = "-----BEGIN PRIVATE KEY-----\nMIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQDZUJN33V+dSfvd\nfL0Mu+39XrZNXFFMQSy1V15FpncHeV47SmV0TzTqZc7hHB0ddqAdDi8Z5k3TKqb7\n6sOwYr5TcAfuR6PIPaleyE0/0KrljBum2Isa2Nyq7Dgc3ElBQ6YN4l/a+DpvKaz1\nFSKmKrhLNskqokWVSlu4g8OlKlbPXQ9ibII14MZRQrrkTmHYHzfi7GXXM0thAKuR\n0HNvyhTHBh4/lrYM3GaMvmWwkwvsMavnOex6+eioZHBOb1/EIZ/LzC6zuHArPpyW\n3daGaZ1rtQB1vVzTyERAVVFsXXgBHvfFud3w3ShsJYk8JvMwK2RpJ5/gV0QSARcm\nLDRUAlPzAgMBAAECggEBAMc7rDeUaXiWv6bMGbZ3BTXpg1FhdddnWUnYE8HfX/km\nOFI7XtBHXcgYFpcjYz4D5787pcsk7ezPidAj58zqenuclmjKnUmT3pfbI5eCA2v4\nC9HnbYDrmUPK1ZcADtka4D6ScDccpNYNa1g2TFHzkIrEa6H+q7S3O2fqxY/DRVtN\n0JIXalBb8daaqL5QVzSmM2BMVnHy+YITJWIkP2a3pKs9C0W65JGDsnG0wVrHinHF\n+cnhFZIbaPEI//DAFMc9NkrWOKVRTEgcCUxCFaHOZVNxDWZD7A2ZfJB2rK6eg//y\ngEiFDR2h6mTaDowMB4YF2n2dsIO4/dCG8vPHI20jn4ECgYEA/ZGu6lEMlO0XZnam\nAZGtiNgLcCfM/C2ZERZE7QTRPZH1WdK92Al9ndldsswFw4baJrJLCmghjF/iG4zi\nhhBvLnOLksnZUfjdumxoHDWXo2QBWbI5QsWIE7AuTiWgWj1I7X4fCXSQf6i+M/y2\n6TogQ7d0ANpZFyOkTNMn/tiJvLECgYEA22XqlamG/yfAGWery5KNH2DGlTIyd6xJ\nWtJ9j3jU99lZ0bCQ5xhiBbU9ImxCi3zgTsoqLWgA/p00HhNFNoUcTl9ofc0G3zwT\nD1y0ZzcnVKxGJdZ6ohW52V0hJStAigtjYAsUgjm7//FH7PiQDBDP1Wa6xSRkDQU/\naSbQxvEE8+MCgYEA3bb8krW7opyM0XL9RHH0oqsFlVO30Oit5lrqebS0oHl3Zsr2\nZGgoBlWBsEzk3UqUhTFwm/DhJLTSJ/TQPRkxnhQ5/mewNhS9C7yua7wQkzVmWN+V\nYeUGTvDGDF6qDz12/vJAgSwDDRym8x4NcXD5tTw7mmNRcwIfL22SkysThIECgYAV\nBgccoEoXWS/HP2/u6fQr9ZIR6eV8Ij5FPbZacTG3LlS1Cz5XZra95UgebFFUHHtC\nEY1JHJY7z8SWvTH8r3Su7eWNaIAoFBGffzqqSVazfm6aYZsOvRY6BfqPHT3p/H1h\nTq6AbBffxrcltgvXnCTORjHPglU0CjSxVs7awW3AEQKBgB5WtaC8VLROM7rkfVIq\n+RXqE5vtJfa3e3N7W3RqxKp4zHFAPfr82FK5CX2bppEaxY7SEZVvVInKDc5gKdG/\njWNRBmvvftZhY59PILHO2X5vO4FXh7suEjy6VIh0gsnK36mmRboYIBGsNuDHjXLe\nBDa+8mDLkWu5nHEhOxy2JJZl\n-----END PRIVATE KEY-----\n";
const GO_PUBLIC_KEY = "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA2VCTd91fnUn73Xy9DLvt\n/V62TVxRTEEstVdeRaZ3B3leO0pldE806mXO4RwdHXagHQ4vGeZN0yqm++rDsGK+\nU3AH7kejyD2pXshNP9Cq5YwbptiLGtjcquw4HNxJQUOmDeJf2vg6byms9RUipiq4\nSzbJKqJFlUpbuIPDpSpWz10PYmyCNeDGUUK65E5h2B834uxl1zNLYQCrkdBzb8oU\nxwYeP5a2DNxmjL5lsJML7DGr5znsevnoqGRwTm9fxCGfy8wus7hwKz6clt3Whmmd\na7UAdb1c08hEQFVRbF14AR73xbnd8N0obCWJPCbzMCtkaSef4FdEEgEXJiw0VAJT\n8wIDAQAB\n-----END PUBLIC KEY-----\n";

t.test('SHA256withRSA matches the published signatures', async (t) => {
  // wechatpay-go utils/sign_test.go TestSha256WithRsa.
  t.equal(rsaSign("source", GO_PRIVATE_KEY), "BKyAfU4iMCuvXMXS0Wzam3V/cnxZ+JaqigPM5OhljS2iOT95OO6Fsuml2JkFANJU9K6q9bLlDhPXuoVz+pp4hAm6pHU4ld815U4jsKu1RkyaII+1CYBUYC8TK0XtJ8FwUXXz8vZHh58rrAVN1XwNyvD1vfpxrMT4SL536GLwvpUHlCqIMzoZUguLli/K8V29QiOhuH6IEqLNJn8e9b3nwNcQ7be3CzYGpDAKBfDGPCqCv8Rw5zndhlffk2FEA70G4hvMwe51qMN/RAJbknXG23bSlObuTCN7Ndj1aJGH6/L+hdwfLpUtJm4QYVazzW7DFD27EpSQEqA8bX9+8m1rLg==");
  // The canonical request message of a POST with a body (derived from the same key; layout from wechat_pay_credential_test.go).
  const message = requestMessage('POST', '/v3/pay/transactions/jsapi', '1624523846', 'A1B2C3D4E5F6G7', "{\"appid\":\"wxd678efh567hg6787\",\"mchid\":\"1230000109\",\"description\":\"Image形象店-深圳腾大-QQ公仔\",\"out_trade_no\":\"1217752501201407033233368018\",\"notify_url\":\"https://www.weixin.qq.com/wxpay/pay.php\",\"amount\":{\"total\":100,\"currency\":\"CNY\"},\"payer\":{\"openid\":\"oUpF8uMuAJO_M2pxb1Q9zNjWeS6o\"}}");
  t.equal(message, "POST\n/v3/pay/transactions/jsapi\n1624523846\nA1B2C3D4E5F6G7\n{\"appid\":\"wxd678efh567hg6787\",\"mchid\":\"1230000109\",\"description\":\"Image形象店-深圳腾大-QQ公仔\",\"out_trade_no\":\"1217752501201407033233368018\",\"notify_url\":\"https://www.weixin.qq.com/wxpay/pay.php\",\"amount\":{\"total\":100,\"currency\":\"CNY\"},\"payer\":{\"openid\":\"oUpF8uMuAJO_M2pxb1Q9zNjWeS6o\"}}\n");
  t.equal(rsaSign(message, GO_PRIVATE_KEY), "198BGinD+73wG9UMnwQ9xRiTgbp8VL8lXigVj2nrbEnDWK/StnanqHa/sQo7ENsuXhb49F1VDav8s6xxB1q84GvJdmADb3YlHsstzJAuBdp+Bu93hqRzV+hqQw2lrLdFiULxjnaOIyb1uzvtKiotKMrNBmkrv3WYr1UZjVTESScH9XzhzSXZOYAGsHoZlg4sIHewC8OPu0a4UUzLQJtmQFGW5XesIkglh5V9jM3tnXftnjnp92Pe7DraAbdJW9ilSiTNycUpY8wzgW+FH/W4xNeT29BKb0AjvLSLhCEiMBaxAYWE410mLRwIUQ50eJPDtIfflOXmeExa0KpL0uugXA==");
});

t.test('a signed notification verifies over timestamp, nonce and body; any change fails', async (t) => {
  // wechatpay-go core/notify/notify_test.go TestHandler_ParseNotifyRequest.
  const body = "{\"id\":\"3119dfba-e649-5eec-ab1e-3412bc4d2e17\",\"create_time\":\"2021-06-24T16:37:26+08:00\",\"resource_type\":\"encrypt-resource\",\"event_type\":\"PAYSCORE.USER_OPEN_SERVICE\",\"summary\":\"签约成功\",\"resource\":{\"original_type\":\"payscore\",\"algorithm\":\"AEAD_AES_256_GCM\",\"ciphertext\":\"YDS3lKPaC4Y52Gf3uhft5qUBlIa8b428AWTtTauHQfQrRw+X1WpiuHIDy0vo1Vd6VEq67aVyqPdDYMkRVSDaZL3iZttevRMOoPKMifozg6XPWjIZumks/GpT48lI4NizyeaqLBokNebthah3o1H76qSlO9NkDjp9bzmKLEYYH9TEklFUpsvPqOTOcgSLgh21YJXYR7dEBXFgRLiNIKRgO5JdXh1hccRUAlyVWxE54PXpnQ==\",\"associated_data\":\"payscore\",\"nonce\":\"Kj7QIyUiYx1q\"}}";
  const headers = {"Wechatpay-Timestamp": "1624523846", "Wechatpay-Nonce": "EcZ9Cmy4Xyx1i6RlJQzLcCyEqDa26NBz", "Wechatpay-Signature": "tJHIiIS9eB2hAYstmAmbbD3ZE5LiIm/Ug5tuL4fC0YOFRWIHV39UFIZXC0e9Wl6lBu6sKvkqDkzpqzBsVHyXFlbYZTOQrVdG4b6LfTnK4mikv9++ixJMd3vTf2yCqvBkh98zs3Ds5zsYQakzbcwhmw4fMJs4nPLws28H0UW9FjDR//rxELLwXvV1VEA1IBLX70xptjL8hrfUjEE8kkry6yNJTHZRU8CAc7qHli2Ng1V1qb9ARbK8A3ThmFmPQvRGrapI/jS2laKKgYUmfdEdkNO6B2Cke5e8VTxY406ArAmQ90GAihDwIcb16TQMnzCMBoutnwZKNiKRACrFmtxw2Q==", "Wechatpay-Serial": "D7CE59D1F522D701"};
  const message = responseMessage(headers['Wechatpay-Timestamp'], headers['Wechatpay-Nonce'], body);
  t.ok(rsaVerify(message, headers['Wechatpay-Signature'], GO_PUBLIC_KEY), 'the published notification verifies');
  t.notOk(rsaVerify(message.replace('签约成功', '签约失败'), headers['Wechatpay-Signature'], GO_PUBLIC_KEY), 'an altered summary does not');
  t.notOk(rsaVerify(responseMessage(headers['Wechatpay-Timestamp'], headers['Wechatpay-Nonce'], `${body} `), headers['Wechatpay-Signature'], GO_PUBLIC_KEY), 'a trailing space does not');
  t.notOk(rsaVerify(message, 'not base64 at all', GO_PUBLIC_KEY), 'garbage is "no", not an exception');
});

t.test('AEAD_AES_256_GCM decrypts the published ciphertext and checks the tag', async (t) => {
  // wechatpay-java AeadAesCipherTest (APIv3 key of TestConfig).
  const key = "a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb";
  t.equal(aesGcmDecrypt("ulwSiIajGClcvcOYvOQ7+l+0PAbzzwI=", key, "uluk4a9R25RW", "associatedData"), "message");
  t.equal(aesGcmEncrypt("message", key, "uluk4a9R25RW", "associatedData"), "ulwSiIajGClcvcOYvOQ7+l+0PAbzzwI=", 'and encrypts to it');
  const raw = Buffer.from("ulwSiIajGClcvcOYvOQ7+l+0PAbzzwI=", 'base64');
  raw[raw.length - 1]! ^= 1;
  t.throws(() => aesGcmDecrypt(raw.toString('base64'), key, "uluk4a9R25RW", "associatedData"), 'a flipped tag bit is rejected');
  t.throws(() => aesGcmDecrypt("ulwSiIajGClcvcOYvOQ7+l+0PAbzzwI=", key, "uluk4a9R25RW", 'other'), 'other associated data is rejected');
});

t.test('APIv2 HMAC-SHA256 sign, including the send-coupon plugin flattening', async (t) => {
  // Official v2 security spec example.
  t.equal(v2HmacSign({"appid": "wxd930ea5d5a258f4f", "mch_id": "10000100", "device_info": "1000", "body": "test", "nonce_str": "ibuaiVcKdpRxkhJA"}, "192006250b4c09247ec02edce69f6a2d"), "6A9AE1657590FD6257D693A078E1C3E4BB6BA4DC30B23E0EE2496E54170DACD6");
  // TheNorthMemory's send-coupon plugin example (index-suffixed parameters).
  t.equal(v2HmacSign({"send_coupon_merchant": "10016226", "out_request_no0": "1234567", "stock_id0": "abc123", "out_request_no1": "7654321", "stock_id1": "321cba"}, "exposed_your_key_here_have_risks"), "20FB971D442A119C85CA1A49DBDEA61A14944D98AFC1D2B040030C5C8792A83A");
  t.equal(v2HmacSign({ ...{"appid": "wxd930ea5d5a258f4f", "mch_id": "10000100", "device_info": "1000", "body": "test", "nonce_str": "ibuaiVcKdpRxkhJA"}, sign: 'ignored', empty: '' }, "192006250b4c09247ec02edce69f6a2d"), "6A9AE1657590FD6257D693A078E1C3E4BB6BA4DC30B23E0EE2496E54170DACD6", 'sign and empty values are left out');
});

t.test('the Authorization header is parsed strictly', async (t) => {
  const header = 'WECHATPAY2-SHA256-RSA2048 mchid="1900009191",nonce_str="593BEC0C930BF1AFEB40B4A08C8FB242",signature="uOVRnA4q==",timestamp="1554208460",serial_no="1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C"';
  t.strictSame(parseAuthorization(header), {
    mchid: '1900009191', nonce_str: '593BEC0C930BF1AFEB40B4A08C8FB242', timestamp: '1554208460', serial_no: '1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C', signature: 'uOVRnA4q==',
  });
  t.equal(parseAuthorization(undefined), null, 'missing');
  t.equal(parseAuthorization(header.replace('WECHATPAY2-SHA256-RSA2048', 'Bearer')), null, 'another scheme');
  t.equal(parseAuthorization(header.replace(',timestamp="1554208460"', '')), null, 'a field missing');
  t.equal(parseAuthorization(`${header},mchid="1"`), null, 'a field repeated');
  t.equal(parseAuthorization(`${header} trailing`), null, 'trailing junk');
});

t.test('times are written in China Standard Time', async (t) => {
  t.equal(wechatTime(new Date('2021-06-24T08:37:26Z')), '2021-06-24T16:37:26+08:00');
});

t.test('minted certificates parse in node:crypto and in @fidm/x509', async (t) => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const serial = randomSerial();
  t.match(serial, /^[1-7][0-9A-F]{39}$/, 'a positive 20-byte serial in upper-case hex');
  const pem = mintCertificate({
    subject: { C: 'CN', O: '微信商户系统', OU: '零售', CN: '1900000109' }, issuer: { C: 'CN', CN: 'Sandbox CA' }, serial, publicKey, signingKey: privateKey,
    notBefore: new Date('2026-01-01T00:00:00Z'), notAfter: new Date('2031-01-01T00:00:00Z'),
  });
  const certificate = new X509Certificate(pem);
  t.equal(certificate.serialNumber, serial);
  t.ok(certificate.verify(publicKey), 'signed by the given key');
  t.match(certificate.subject, /CN=1900000109/);
  t.equal(certificate.validTo, 'Jan  1 00:00:00 2031 GMT');
  t.equal(createPublicKey(pem).export({ type: 'spki', format: 'pem' }), publicKey.export({ type: 'spki', format: 'pem' }), 'its public key is the key');
  // Resolved from wechatpay-node-v3, whose dependency it is.
  const fromLibrary = createRequire(createRequire(import.meta.url).resolve('wechatpay-node-v3'));
  const { Certificate } = fromLibrary('@fidm/x509') as { Certificate: { fromPEM(pem: Buffer): { serialNumber: string; publicKey: { toPEM(): string } } } };
  const parsed = Certificate.fromPEM(Buffer.from(pem));
  t.equal(parsed.serialNumber, serial.toLowerCase(), '@fidm/x509 reads the serial (lower case, as wechatpay-node-v3 sends it)');
  t.ok(rsaVerify('x', rsaSign('x', privateKey), parsed.publicKey.toPEM()), 'and the public key');
});
