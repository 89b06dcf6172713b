import t from 'tap';
import { generateKeyPair, OTHER_CERT, signedHeaders, TEST_NOW_MS, TEST_PUBLIC_KEY_ID, testPartner } from './testing.ts';
import { checkSignature, signedMessageFromHeaders, VerificationKeys } from './verify.ts';

const now = () => TEST_NOW_MS;
const body = '{"prepay_id":"wx201410272009395522657a690389285100"}';

function check(keys: VerificationKeys, headers: Record<string, string>, text = body, options = {}) {
  return checkSignature(signedMessageFromHeaders(headers, text), keys, { now, ...options });
}

t.test('the serial picks the key: certificate and public key both verify in "both" mode', async (t) => {
  const partner = testPartner('both');
  const keys = VerificationKeys.fromCredentials(partner.credentials);
  t.strictSame(check(keys, signedHeaders(partner.certPlatform, body)), { ok: true, keyKind: 'platform_certificate', serial: 'D7CE59D1F522D701' });
  t.strictSame(check(keys, signedHeaders(partner.keyPlatform, body)), { ok: true, keyKind: 'public_key', serial: TEST_PUBLIC_KEY_ID });
  t.ok(check(keys, signedHeaders(partner.certPlatform, body, { serial: 'd7ce59d1f522d701' })).ok, 'certificate serials compare case-insensitively');
});

t.test('each mode alone trusts only its own key', async (t) => {
  const certOnly = VerificationKeys.fromCredentials(testPartner('certificate').credentials);
  const keyOnly = VerificationKeys.fromCredentials(testPartner('public_key').credentials);
  const partner = testPartner('both');
  t.strictSame(check(certOnly, signedHeaders(partner.keyPlatform, body)), { ok: false, reason: 'unknown_serial' });
  t.strictSame(check(keyOnly, signedHeaders(partner.certPlatform, body)), { ok: false, reason: 'unknown_serial' });
  t.same(certOnly.serials(), ['D7CE59D1F522D701']);
  t.same(keyOnly.serials(), [TEST_PUBLIC_KEY_ID]);
});

t.test('a wrong serial is rejected even when another trusted key would verify', async (t) => {
  const partner = testPartner('certificate');
  const keys = VerificationKeys.fromCredentials(partner.credentials);
  // OTHER_CERT holds the same key pair, but it is not one of the partner's certificates.
  t.strictSame(check(keys, signedHeaders(partner.certPlatform, body, { serial: OTHER_CERT.serial })), { ok: false, reason: 'unknown_serial' });
  t.ok(check(keys.withCertificates([OTHER_CERT]), signedHeaders(partner.certPlatform, body, { serial: OTHER_CERT.serial })).ok,
    'trusted once its certificate is added');
  // A public key id pointing at the certificate key pair: the id is unknown.
  t.strictSame(check(keys, signedHeaders(partner.certPlatform, body, { serial: 'PUB_KEY_ID_0000' })), { ok: false, reason: 'unknown_serial' });
});

t.test('timestamps: within ±5 minutes accepted, beyond rejected, garbage rejected', async (t) => {
  const partner = testPartner('public_key');
  const keys = VerificationKeys.fromCredentials(partner.credentials);
  for (const [offset, ok] of [[0, true], [300_000, true], [-300_000, true], [301_000, false], [-301_000, false], [86_400_000, false]] as const) {
    const result = check(keys, signedHeaders(partner.keyPlatform, body, { timestampMs: TEST_NOW_MS + offset }));
    t.equal(result.ok, ok, `offset ${offset / 1000}s`);
    if (!ok) t.strictSame(result, { ok: false, reason: 'stale_timestamp' });
  }
  const headers = { ...signedHeaders(partner.keyPlatform, body), 'Wechatpay-Timestamp': '1e9' };
  t.strictSame(check(keys, headers), { ok: false, reason: 'bad_timestamp' });
  t.ok(check(keys, signedHeaders(partner.keyPlatform, body, { timestampMs: TEST_NOW_MS + 3_600_000 }), body, { now: () => TEST_NOW_MS + 3_600_000 }).ok,
    'the clock is injectable');
});

t.test('forged signatures and altered bodies are rejected', async (t) => {
  const partner = testPartner('both');
  const keys = VerificationKeys.fromCredentials(partner.credentials);
  const impostor = { serial: TEST_PUBLIC_KEY_ID, ...generateKeyPair() };
  t.strictSame(check(keys, signedHeaders(impostor, body)), { ok: false, reason: 'bad_signature' }, 'signed by another key under our id');
  t.strictSame(check(keys, signedHeaders(partner.keyPlatform, body), body.replace('wx2014', 'wx2015')), { ok: false, reason: 'bad_signature' });
  t.strictSame(check(keys, signedHeaders(partner.keyPlatform, body), `${body} `), { ok: false, reason: 'bad_signature' }, 'trailing space');
  const headers = signedHeaders(partner.keyPlatform, body);
  t.strictSame(check(keys, { ...headers, 'Wechatpay-Nonce': 'other' }), { ok: false, reason: 'bad_signature' }, 'nonce swapped');
  t.strictSame(check(keys, { ...headers, 'Wechatpay-Signature': `WECHATPAY/SIGNTEST/${headers['Wechatpay-Signature']}` }), { ok: false, reason: 'bad_signature' });
  t.strictSame(check(keys, { ...headers, 'Wechatpay-Signature-Type': 'WECHATPAY2-SM2-WITH-SM3' }), { ok: false, reason: 'unsupported_signature_type' });
});

t.test('missing headers', async (t) => {
  const partner = testPartner('both');
  const keys = VerificationKeys.fromCredentials(partner.credentials);
  const headers = signedHeaders(partner.keyPlatform, body);
  for (const name of ['Wechatpay-Timestamp', 'Wechatpay-Nonce', 'Wechatpay-Signature', 'Wechatpay-Serial']) {
    const partial = { ...headers };
    delete partial[name];
    t.strictSame(check(keys, partial), { ok: false, reason: 'missing_headers' }, name);
  }
});

t.test('headers are read from fetch Headers and from lower-case (Fastify) records', async (t) => {
  const partner = testPartner('both');
  const keys = VerificationKeys.fromCredentials(partner.credentials);
  const headers = signedHeaders(partner.keyPlatform, body);
  t.ok(check(keys, Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]))).ok);
  t.ok(checkSignature(signedMessageFromHeaders(new Headers(headers), body), keys, { now }).ok);
  t.ok(checkSignature(signedMessageFromHeaders({ 'wechatpay-timestamp': [headers['Wechatpay-Timestamp']!], ...Object.fromEntries(
    Object.entries(headers).filter(([k]) => k !== 'Wechatpay-Timestamp').map(([k, v]) => [k.toLowerCase(), v]),
  ) }, body), keys, { now }).ok, 'array-valued headers take the first value');
});
