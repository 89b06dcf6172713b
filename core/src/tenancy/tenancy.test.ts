import t from 'tap';
import { startTestApp, TEST_PASSWORD } from '../testing/test-app.ts';

t.test('the operator creates a partner and a merchant whose admin can sign in', async (t) => {
  const h = await startTestApp();
  t.teardown(h.close);
  const op = h.as(h.platformToken);

  const partner = await op({ method: 'POST', url: '/api/v1/platform/partners', payload: {
    name: '杭州合伙人', spMchid: '1900000100', apiv3Key: 'a'.repeat(32), apiCertSerial: 'abc123def456',
  } });
  t.equal(partner.statusCode, 201, partner.body);
  const p = partner.json();
  t.equal(p.hasApiv3Key, true);
  t.equal(p.apiCertSerial, 'ABC123DEF456');
  t.notOk('apiv3Key' in p, 'the secret is never returned');
  const stored = await h.db.knex('partners').where({ id: p.id }).first();
  t.notOk(String(stored.apiv3_key_enc).includes('aaaa'), 'the secret is encrypted at rest');

  const merchant = await op({ method: 'POST', url: '/api/v1/platform/merchants', payload: {
    name: '演示商户', partnerId: p.id, subMchid: '1900000109',
    admin: { username: 'shop-admin', password: TEST_PASSWORD, name: '王店主' },
  } });
  t.equal(merchant.statusCode, 201, merchant.body);
  const token = await h.login('shop-admin');
  const me = await h.as(token)({ method: 'GET', url: '/api/v1/merchant' });
  t.equal(me.json().name, '演示商户');

  const list = await op({ method: 'GET', url: '/api/v1/platform/merchants?_start=0&_end=10' });
  t.equal(list.headers['x-total-count'], '1');

  const staffCannot = await h.as(token)({ method: 'GET', url: '/api/v1/platform/merchants' });
  t.equal(staffCannot.statusCode, 403);
});

t.test('bad merchant input names the field and writes nothing', async (t) => {
  const h = await startTestApp();
  t.teardown(h.close);
  const op = h.as(h.platformToken);
  const res = await op({ method: 'POST', url: '/api/v1/platform/merchants', payload: {
    name: '店', admin: { username: 'ab', password: 'short' },
  } });
  t.equal(res.statusCode, 400);
  t.match(res.headers['content-type'], /^application\/problem\+json/);
  t.equal(res.json().code, 'LS_INPUT_INVALID');
  t.match(res.json().field, /^admin\./);
  const dup = { name: '店', admin: { username: 'same-user', password: TEST_PASSWORD, name: '甲' } };
  t.equal((await op({ method: 'POST', url: '/api/v1/platform/merchants', payload: dup })).statusCode, 201);
  const again = await op({ method: 'POST', url: '/api/v1/platform/merchants', payload: dup });
  t.equal(again.statusCode, 409);
  t.equal(again.json().field, 'username');
  const tenants = await h.db.knex('tenants').select('id');
  t.equal(tenants.length, 1, 'the refused merchant left no tenant behind');
});
