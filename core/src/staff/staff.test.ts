import t from 'tap';
import { startTestApp, TEST_PASSWORD } from '../testing/test-app.ts';
import { addStaff, addStore, createMerchant } from '../testing/merchant.ts';
import { newId } from '../db/ids.ts';

interface Role { id: string; builtin: string | null }
interface Staff { id: string; username: string; roleId: string; storeIds: string[]; active: boolean }

async function rolesOf(api: Awaited<ReturnType<typeof createMerchant>>['api']) {
  const roles = (await api({ method: 'GET', url: '/api/v1/roles' })).json() as Role[];
  return (builtin: string) => roles.find((r) => r.builtin === builtin)!.id;
}

t.test('a merchant admin adds, edits and deactivates staff', async (t) => {
  const h = await startTestApp();
  t.teardown(h.close);
  const a = await createMerchant(h, '甲商户');
  const [store1, store2] = [await addStore(a, '01'), await addStore(a, '02')];
  const role = await rolesOf(a.api);

  const created = await a.api({ method: 'POST', url: '/api/v1/staff', payload: {
    name: '小王', phone: '13800000001', username: 'wang-cashier', password: TEST_PASSWORD, roleId: role('cashier'), storeIds: [store1],
  } });
  t.equal(created.statusCode, 201, created.body);
  const wang = created.json() as Staff;
  t.match(wang, { username: 'wang-cashier', roleId: role('cashier'), storeIds: [store1], active: true, roleName: '收银员' });
  t.notOk('password' in wang);

  const me = await h.as(await h.login('wang-cashier'))({ method: 'GET', url: '/api/v1/auth/me' });
  t.same(me.json().storeIds, [store1], 'the new cashier signs in bound to store 1');
  t.match(me.json(), { username: 'wang-cashier', roleName: '收银员', kind: 'staff' }, '/auth/me says who, by name and role');

  const accountsBefore = (await h.db.knex('accounts').count({ n: '*' }).first())!.n;
  const badRole = await a.api({ method: 'POST', url: '/api/v1/staff', payload: {
    name: '无角色', username: 'no-role', password: TEST_PASSWORD, roleId: newId(), storeIds: [store1],
  } });
  t.equal(badRole.statusCode, 404);
  t.equal(badRole.json().field, 'roleId');
  const badStore = await a.api({ method: 'POST', url: '/api/v1/staff', payload: {
    name: '无门店', username: 'no-store', password: TEST_PASSWORD, roleId: role('cashier'), storeIds: [store1, newId()],
  } });
  t.equal(badStore.statusCode, 404);
  t.equal(badStore.json().field, 'storeIds.1');
  t.equal((await h.db.knex('accounts').count({ n: '*' }).first())!.n, accountsBefore, 'a refused staff member leaves no account behind');
  t.notOk(await h.db.knex('accounts').where({ username: 'no-role' }).first(), 'and the username stays free');

  const taken = await a.api({ method: 'POST', url: '/api/v1/staff', payload: {
    name: '重名', username: 'wang-cashier', password: TEST_PASSWORD, roleId: role('cashier'),
  } });
  t.equal(taken.statusCode, 409);
  t.equal(taken.json().field, 'username');

  const moved = await a.api({ method: 'PATCH', url: `/api/v1/staff/${wang.id}`, payload: {
    name: '王小二', roleId: role('shopping_guide'), storeIds: [store1, store2],
  } });
  t.equal(moved.statusCode, 200, moved.body);
  t.match(moved.json(), { name: '王小二', roleId: role('shopping_guide'), username: 'wang-cashier' });
  t.same([...moved.json().storeIds].sort(), [store1, store2].sort());

  const listed = await a.api({ method: 'GET', url: `/api/v1/staff?storeId=${store2}` });
  t.equal(listed.headers['x-total-count'], '1');
  t.equal(listed.json()[0].username, 'wang-cashier');
  t.equal((await a.api({ method: 'GET', url: '/api/v1/staff?q=王小' })).json().length, 1, 'q finds staff by name');

  const reset = await a.api({ method: 'POST', url: `/api/v1/staff/${wang.id}/password`, payload: { password: 'a-new-password' } });
  t.equal(reset.statusCode, 204);
  const oldPassword = await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'wang-cashier', password: TEST_PASSWORD } });
  t.equal(oldPassword.statusCode, 401, 'the old password no longer works');
  const session = (await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'wang-cashier', password: 'a-new-password' } })).json();

  const off = await a.api({ method: 'PATCH', url: `/api/v1/staff/${wang.id}`, payload: { active: false } });
  t.equal(off.statusCode, 200);
  t.equal(off.json().active, false);
  const login = await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'wang-cashier', password: 'a-new-password' } });
  t.equal(login.statusCode, 401, 'a deactivated staff member cannot sign in');
  t.equal(login.json().code, 'LS_AUTH_BAD_CREDENTIALS');
  const refreshed = await h.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: session.refreshToken } });
  t.equal(refreshed.statusCode, 401, 'nor keep a session going');

  const on = await a.api({ method: 'PATCH', url: `/api/v1/staff/${wang.id}`, payload: { active: true } });
  t.equal(on.statusCode, 200);
  t.ok(await h.login('wang-cashier', 'a-new-password'), 'reactivated, the login works again');

  const self = (await a.api({ method: 'GET', url: '/api/v1/auth/me' })).json().staffId as string;
  const selfOff = await a.api({ method: 'PATCH', url: `/api/v1/staff/${self}`, payload: { active: false } });
  t.equal(selfOff.statusCode, 400, 'nobody deactivates themselves');
  t.equal(selfOff.json().field, 'active');
  t.equal((await h.db.knex('accounts').where({ staff_id: self }).first()).disabled, false, 'and the refusal left the login enabled');

  const badStores = await a.api({ method: 'PATCH', url: `/api/v1/staff/${wang.id}`, payload: { storeIds: 'all' } });
  t.equal(badStores.statusCode, 400);
  t.equal(badStores.json().field, 'storeIds');
});

