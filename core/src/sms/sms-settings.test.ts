import t from 'tap';
import { startTestApp } from '../testing/test-app.ts';
import { createShop } from '../testing/shop.ts';
import { createMerchant } from '../testing/merchant.ts';
import { inTenant } from '../db/tenant-tx.ts';
import { loadSmsSettings } from './sms-settings.ts';

const ACCOUNT = { secretId: 'AKIDtestsecretid0000000000000000ABCD', secretKey: 'testsecretkey000000000000000000ab', sdkAppId: '1400006666', signName: '零售演示', templateId: '1234567' };

t.test('the merchant\'s SMS account: owner and manager only, secrets sealed and never read back', async (t) => {
  const h = await startTestApp();
  t.teardown(h.close);
  const shop = await createShop(h);
  const settings = (payload?: object) => shop.api({ method: payload ? 'PUT' : 'GET', url: '/api/v1/sms/settings', ...(payload ? { payload } : {}) });

  t.match((await settings()).json(), { configured: false, provider: null, hasSecretKey: false });
  const cashier = h.as(shop.cashierToken);
  t.equal((await cashier({ method: 'GET', url: '/api/v1/sms/settings' })).statusCode, 403, 'a cashier cannot see it');
  t.equal((await cashier({ method: 'PUT', url: '/api/v1/sms/settings', payload: ACCOUNT })).statusCode, 403, 'nor change it');

  const { secretId: _id, secretKey: _key, ...withoutSecrets } = ACCOUNT;
  const keyless = await settings(withoutSecrets);
  t.equal(keyless.statusCode, 400);
  t.equal(keyless.json().field, 'secretId', 'a first save needs the key pair');
  t.equal((await settings({ ...ACCOUNT, sdkAppId: 'app-1' })).json().field, 'sdkAppId');
  t.equal((await settings({ ...ACCOUNT, provider: 'aliyun' })).json().field, 'provider');

  const saved = await settings(ACCOUNT);
  t.equal(saved.statusCode, 200, saved.body);
  t.match(saved.json(), {
    configured: true, provider: 'tencent', secretIdLast4: 'ABCD', hasSecretKey: true, sdkAppId: '1400006666', signName: '零售演示',
    templateId: '1234567', templateWithMinutes: false, updatedAt: String,
  });
  t.notOk(saved.body.includes(ACCOUNT.secretKey) || saved.body.includes(ACCOUNT.secretId), 'no secret in the answer');
  const row = await inTenant(h.db.knex, shop.tenantId, (trx) => trx('sms_settings').first('secret_id_enc', 'secret_key_enc'));
  t.match(row, { secret_id_enc: /^v1:/, secret_key_enc: /^v1:/ }, 'sealed at rest');
  t.notOk(JSON.stringify(row).includes(ACCOUNT.secretKey));

  const renamed = await settings({ ...withoutSecrets, signName: '新签名', templateWithMinutes: true });
  t.match(renamed.json(), { signName: '新签名', templateWithMinutes: true, secretIdLast4: 'ABCD' });
  const opened = await inTenant(h.db.knex, shop.tenantId, (trx) => loadSmsSettings(trx, h.app.config.masterKey));
  t.match(opened, { secretId: ACCOUNT.secretId, secretKey: ACCOUNT.secretKey }, 'omitted secrets are kept');

  const other = await createMerchant(h, '别家');
  t.match((await other.api({ method: 'GET', url: '/api/v1/sms/settings' })).json(), { configured: false }, 'each merchant sees only its own');

  t.equal((await shop.api({ method: 'DELETE', url: '/api/v1/sms/settings' })).statusCode, 204);
  t.match((await settings()).json(), { configured: false });
});
