import t from 'tap';
import { startTestApp } from '../testing/test-app.ts';
import { addStaff, addStore, createMerchant } from '../testing/merchant.ts';
import { inTenant } from '../db/tenant-tx.ts';
import { newId } from '../db/ids.ts';
import { findOrCreateByWechat } from './customer-wechat.service.ts';

interface Customer { id: string; phone: string | null; name: string; memberCode: string; homeStoreId: string | null; birthday: string | null }

t.test('members: create, find, look up at the till, update', async (t) => {
  const h = await startTestApp();
  t.teardown(h.close);
  const a = await createMerchant(h, '甲商户');
  const [store1, store2] = [await addStore(a, '01'), await addStore(a, '02')];

  const created = await a.api({ method: 'POST', url: '/api/v1/customers', payload: {
    phone: '13812345678', name: '张三', homeStoreId: store1, gender: 'male', birthday: '1990-05-17',
  } });
  t.equal(created.statusCode, 201, created.body);
  const zhang = created.json() as Customer;
  t.match(zhang, { phone: '13812345678', name: '张三', homeStoreId: store1, gender: 'male', birthday: '1990-05-17' });
  t.match(zhang.memberCode, /^\d{8}$/, 'a member code is drawn when none is given');

  const carded = await a.api({ method: 'POST', url: '/api/v1/customers', payload: { phone: '13900000000', name: '李四', memberCode: 'VIP0001' } });
  t.equal(carded.json().memberCode, 'VIP0001');

  for (const phone of ['1381234567', '12812345678', '138123456789', '+8613812345678']) {
    const bad = await a.api({ method: 'POST', url: '/api/v1/customers', payload: { phone, name: '坏号' } });
    t.equal(bad.statusCode, 400, `${phone} is refused`);
    t.equal(bad.json().field, 'phone');
  }
  const noPhone = await a.api({ method: 'POST', url: '/api/v1/customers', payload: { name: '无号' } });
  t.equal(noPhone.json().field, 'phone');
  const dupPhone = await a.api({ method: 'POST', url: '/api/v1/customers', payload: { phone: '13812345678', name: '冒名' } });
  t.equal(dupPhone.statusCode, 409);
  t.equal(dupPhone.json().field, 'phone');
  const dupCode = await a.api({ method: 'POST', url: '/api/v1/customers', payload: { phone: '13700000000', memberCode: 'VIP0001' } });
  t.equal(dupCode.statusCode, 409);
  t.equal(dupCode.json().field, 'memberCode');
  const nowhere = await a.api({ method: 'POST', url: '/api/v1/customers', payload: { phone: '13700000000', homeStoreId: newId() } });
  t.equal(nowhere.statusCode, 404);
  t.equal(nowhere.json().field, 'homeStoreId');
  t.equal((await a.api({ method: 'GET', url: '/api/v1/customers' })).headers['x-total-count'], '2', 'refused members were not written');

  const search = async (query: string) => ((await a.api({ method: 'GET', url: `/api/v1/customers?${query}` })).json() as Customer[]).map((c) => c.name);
  t.same(await search('q=1381234'), ['张三'], 'q matches the phone');
  t.same(await search('q=李'), ['李四'], 'q matches the name');
  t.same(await search(`q=${zhang.memberCode}`), ['张三'], 'q matches the member code');
  t.same(await search(`homeStoreId=${store1}`), ['张三']);

  const byPhone = await a.api({ method: 'GET', url: '/api/v1/customers/lookup?code=13812345678' });
  t.equal(byPhone.statusCode, 200);
  t.equal(byPhone.json().id, zhang.id);
  t.equal((await a.api({ method: 'GET', url: `/api/v1/customers/lookup?code=${zhang.memberCode}` })).json().id, zhang.id);
  t.equal((await a.api({ method: 'GET', url: '/api/v1/customers/lookup?code=vip0001' })).statusCode, 404, 'codes match exactly');
  const none = await a.api({ method: 'GET', url: '/api/v1/customers/lookup?code=13000000000' });
  t.equal(none.statusCode, 404);
  t.equal(none.json().code, 'LS_RESOURCE_NOT_FOUND');

  const updated = await a.api({ method: 'PATCH', url: `/api/v1/customers/${zhang.id}`, payload: {
    name: '张三丰', birthday: null, homeStoreId: store2, note: '爱喝可乐',
  } });
  t.equal(updated.statusCode, 200, updated.body);
  t.match(updated.json(), { name: '张三丰', birthday: null, homeStoreId: store2, note: '爱喝可乐', phone: '13812345678' });
  const badUpdate = await a.api({ method: 'PATCH', url: `/api/v1/customers/${zhang.id}`, payload: { phone: '1234' } });
  t.equal(badUpdate.json().field, 'phone');
  t.equal((await a.api({ method: 'GET', url: `/api/v1/customers/${newId()}` })).statusCode, 404);

  const cashier = await addStaff(h, a, 'cashier', [store1]);
  const atTill = await cashier.api({ method: 'GET', url: '/api/v1/customers/lookup?code=13812345678' });
  t.equal(atTill.statusCode, 200, 'a member registered elsewhere is still found at the till');
  const registered = await cashier.api({ method: 'POST', url: '/api/v1/customers', payload: { phone: '15011112222', homeStoreId: store1 } });
  t.equal(registered.statusCode, 201, 'a cashier registers members to their store');
  const otherStore = await cashier.api({ method: 'POST', url: '/api/v1/customers', payload: { phone: '15011113333', homeStoreId: store2 } });
  t.equal(otherStore.statusCode, 404);
  t.equal(otherStore.json().field, 'homeStoreId');
});