t.test('store-bound staff manage only their own stores, and never above themselves', async (t) => {
  const h = await startTestApp();
  t.teardown(h.close);
  const a = await createMerchant(h, '甲商户');
  const [store1, store2] = [await addStore(a, '01'), await addStore(a, '02')];
  const role = await rolesOf(a.api);
  const manager = await addStaff(h, a, 'store_manager', [store1]);
  const cashier = await addStaff(h, a, 'cashier', [store1]);
  const otherCashier = await addStaff(h, a, 'cashier', [store2]);

  const cashierTries = await cashier.api({ method: 'POST', url: '/api/v1/staff', payload: {
    name: '新人', username: 'by-cashier', password: TEST_PASSWORD, roleId: role('cashier'), storeIds: [store1],
  } });
  t.equal(cashierTries.statusCode, 403, 'a cashier cannot create staff');
  t.equal(cashierTries.json().code, 'LS_AUTH_FORBIDDEN');

  const hire = (payload: Record<string, unknown>) => manager.api({ method: 'POST', url: '/api/v1/staff', payload: {
    name: '新人', username: `hire-${newId().slice(-8)}`, password: TEST_PASSWORD, roleId: role('shopping_guide'), storeIds: [store1], ...payload,
  } });
  t.equal((await hire({})).statusCode, 201, 'a manager hires into their store');
  const elsewhere = await hire({ storeIds: [store2] });
  t.equal(elsewhere.statusCode, 404, 'another store is not theirs to staff');
  t.equal(elsewhere.json().field, 'storeIds.0');
  const nowhere = await hire({ storeIds: [] });
  t.equal(nowhere.statusCode, 400);
  t.equal(nowhere.json().field, 'storeIds');
  const admin = await hire({ roleId: role('merchant_admin') });
  t.equal(admin.statusCode, 403, 'a manager cannot make a merchant admin');
  t.equal(admin.json().field, 'roleId');
  const powerful = (await a.api({ method: 'POST', url: '/api/v1/roles', payload: { name: '插件管理', permissions: ['plugin.manage'] } })).json();
  const above = await hire({ roleId: powerful.id });
  t.equal(above.statusCode, 403, 'nor grant a permission they do not hold');
  t.match(above.json(), { field: 'roleId', missing: ['plugin.manage'] });

  const seen = (await manager.api({ method: 'GET', url: '/api/v1/staff?_end=100' })).json() as Staff[];
  t.ok(seen.every((s) => s.storeIds.includes(store1)), 'a manager lists only staff of their store');
  t.notOk(seen.some((s) => s.id === otherCashier.id));
  t.equal((await manager.api({ method: 'GET', url: `/api/v1/staff/${otherCashier.id}` })).statusCode, 404);
  t.equal((await manager.api({ method: 'PATCH', url: `/api/v1/staff/${otherCashier.id}`, payload: { active: false } })).statusCode, 404);
  t.equal((await h.db.knex('accounts').where({ staff_id: otherCashier.id }).first()).disabled, false, 'the refused deactivation changed nothing');

  const promote = await manager.api({ method: 'PATCH', url: `/api/v1/staff/${cashier.id}`, payload: { roleId: role('merchant_admin') } });
  t.equal(promote.statusCode, 403);
  const reach = await manager.api({ method: 'PATCH', url: `/api/v1/staff/${cashier.id}`, payload: { storeIds: [store1, store2] } });
  t.equal(reach.statusCode, 404);
  t.equal(reach.json().field, 'storeIds.1');
  const guide = await manager.api({ method: 'PATCH', url: `/api/v1/staff/${cashier.id}`, payload: { roleId: role('shopping_guide') } });
  t.equal(guide.statusCode, 200, 'within their store and powers a manager edits freely');

  // Shared with another store, the cashier is visible to the manager but not theirs to change.
  await a.api({ method: 'PATCH', url: `/api/v1/staff/${cashier.id}`, payload: { storeIds: [store1, store2] } });
  t.equal((await manager.api({ method: 'GET', url: `/api/v1/staff/${cashier.id}` })).statusCode, 200);
  t.equal((await manager.api({ method: 'POST', url: `/api/v1/staff/${cashier.id}/password`, payload: { password: 'hijacked-pass' } })).statusCode, 403);
  t.ok(await h.login(cashier.username), 'the refused reset left the password as it was');
});

