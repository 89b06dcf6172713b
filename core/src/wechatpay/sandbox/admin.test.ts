/**
 * The sandbox's admin API and storage: registering merchants with their own certificate,
 * rotation, keys and modes, the admin token, the request role kept out of the schema, secrets
 * sealed at rest, and a restart that keeps the platform identity and resumes notifications.
 */
import t from 'tap';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createTestDatabase } from '../../testing/test-db.ts';
import { asAppWithoutTenant } from '../../db/tenant-tx.ts';
import { SANDBOX_SCHEMA, table } from './db.ts';
import { SANDBOX_CA } from './platform.ts';
import { aesGcmDecrypt } from './wire.ts';
import { mintCertificate, randomSerial } from './x509.ts';
import { rmSync } from 'node:fs';
import { buildApp } from '../../http/app.ts';
import { testConfig } from '../../testing/test-app.ts';
import { wechatpaySandbox } from './plugin.ts';
import { PREFIX, authorization, eventually, startReceiver, startSandbox, verifyAnswer, type Credentials } from './sandbox.testing.ts';

function merchantKeys(mchid: string) {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const serial = randomSerial();
  const certificate = mintCertificate({
    subject: { C: 'CN', O: '自带证书的服务商', CN: mchid }, issuer: SANDBOX_CA, serial, publicKey, signingKey: privateKey,
    notBefore: new Date(Date.now() - 3600_000), notAfter: new Date(Date.now() + 365 * 24 * 3600_000),
  });
  return {
    serial, certificate,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

t.test('admin API and storage', async (t) => {
  const sandbox = await startSandbox();
  t.teardown(() => sandbox.close());
  const platform = (await sandbox.admin('GET', '/platform')).json() as { certificate: { serialNo: string; certificate: string }; publicKey: { publicKeyId: string; publicKey: string } };

  await t.test('the request role has no access to the sandbox schema', async (t) => {
    const { rows } = (await sandbox.db.knex.raw(`select has_schema_privilege('lingshou_app', ?, 'USAGE') as usage, has_table_privilege('lingshou_app', ?, 'SELECT') as read`,
      [SANDBOX_SCHEMA, `${SANDBOX_SCHEMA}.transactions`])) as { rows: { usage: boolean; read: boolean }[] };
    t.strictSame(rows[0], { usage: false, read: false });
    await t.rejects(asAppWithoutTenant(sandbox.db.knex, (trx) => table(trx, 'service_providers').select('*')), { code: '42501' }, 'permission denied as lingshou_app');
  });

  await t.test('the platform identity: a certificate and a WeChat Pay public key, private halves sealed', async (t) => {
    t.match(platform.certificate.serialNo, /^[0-9A-F]{40}$/);
    t.match(platform.certificate.certificate, /BEGIN CERTIFICATE/);
    t.match(platform.publicKey.publicKeyId, /^PUB_KEY_ID_01\d{26}$/);
    const rows = (await table(sandbox.db.knex, 'platform_keys').select('*')) as { private_key_enc: string }[];
    t.equal(rows.length, 2);
    for (const row of rows) {
      t.match(row.private_key_enc, /^v1:/);
      t.notMatch(row.private_key_enc, /PRIVATE KEY/);
    }
  });

  let own: ReturnType<typeof merchantKeys>;
  const apiv3Key = 'Own-APIv3-key-0123456789abcdefgh';
  const credentials = (): Credentials => ({
    spMchid: '1234567890', spAppid: 'wx1234567890abcdef', apiCertSerial: own.serial.toLowerCase(), apiCertificate: own.certificate, apiPrivateKey: own.privateKeyPem,
    apiv3Key, apiv2Key: '', platformCertificate: platform.certificate.certificate, platformCertificateSerial: platform.certificate.serialNo,
    wechatpayPublicKeyId: platform.publicKey.publicKeyId, wechatpayPublicKey: platform.publicKey.publicKey, subMerchants: [],
  });

  await t.test('a service provider registers its own API certificate', async (t) => {
    own = merchantKeys('1234567890');
    const registered = await sandbox.admin('POST', '/service-providers', { spMchid: '1234567890', name: '自带证书', apiv3Key, apiCertificate: own.certificate });
    t.equal(registered.statusCode, 201, registered.body);
    t.match(registered.json(), { spMchid: '1234567890', verifyMode: 'certificate', hasApiv3Key: true, hasApiv2Key: false, certificates: [{ serialNo: own.serial }] });
    t.notMatch(registered.body, new RegExp(apiv3Key), 'the APIv3 key is never returned');
    const stored = (await table(sandbox.db.knex, 'service_providers').where({ sp_mchid: '1234567890' }).first()) as { apiv3_key_enc: string };
    t.notMatch(stored.apiv3_key_enc, new RegExp(apiv3Key), 'nor stored in clear');

    const certificates = await sandbox.call(credentials(), 'GET', '/v3/certificates');
    t.equal(certificates.status, 200, 'a lower-case serial (as wechatpay-node-v3 sends it) is accepted');
    t.ok(verifyAnswer(credentials(), certificates));
    const [entry] = certificates.json.data as { serial_no: string; encrypt_certificate: { ciphertext: string; nonce: string; associated_data: string } }[];
    t.equal(entry!.serial_no, platform.certificate.serialNo);
    t.equal(aesGcmDecrypt(entry!.encrypt_certificate.ciphertext, apiv3Key, entry!.encrypt_certificate.nonce, entry!.encrypt_certificate.associated_data), platform.certificate.certificate);

    const duplicate = await sandbox.admin('POST', '/service-providers', { spMchid: '1234567890', name: '又来', apiv3Key, apiCertificate: own.certificate });
    t.match([duplicate.statusCode, duplicate.headers['content-type'], duplicate.json().code], [409, /problem\+json/, 'LS_WXSANDBOX_MERCHANT_EXISTS']);
    const unreadable = await sandbox.admin('POST', '/service-providers', { spMchid: '1234567891', name: '坏证书', apiv3Key, apiCertificate: '-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----' });
    t.match([unreadable.statusCode, unreadable.json().code], [400, 'LS_WXSANDBOX_CERTIFICATE_INVALID']);
    const shortKey = await sandbox.admin('POST', '/service-providers', { spMchid: '1234567891', name: '短密钥', apiv3Key: 'short', apiCertificate: own.certificate });
    t.match([shortKey.statusCode, shortKey.json().code, shortKey.json().field], [400, 'LS_INPUT_INVALID', 'apiv3Key']);
    t.match((await sandbox.admin('GET', '/service-providers/1999999999')).json(), { code: 'LS_WXSANDBOX_MERCHANT_UNKNOWN' });
  });

  await t.test('certificates rotate; unknown serials and merchants are refused', async (t) => {
    const next = merchantKeys('1234567890');
    const added = await sandbox.admin('POST', '/service-providers/1234567890/certificates', { apiPublicKey: next.publicKeyPem, apiCertSerial: next.serial });
    t.strictSame([added.statusCode, added.json()], [201, { serialNo: next.serial }]);
    t.equal((await sandbox.call(credentials(), 'GET', '/v3/certificates')).status, 200, 'the old certificate still works');
    t.equal((await sandbox.call({ ...credentials(), apiCertSerial: next.serial, apiPrivateKey: next.privateKeyPem }, 'GET', '/v3/certificates')).status, 200, 'and the new one');
    const wrongSerial = await sandbox.call(credentials(), 'GET', '/v3/certificates', undefined, { serial: randomSerial() });
    t.match([wrongSerial.status, wrongSerial.json.code], [401, 'SIGN_ERROR']);
    const wrongMchid = await sandbox.call(credentials(), 'GET', '/v3/certificates', undefined, { mchid: '1111111111' });
    t.match([wrongMchid.status, wrongMchid.json.code], [401, 'SIGN_ERROR']);
    const noHeader = await sandbox.app.inject({ method: 'GET', url: `${PREFIX}/v3/certificates` });
    t.match([noHeader.statusCode, noHeader.json().code], [401, 'SIGN_ERROR']);
    const fullPath = await sandbox.call(credentials(), 'GET', '/v3/certificates', undefined, { signedUrl: `${PREFIX}/v3/certificates` });
    t.equal(fullPath.status, 200, 'a client that signs the full mounted path is accepted too');
    const unknown = await sandbox.call(credentials(), 'GET', '/v3/pay/partner/nothing');
    t.match([unknown.status, unknown.json.code], [404, 'RESOURCE_NOT_EXISTS']);
  });

  await t.test('keys and modes change through PATCH', async (t) => {
    const newKey = 'New-APIv3-key-0123456789abcdefgh';
    await sandbox.admin('PATCH', '/service-providers/1234567890', { apiv3Key: newKey, verifyMode: 'public_key' });
    const answer = await sandbox.call(credentials(), 'GET', '/v3/certificates');
    t.equal(answer.headers['wechatpay-serial'], platform.publicKey.publicKeyId, 'public-key mode signs with the public key');
    t.ok(verifyAnswer(credentials(), answer));
    const encrypted = (answer.json.data as { encrypt_certificate: { ciphertext: string; nonce: string } }[])[0]!.encrypt_certificate;
    t.equal(aesGcmDecrypt(encrypted.ciphertext, newKey, encrypted.nonce, 'certificate'), platform.certificate.certificate, 'encrypted with the new APIv3 key');
    t.throws(() => aesGcmDecrypt(encrypted.ciphertext, apiv3Key, encrypted.nonce, 'certificate'), 'not the old one');
  });

  await t.test('sub-merchants', async (t) => {
    const added = await sandbox.admin('POST', '/service-providers/1234567890/sub-merchants', { subMchid: '1900000109', name: '腾大餐厅', noCashAuthorized: false });
    t.strictSame([added.statusCode, added.json()], [201, { subMchid: '1900000109', spMchid: '1234567890', name: '腾大餐厅', subAppid: null, noCashAuthorized: false }]);
    t.equal((await sandbox.admin('POST', '/service-providers/1234567890/sub-merchants', { subMchid: '1900000109', name: '重复' })).statusCode, 409);
    t.equal((await sandbox.admin('PATCH', '/service-providers/1234567890/sub-merchants/1900000999', { name: 'x' })).statusCode, 404);
    t.equal((await sandbox.admin('POST', '/service-providers/1999999999/sub-merchants', { name: 'x' })).statusCode, 404);
    t.equal((await sandbox.admin('GET', '/service-providers/1234567890')).json().subMerchants.length, 1);
  });
});

t.test('the admin token guards the admin API only', async (t) => {
  const sandbox = await startSandbox({ adminToken: 'sandbox-admin-secret' });
  t.teardown(() => sandbox.close());
  const refused = await sandbox.admin('POST', '/service-providers/provision', {});
  t.match([refused.statusCode, refused.json().code], [401, 'LS_WXSANDBOX_ADMIN_TOKEN']);
  t.equal((await sandbox.admin('GET', '/platform', undefined, { 'x-sandbox-admin-token': 'wrong' })).statusCode, 401);
  const allowed = await sandbox.admin('POST', '/service-providers/provision', {}, { 'x-sandbox-admin-token': 'sandbox-admin-secret' });
  t.equal(allowed.statusCode, 201);
  const credentials = allowed.json() as Credentials;
  t.equal((await sandbox.call(credentials, 'GET', '/v3/certificates')).status, 200, '/v3 is authenticated by signatures, not the token');
  t.equal((await sandbox.app.inject({ method: 'GET', url: `${PREFIX}/pay/wxunknown` })).statusCode, 404, 'the customer page needs no token');
});

t.test('a restart keeps the platform identity and resumes pending notifications', async (t) => {
  const db = await createTestDatabase();
  t.teardown(() => db.close());
  const masterKey = randomBytes(32);
  const first = await startSandbox({ timeScale: 1 }, { db, masterKey });
  const credentials = await first.provision();
  const statuses = [500];
  const receiver = await startReceiver(statuses);
  t.teardown(() => receiver.close());
  const prepay = await first.call(credentials, 'POST', '/v3/pay/partner/transactions/jsapi', {
    sp_appid: credentials.spAppid, sp_mchid: credentials.spMchid, sub_mchid: credentials.subMerchants[0]!.subMchid, description: '重启',
    out_trade_no: 'RESTART001', notify_url: receiver.url, amount: { total: 100 }, payer: { sp_openid: 'oRestartOpenid000000000001' },
  });
  await first.admin('POST', `/prepays/${prepay.json.prepay_id as string}/pay`);
  await receiver.waitFor(1);
  await eventually(async () => {
    const row = (await table(db.knex, 'notifications').first()) as { next_attempt_at: Date | null } | undefined;
    return row?.next_attempt_at ? row : null;
  });
  await first.close();

  // Time passes while the server is down; the retry is due when it comes back.
  await table(db.knex, 'notifications').update({ next_attempt_at: new Date() });
  statuses.push(204);
  const second = await startSandbox({ timeScale: 1 }, { db, masterKey });
  t.teardown(() => second.close());
  const platform = (await second.admin('GET', '/platform')).json() as { certificate: { serialNo: string } };
  t.equal(platform.certificate.serialNo, credentials.platformCertificateSerial, 'the same platform certificate');
  await receiver.waitFor(2);
  const record = await eventually(async () => {
    const [row] = (await second.admin('GET', '/notifications')).json() as { state: string; attempts: number }[];
    return row?.state === 'delivered' ? row : null;
  });
  t.equal(record.attempts, 2, 'delivered on the resumed attempt');
  t.equal((await second.call(credentials, 'GET', '/v3/certificates')).status, 200, 'the merchant is still registered');
});

t.test('mounted in the Lingshou server as docs/wechatpay-sandbox.md says', async (t) => {
  const db = await createTestDatabase();
  const config = testConfig();
  const app = await buildApp({ db, config, logger: false });
  await app.register(wechatpaySandbox, { prefix: '/sandbox/wechatpay', knex: db.knex, masterKey: config.masterKey });
  await app.ready();
  t.teardown(async () => {
    await app.close();
    await db.close();
    rmSync(config.dataDir, { recursive: true, force: true });
  });
  const provisioned = await app.inject({ method: 'POST', url: '/sandbox/wechatpay/admin/service-providers/provision', payload: {} });
  t.equal(provisioned.statusCode, 201);
  const credentials = provisioned.json() as Credentials;
  const answer = await app.inject({
    method: 'GET', url: '/sandbox/wechatpay/v3/certificates', headers: { authorization: authorization(credentials, 'GET', '/v3/certificates', '') },
  });
  t.equal(answer.statusCode, 200);
  t.ok(verifyAnswer(credentials, { headers: answer.headers, raw: answer.body }));
  const refused = await app.inject({ method: 'GET', url: '/sandbox/wechatpay/v3/certificates' });
  t.match([refused.statusCode, refused.json()], [401, { code: 'SIGN_ERROR' }], 'WeChat error shape, not problem+json');
  const adminError = await app.inject({ method: 'GET', url: '/sandbox/wechatpay/admin/service-providers/1999999999' });
  t.match([adminError.statusCode, adminError.headers['content-type']], [404, /problem\+json/], 'the admin API answers problem+json');
  t.equal((await app.inject({ method: 'GET', url: '/api/v1/health' })).statusCode, 200, 'the kernel API is untouched');
  const openapi = await app.inject({ method: 'GET', url: '/api/docs/json' });
  const paths = Object.keys((openapi.json() as { paths: Record<string, unknown> }).paths);
  t.notOk(paths.some((path) => path.includes('sandbox')), 'the sandbox stays out of the Lingshou API document');
});