t.test('members of another merchant are not found', async (t) => {
  const h = await startTestApp();
  t.teardown(h.close);
  const a = await createMerchant(h, '甲商户');
  const b = await createMerchant(h, '乙商户');
  const aCustomer = (await a.api({ method: 'POST', url: '/api/v1/customers', payload: { phone: '13812345678', name: '甲的会员' } })).json() as Customer;

  t.equal((await b.api({ method: 'GET', url: `/api/v1/customers/${aCustomer.id}` })).statusCode, 404);
  t.equal((await b.api({ method: 'PATCH', url: `/api/v1/customers/${aCustomer.id}`, payload: { name: '偷改' } })).statusCode, 404);
  t.equal((await b.api({ method: 'GET', url: '/api/v1/customers/lookup?code=13812345678' })).statusCode, 404);
  t.equal((await b.api({ method: 'GET', url: '/api/v1/customers' })).json().length, 0, 'B never lists A’s members');
  const samePhone = await b.api({ method: 'POST', url: '/api/v1/customers', payload: { phone: '13812345678', name: '乙的会员' } });
  t.equal(samePhone.statusCode, 201, 'phones are unique per merchant, not across merchants');
});

t.test('findOrCreateByWechat links one person’s WeChat identities to one member', async (t) => {
  const h = await startTestApp();
  t.teardown(h.close);
  const a = await createMerchant(h, '甲商户');
  const wx = (identity: Parameters<typeof findOrCreateByWechat>[2]) =>
    inTenant(h.db.knex, a.tenantId, (trx) => findOrCreateByWechat(trx, a.tenantId, identity));

  const first = await wx({ appid: 'wxmall0000000001', openid: 'o-mall-1', unionid: 'u-1' });
  t.match(first.memberCode, /^\d{8}$/);
  t.equal(first.phone, null, 'a first visit without a phone still makes a member');
  t.equal((await wx({ appid: 'wxmall0000000001', openid: 'o-mall-1', unionid: 'u-1' })).id, first.id, 'the same openid is the same member');
  const official = await wx({ appid: 'wxofficial000001', openid: 'o-official-1', unionid: 'u-1' });
  t.equal(official.id, first.id, 'a new appid with a known unionid links to the same member');
  const identities = await inTenant(h.db.knex, a.tenantId, (trx) => trx('customer_wechat_identities').where({ customer_id: first.id }).orderBy('appid'));
  t.same(identities.map((i: { appid: string }) => i.appid), ['wxmall0000000001', 'wxofficial000001']);

  const stranger = await wx({ appid: 'wxmall0000000001', openid: 'o-mall-2', unionid: 'u-2' });
  t.not(stranger.id, first.id, 'another unionid is another member');

  const shopper = (await a.api({ method: 'POST', url: '/api/v1/customers', payload: { phone: '13688889999', name: '老顾客' } })).json() as Customer;
  const linked = await wx({ appid: 'wxmall0000000001', openid: 'o-mall-3', phone: '13688889999' });
  t.equal(linked.id, shopper.id, 'a verified phone on file links to the member who has it');
  t.equal(linked.name, '老顾客');

  const fresh = await wx({ appid: 'wxmall0000000001', openid: 'o-mall-4', phone: '13677776666' });
  t.equal(fresh.phone, '13677776666', 'a new member keeps the verified phone');

  // Two first visits at once still make one member: the second waits for the first to commit
  // (on PGlite, with its one connection, it simply runs after it).
  let created!: () => void;
  let release!: () => void;
  const firstCreated = new Promise<void>((resolve) => { created = resolve; });
  const held = new Promise<void>((resolve) => { release = resolve; });
  const slow = inTenant(h.db.knex, a.tenantId, async (trx) => {
    const customer = await findOrCreateByWechat(trx, a.tenantId, { appid: 'wxmall0000000001', openid: 'o-mall-5', unionid: 'u-5' });
    created();
    await held;
    return customer;
  });
  await firstCreated;
  const racing = wx({ appid: 'wxofficial000001', openid: 'o-official-5', unionid: 'u-5' });
  setTimeout(release, 200);
  const [x, y] = await Promise.all([slow, racing]);
  t.equal(x.id, y.id);

  const b = await createMerchant(h, '乙商户');
  const inB = await inTenant(h.db.knex, b.tenantId, (trx) => findOrCreateByWechat(trx, b.tenantId, { appid: 'wxmall0000000001', openid: 'o-mall-1', unionid: 'u-1' }));
  t.not(inB.id, first.id, 'each merchant has its own members, even for the same WeChat user');
});
