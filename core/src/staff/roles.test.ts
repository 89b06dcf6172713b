import t from 'tap';
import { startTestApp } from '../testing/test-app.ts';
import { addStaff, addStore, createMerchant } from '../testing/merchant.ts';
import { permissions } from './permissions.ts';

interface Role { id: string; name: string; builtin: string | null; permissions: string[]; staffCount: number }

t.test('roles: built-ins are protected, custom roles come and go', async (t) => {
  const h = await startTestApp();
  t.teardown(h.close);
  const a = await createMerchant(h, '甲商户');

  const catalogue = await a.api({ method: 'GET', url: '/api/v1/permissions' });
  t.equal(catalogue.statusCode, 200, catalogue.body);
  t.equal(catalogue.json().length, permissions.length, 'every permission is offered');
  t.match(catalogue.json().find((p: { name: string }) => p.name === 'stock.write'), { label: '调整库存', area: 'stock', areaLabel: '库存' });

  const listed = await a.api({ method: 'GET', url: '/api/v1/roles' });
  t.equal(listed.headers['x-total-count'], '4');
  const roles = listed.json() as Role[];
  const byBuiltin = (key: string) => roles.find((r) => r.builtin === key)!;
  t.equal(byBuiltin('merchant_admin').staffCount, 1, 'the first admin holds the admin role');

  const cashier = byBuiltin('cashier');
  const rename = await a.api({ method: 'PATCH', url: `/api/v1/roles/${cashier.id}`, payload: { name: '收款员' } });
  t.equal(rename.statusCode, 409);
  t.match(rename.json(), { code: 'LS_STAFF_ROLE_BUILTIN', field: 'name' });
  const edit = await a.api({ method: 'PATCH', url: `/api/v1/roles/${cashier.id}`, payload: {
    name: cashier.name, permissions: [...cashier.permissions, 'order.discount'],
  } });
  t.equal(edit.statusCode, 200, 'a built-in role’s permissions may change, its unchanged name may be sent back');
  t.ok(edit.json().permissions.includes('order.discount'));

  const admin = byBuiltin('merchant_admin');
  const narrow = await a.api({ method: 'PATCH', url: `/api/v1/roles/${admin.id}`, payload: { permissions: ['store.read'] } });
  t.equal(narrow.statusCode, 409);
  t.equal(narrow.json().field, 'permissions');
  const same = await a.api({ method: 'PATCH', url: `/api/v1/roles/${admin.id}`, payload: { permissions: [...admin.permissions].reverse() } });
  t.equal(same.statusCode, 200, 'sending the admin’s own set back is not a change');
  t.equal((await a.api({ method: 'DELETE', url: `/api/v1/roles/${cashier.id}` })).json().code, 'LS_STAFF_ROLE_BUILTIN');

  const unknownPermission = await a.api({ method: 'POST', url: '/api/v1/roles', payload: { name: '仓管', permissions: ['stock.fly'] } });
  t.equal(unknownPermission.statusCode, 400);
  t.equal(unknownPermission.json().field, 'permissions.0');

  const created = await a.api({ method: 'POST', url: '/api/v1/roles', payload: { name: '仓管', permissions: ['stock.read', 'stock.write'] } });
  t.equal(created.statusCode, 201, created.body);
  const keeper = created.json() as Role;
  t.equal(keeper.builtin, null);
  const dup = await a.api({ method: 'POST', url: '/api/v1/roles', payload: { name: '仓管', permissions: [] } });
  t.equal(dup.statusCode, 409);
  t.equal(dup.json().field, 'name');

  const store = await addStore(a, '01');
  const roleStaff = await a.api({ method: 'POST', url: '/api/v1/staff', payload: {
    name: '老李', username: 'keeper-li', password: 'keeper-password', roleId: keeper.id, storeIds: [store],
  } });
  t.equal(roleStaff.statusCode, 201, roleStaff.body);
  const inUse = await a.api({ method: 'DELETE', url: `/api/v1/roles/${keeper.id}` });
  t.equal(inUse.statusCode, 409);
  t.equal(inUse.json().code, 'LS_RESOURCE_IN_USE');

  const spare = (await a.api({ method: 'POST', url: '/api/v1/roles', payload: { name: '临时', permissions: [] } })).json() as Role;
  t.equal((await a.api({ method: 'DELETE', url: `/api/v1/roles/${spare.id}` })).statusCode, 204);
  t.equal((await a.api({ method: 'GET', url: `/api/v1/roles/${spare.id}` })).statusCode, 404);

  // A store manager manages staff, but a role is shared by every store.
  const manager = await addStaff(h, a, 'store_manager', [store]);
  const managerEdit = await manager.api({ method: 'PATCH', url: `/api/v1/roles/${keeper.id}`, payload: { permissions: [] } });
  t.equal(managerEdit.statusCode, 403);
  t.equal((await manager.api({ method: 'GET', url: '/api/v1/roles' })).statusCode, 200, 'but may read them to pick one');
});

t.test('roles of another merchant are not found', async (t) => {
  const h = await startTestApp();
  t.teardown(h.close);
  const a = await createMerchant(h, '甲商户');
  const b = await createMerchant(h, '乙商户');
  const aRole = (await a.api({ method: 'POST', url: '/api/v1/roles', payload: { name: '甲的角色', permissions: [] } })).json() as Role;

  t.equal((await b.api({ method: 'GET', url: `/api/v1/roles/${aRole.id}` })).statusCode, 404);
  t.equal((await b.api({ method: 'PATCH', url: `/api/v1/roles/${aRole.id}`, payload: { name: '偷改' } })).statusCode, 404);
  t.equal((await b.api({ method: 'DELETE', url: `/api/v1/roles/${aRole.id}` })).statusCode, 404);
  const bRoles = (await b.api({ method: 'GET', url: '/api/v1/roles?_end=100' })).json() as Role[];
  t.equal(bRoles.length, 4);
  t.notOk(bRoles.some((r) => r.id === aRole.id), 'B never lists A’s roles');
});
