import t from 'tap';
import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { sealSecret } from '../crypto/secrets.ts';
import { LingshouError } from '../errors.ts';
import { createPartnerCredentials, describeCredentials, loadPartnerCredentials, type PartnerWechatpayRow } from './credentials.ts';
import { CERT_PLATFORM, OTHER_CERT, TEST_APIV2_KEY, TEST_APIV3_KEY, testPartner } from './testing.ts';

const masterKey = randomBytes(32);

function row(overrides: Partial<PartnerWechatpayRow> = {}): PartnerWechatpayRow {
  const { merchant } = testPartner();
  return {
    id: 'p-1',
    sp_mchid: '1900000100',
    sp_appid: 'wx8888888888888888',
    api_cert_serial: '3775b6a45acd588826d15e583a95f5dd00000001',
    platform_certificate: `${CERT_PLATFORM.certificatePem}\n${OTHER_CERT.pem}`,
    wechatpay_public_key_id: null,
    wechatpay_public_key: null,
    apiv3_key_enc: sealSecret(masterKey, TEST_APIV3_KEY),
    api_private_key_enc: sealSecret(masterKey, merchant.privateKeyPem),
    apiv2_key_enc: sealSecret(masterKey, TEST_APIV2_KEY),
    ...overrides,
  };
}

/** Runs fn, expects LS_WECHATPAY_NOT_CONFIGURED, returns its extra. */
function notConfigured(fn: () => unknown): { missing: string[]; invalid: string[] } {
  try {
    fn();
  } catch (error) {
    if (error instanceof LingshouError && error.code === 'LS_WECHATPAY_NOT_CONFIGURED') return error.extra as { missing: string[]; invalid: string[] };
    throw error;
  }
  throw new Error('expected LS_WECHATPAY_NOT_CONFIGURED');
}

t.test('a partner row loads: secrets opened, serial upper-cased, every certificate read', async (t) => {
  const credentials = loadPartnerCredentials(row(), masterKey);
  t.equal(credentials.spMchid, '1900000100');
  t.equal(credentials.apiCertSerial, '3775B6A45ACD588826D15E583A95F5DD00000001');
  t.equal(credentials.apiv3Key, TEST_APIV3_KEY);
  t.equal(credentials.apiv2Key, TEST_APIV2_KEY);
  t.match(credentials.privateKeyPem, /BEGIN PRIVATE KEY/);
  t.same(credentials.platformCertificates.map((c) => c.serial), ['D7CE59D1F522D701', 'F5765756002FDD77']);
  t.equal(credentials.wechatpayPublicKey, undefined);
});

t.test('secrets never show: JSON, inspect, spread, keys', async (t) => {
  const credentials = loadPartnerCredentials(row(), masterKey);
  const shown = [JSON.stringify(credentials), inspect(credentials, { depth: 5 }), JSON.stringify({ ...credentials }), Object.keys(credentials).join(',')];
  for (const text of shown) {
    t.notMatch(text, /PRIVATE KEY/, 'no private key');
    t.notMatch(text, TEST_APIV3_KEY, 'no APIv3 key');
    t.notMatch(text, TEST_APIV2_KEY, 'no APIv2 key');
  }
  t.strictSame(JSON.parse(JSON.stringify(credentials)), JSON.parse(JSON.stringify(describeCredentials(credentials))));
  t.match(inspect(credentials), /PartnerCredentials .*1900000100/s);
  t.ok(Object.isFrozen(credentials));
});

t.test('missing parameters are named, values never', async (t) => {
  const extra = notConfigured(() => loadPartnerCredentials(row({ sp_mchid: null, apiv3_key_enc: null, platform_certificate: null }), masterKey));
  t.same(extra.missing.sort(), ['apiv3Key', 'platformCertificates|wechatpayPublicKey', 'spMchid']);
  const badKey = notConfigured(() => loadPartnerCredentials(row({ apiv3_key_enc: sealSecret(masterKey, 'short') }), masterKey));
  t.same(badKey.invalid, ['apiv3Key']);
  t.notMatch(JSON.stringify(badKey), 'short');
  const badPem = notConfigured(() => loadPartnerCredentials(row({ api_private_key_enc: sealSecret(masterKey, 'not a key'), platform_certificate: 'junk' }), masterKey));
  t.same(badPem.invalid.sort(), ['platformCertificates', 'privateKeyPem']);
  const halfKey = notConfigured(() => loadPartnerCredentials(row({ wechatpay_public_key_id: 'PUB_KEY_ID_1' }), masterKey));
  t.same(halfKey.missing, ['wechatpayPublicKey']);
});

t.test('a wrong master key is reported without detail', async (t) => {
  const extra = notConfigured(() => loadPartnerCredentials(row(), randomBytes(32)));
  t.same(extra.invalid, ['privateKeyPem', 'apiv3Key', 'apiv2Key']);
});

t.test('public-key mode alone is enough; certificates download may start with nothing', async (t) => {
  const partner = testPartner('public_key');
  const credentials = loadPartnerCredentials(row({
    platform_certificate: null,
    wechatpay_public_key_id: partner.credentials.wechatpayPublicKey!.id,
    wechatpay_public_key: partner.credentials.wechatpayPublicKey!.pem,
    apiv2_key_enc: null,
  }), masterKey);
  t.equal(credentials.platformCertificates.length, 0);
  t.equal(credentials.wechatpayPublicKey?.id, partner.credentials.wechatpayPublicKey!.id);
  t.equal(credentials.apiv2Key, undefined);
  const bare = createPartnerCredentials({
    spMchid: '1', spAppid: 'wx1', apiCertSerial: 'ab', privateKeyPem: partner.merchant.privateKeyPem, apiv3Key: TEST_APIV3_KEY,
  }, { requireVerificationMaterial: false });
  t.equal(bare.platformCertificates.length, 0);
});
