import t from 'tap';
import { randomBytes } from 'node:crypto';
import { createTestDatabase } from '../testing/test-db.ts';
import { createPartner } from '../tenancy/partners.service.ts';
import { loadPartnerCredentialsById } from './credentials.ts';
import { CERT_PLATFORM, TEST_APIV2_KEY, TEST_APIV3_KEY, testPartner } from './testing.ts';

t.test('a partner saved by the tenancy service loads as credentials', async (t) => {
  const db = await createTestDatabase();
  t.teardown(() => db.close());
  const masterKey = randomBytes(32);
  const { merchant, keyPlatform } = testPartner('both');
  const saved = await createPartner(db.knex, masterKey, {
    name: '杭州合伙人',
    spMchid: '1900000100',
    spAppid: 'wx8888888888888888',
    apiCertSerial: '3775b6a45acd588826d15e583a95f5dd00000001',
    platformCertificate: CERT_PLATFORM.certificatePem,
    wechatpayPublicKeyId: keyPlatform.serial,
    wechatpayPublicKey: keyPlatform.publicKeyPem,
    apiv3Key: TEST_APIV3_KEY,
    apiv2Key: TEST_APIV2_KEY,
    apiPrivateKey: merchant.privateKeyPem,
  });
  const credentials = await loadPartnerCredentialsById(db.knex, masterKey, saved.id);
  t.equal(credentials.partnerId, saved.id);
  t.equal(credentials.apiCertSerial, '3775B6A45ACD588826D15E583A95F5DD00000001');
  t.equal(credentials.privateKeyPem, merchant.privateKeyPem.trim());
  t.equal(credentials.apiv3Key, TEST_APIV3_KEY);
  t.same(credentials.platformCertificates.map((c) => c.serial), ['D7CE59D1F522D701']);
  t.equal(credentials.wechatpayPublicKey?.id, keyPlatform.serial);
  await t.rejects(loadPartnerCredentialsById(db.knex, masterKey, '00000000-0000-7000-8000-000000000000'), { code: 'LS_RESOURCE_NOT_FOUND' });
  const bare = await createPartner(db.knex, masterKey, { name: '未配置' });
  await t.rejects(loadPartnerCredentialsById(db.knex, masterKey, bare.id), { code: 'LS_WECHATPAY_NOT_CONFIGURED' });
});
