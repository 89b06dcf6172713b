import t from 'tap';
import { startTestApp } from '../testing/test-app.ts';
import { createShop } from '../testing/shop.ts';
import { DEMO_SMS_CODE } from './mall-entry.service.ts';

const APPID = 'wx1234567890abcdef';

t.test('sandbox mode: entry, phone sign-in with the demo code, wx.login codes name stable test users', async (t) => {
  const h = await startTestApp({ wechatpaySandbox: true });
  t.teardown(h.close);
  const shop = await createShop(h);

  const entry = await h.app.inject({ method: 'GET', url: `/api/v1/mall/entry?merchantId=${shop.tenantId}` });
  t.equal(entry.statusCode, 200, entry.body);
  t.equal(entry.json().merchant.id, shop.tenantId);
  t.same(entry.json().stores.map((s: { name: string }) => s.name), ['一号店', '二号店']);
  t.equal(entry.json().stores[0].delivery.pickup, true);
  t.equal(entry.json().demoSmsCode, DEMO_SMS_CODE);
  const nameless = await h.app.inject({ method: 'GET', url: '/api/v1/mall/entry' });
  t.equal(nameless.json().field, 'merchantId');

  const wrongCode = await h.app.inject({ method: 'POST', url: '/api/v1/mall/auth/phone', payload: { merchantId: shop.tenantId, phone: '13800000001', code: '000000' } });
  t.equal(wrongCode.statusCode, 401);
  t.equal(wrongCode.json().code, 'LS_MALL_SMS_CODE_INVALID');
  const phone = await h.app.inject({ method: 'POST', url: '/api/v1/mall/auth/phone', payload: { merchantId: shop.tenantId, phone: '13800000001', code: DEMO_SMS_CODE } });
  t.equal(phone.statusCode, 200, phone.body);
  const again = await h.app.inject({ method: 'POST', url: '/api/v1/mall/auth/phone', payload: { merchantId: shop.tenantId, phone: '13800000001', code: DEMO_SMS_CODE } });
  t.equal(again.json().customer.id, phone.json().customer.id, 'the same phone is the same customer');
  const me = await h.as(phone.json().accessToken)({ method: 'GET', url: '/api/v1/mall/me' });
  t.equal(me.json().phone, '13800000001');

  const wx = (code: string) => h.app.inject({ method: 'POST', url: '/api/v1/mall/auth/wechat', payload: { merchantId: shop.tenantId, appid: APPID, code } });
  const first = await wx('test-user-1');
  t.equal(first.statusCode, 200, first.body);
  t.equal((await wx('test-user-1')).json().customer.id, first.json().customer.id, 'a code names a stable test user');
  t.not((await wx('test-user-2')).json().customer.id, first.json().customer.id);

  const staffRoute = await h.as(first.json().accessToken)({ method: 'GET', url: '/api/v1/orders' });
  t.equal(staffRoute.statusCode, 403, 'a customer token opens no staff route');
  const customerRoute = await h.as(shop.token)({ method: 'GET', url: '/api/v1/mall/me' });
  t.equal(customerRoute.statusCode, 403, 'a staff token opens no customer route');
});