t.test('staff of another merchant are not found', async (t) => {
  const h = await startTestApp();
  t.teardown(h.close);
  const a = await createMerchant(h, '甲商户');
  const b = await createMerchant(h, '乙商户');
  const aStore = await addStore(a, '01');
  const aCashier = await addStaff(h, a, 'cashier', [aStore]);
  const bRole = await rolesOf(b.api);

  t.equal((await b.api({ method: 'GET', url: `/api/v1/staff/${aCashier.id}` })).statusCode, 404);
  const off = await b.api({ method: 'PATCH', url: `/api/v1/staff/${aCashier.id}`, payload: { active: false } });
  t.equal(off.statusCode, 404);
  t.equal((await b.api({ method: 'POST', url: `/api/v1/staff/${aCashier.id}/password`, payload: { password: 'hijacked-pass' } })).statusCode, 404);
  t.ok(await h.login(aCashier.username), 'A’s cashier still signs in with the old password');

  const intoA = await b.api({ method: 'POST', url: '/api/v1/staff', payload: {
    name: '越界', username: 'cross-tenant', password: TEST_PASSWORD, roleId: bRole('cashier'), storeIds: [aStore],
  } });
  t.equal(intoA.statusCode, 404, 'A’s store is unknown to B');
  t.equal(intoA.json().field, 'storeIds.0');
  const bList = (await b.api({ method: 'GET', url: '/api/v1/staff?_end=100' })).json() as Staff[];
  t.equal(bList.length, 1, 'B lists only its own admin');
});
