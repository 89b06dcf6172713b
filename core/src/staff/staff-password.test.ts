import t from 'tap';
import { startTestApp, TEST_PASSWORD } from '../testing/test-app.ts';
import { addStaff, addStore, createMerchant } from '../testing/merchant.ts';

const h = await startTestApp();
t.teardown(h.close);
const a = await createMerchant(h, '甲商户');
const b = await createMerchant(h, '乙商户');
const [store1, store2] = [await addStore(a, '01'), await addStore(a, '02')];
const login = (username: string, password: string) => h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
const reset = (as: typeof a.api, staffId: string, payload: unknown) => as({ method: 'POST', url: `/api/v1/staff/${staffId}/password`, payload: payload as object });

t.test('a merchant admin resets a password: the new one signs in, the old one and old sessions end', async (t) => {
  const cashier = await addStaff(h, a, 'cashier', [store1]);
  const session = (await login(cashier.username, TEST_PASSWORD)).json() as { refreshToken: string };
  const res = await reset(a.api, cashier.id, { password: 'new-password-2' });
  t.equal(res.statusCode, 204, res.body);
  t.equal((await login(cashier.username, TEST_PASSWORD)).statusCode, 401, 'the old password no longer works');
  t.equal((await login(cashier.username, 'new-password-2')).statusCode, 200, 'the new one does');
  const refreshed = await h.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: session.refreshToken } });
  t.equal(refreshed.statusCode, 401, 'a session from before the reset cannot be refreshed');
});

t.test('the new password is validated like any other, naming the field', async (t) => {
  const cashier = await addStaff(h, a, 'cashier', [store1]);
  for (const [payload, field] of [[{ password: 'short' }, 'password'], [{}, 'password'], [{ password: 12345678 }, 'password'],
    [{ password: 'long-enough-1', extra: 1 }, 'extra']] as const) {
    const res = await reset(a.api, cashier.id, payload);
    t.equal(res.statusCode, 400, JSON.stringify(payload));
    t.match(res.json(), { code: 'LS_INPUT_INVALID', field });
  }
  t.equal((await login(cashier.username, TEST_PASSWORD)).statusCode, 200, 'refused resets changed nothing');
});

t.test('staff.write is needed, within the resetter\'s stores and rank', async (t) => {
  const cashier = await addStaff(h, a, 'cashier', [store1]);
  const colleague = await addStaff(h, a, 'cashier', [store1]);
  const byCashier = await reset(cashier.api, colleague.id, { password: 'new-password-3' });
  t.equal(byCashier.statusCode, 403, 'a cashier has no staff.write');
  t.equal(byCashier.json().code, 'LS_AUTH_FORBIDDEN');
  const manager = await addStaff(h, a, 'store_manager', [store2]);
  t.equal((await reset(manager.api, colleague.id, { password: 'new-password-3' })).statusCode, 404, 'another store\'s staff look absent');
  const admin = await addStaff(h, a, 'merchant_admin', [store2]);
  t.equal((await reset(manager.api, admin.id, { password: 'new-password-3' })).statusCode, 403, 'nor a merchant admin\'s, above a manager');
  t.equal((await login(colleague.username, TEST_PASSWORD)).statusCode, 200, 'the refused resets changed nothing');
  t.equal((await login(admin.username, TEST_PASSWORD)).statusCode, 200);
});

t.test('another merchant cannot reset A\'s staff', async (t) => {
  const cashier = await addStaff(h, a, 'cashier', [store1]);
  const res = await reset(b.api, cashier.id, { password: 'new-password-4' });
  t.equal(res.statusCode, 404);
  t.equal((await login(cashier.username, TEST_PASSWORD)).statusCode, 200, 'A\'s password is unchanged');
});
