import t from 'tap';
import nock from 'nock';
import { startTestApp } from '../testing/test-app.ts';
import { createShop } from '../testing/shop.ts';
import { createMerchant } from '../testing/merchant.ts';
import { inTenant } from '../db/tenant-tx.ts';
import { TENCENT_SMS_HOST } from '../sms/tencent-sms.ts';
import { DEMO_SMS_CODE } from './mall-entry.service.ts';

nock.disableNetConnect();

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

  const sms = (phone: string, remoteAddress = '127.0.0.1') => h.app.inject({ method: 'POST', url: '/api/v1/mall/auth/sms-code', remoteAddress, payload: { merchantId: shop.tenantId, phone } });
  const demoSend = await sms('13800000001');
  t.equal(demoSend.statusCode, 200, demoSend.body);
  t.match(demoSend.json(), { demo: true, resendAfterSeconds: 0, sentAt: String });
  t.notOk(demoSend.body.includes(DEMO_SMS_CODE), 'the answer never carries a code');
  const landline = await sms('02112345678');
  t.equal(landline.statusCode, 400);
  t.equal(landline.json().field, 'phone', 'a mainland mobile number only');
  for (let i = 0; i < 30; i++) await sms(`1390000${String(i).padStart(4, '0')}`, '10.0.0.9');
  const flood = await sms('13911110000', '10.0.0.9');
  t.equal(flood.statusCode, 429, 'one address may ask 30 times an hour, whatever the phones');
  t.equal(flood.json().code, 'LS_AUTH_RATE_LIMITED');
  t.equal((await sms('13911110000', '10.0.0.10')).statusCode, 200, 'another address is not held back');

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


const SMS_ACCOUNT = { secretId: 'AKIDtestsecretid0000000000000000ABCD', secretKey: 'testsecretkey000000000000000000ab', sdkAppId: '1400006666', signName: '零售演示', templateId: '1234567' };

/** Tencent Cloud answering one SendSms; resolves to the code the message carried. */
function tencentSends(): Promise<string> {
  return new Promise((resolve) => {
    nock(`https://${TENCENT_SMS_HOST}`).post('/').reply((_uri, body) => {
      resolve((body as { TemplateParamSet: string[] }).TemplateParamSet[0]!);
      return [200, { Response: { SendStatusSet: [{ SerialNo: '5000:1', PhoneNumber: '+8613800000002', Fee: 1, Code: 'Ok', Message: 'send success' }], RequestId: 'r' } }];
    });
  });
}

t.test('production mode: SMS codes sent through the merchant\'s Tencent Cloud account', async (t) => {
  const h = await startTestApp();
  t.teardown(h.close);
  t.teardown(() => nock.cleanAll());
  const merchant = await createMerchant(h, '短信商户');
  const PHONE = '13800000002';
  const sms = (phone = PHONE) => h.app.inject({ method: 'POST', url: '/api/v1/mall/auth/sms-code', payload: { merchantId: merchant.tenantId, phone } });
  const login = (code: string, phone = PHONE) => h.app.inject({ method: 'POST', url: '/api/v1/mall/auth/phone', payload: { merchantId: merchant.tenantId, phone, code } });
  // Lets time pass for one phone's codes: sent (and expiring) `seconds` earlier.
  const age = (seconds: number, phone = PHONE) => inTenant(h.db.knex, merchant.tenantId, (trx) => trx('sms_codes').where({ phone }).update({
    created_at: trx.raw('created_at - make_interval(secs => ?)', [seconds]), expires_at: trx.raw('expires_at - make_interval(secs => ?)', [seconds]),
  }));

  const unset = await sms();
  t.equal(unset.statusCode, 409);
  t.equal(unset.json().code, 'LS_MALL_LOGIN_NOT_CONFIGURED');
  t.equal(unset.json().field, 'phone');
  const saved = await merchant.api({ method: 'PUT', url: '/api/v1/sms/settings', payload: SMS_ACCOUNT });
  t.equal(saved.statusCode, 200, saved.body);
  const demoCode = await login(DEMO_SMS_CODE, '13800000009');
  t.match(demoCode.json(), { code: 'LS_MALL_SMS_CODE_INVALID', reason: 'missing' }, 'the demo code is nothing outside the demo');

  // Sent: the answer says when, never what.
  let delivered = tencentSends();
  const sent = await sms();
  t.equal(sent.statusCode, 200, sent.body);
  const code = await delivered;
  t.match(code, /^[0-9]{6}$/);
  t.match(sent.json(), { sentAt: String, resendAfterSeconds: 60, demo: false });
  t.notOk(sent.body.includes(code), 'the code is only in the message');
  const stored = await inTenant(h.db.knex, merchant.tenantId, (trx) => trx('sms_codes').where({ phone: PHONE }).first('code_hash'));
  t.notOk(JSON.stringify(stored).includes(code), 'only a hash is stored');

  const tooSoon = await sms();
  t.equal(tooSoon.statusCode, 429, 'a second code within a minute');
  t.match(tooSoon.json(), { code: 'LS_AUTH_RATE_LIMITED', field: 'phone', retryAfterSeconds: Number });
  t.ok(tooSoon.json().retryAfterSeconds > 0 && tooSoon.json().retryAfterSeconds <= 60);

  // Five wrong tries kill the code: the right one is refused after.
  const wrong = code === '000000' ? '000001' : '000000';
  for (let i = 0; i < 4; i++) t.equal((await login(wrong)).json().reason, 'wrong');
  const fifth = await login(wrong);
  t.equal(fifth.statusCode, 401);
  t.match(fifth.json(), { code: 'LS_MALL_SMS_CODE_INVALID', field: 'code', reason: 'exhausted' });
  t.equal((await login(code)).json().reason, 'exhausted', 'refused even with the right code');

  // A new code: right once, then used up.
  await age(61);
  delivered = tencentSends();
  t.equal((await sms()).statusCode, 200);
  const second = await delivered;
  const signedIn = await login(second);
  t.equal(signedIn.statusCode, 200, signedIn.body);
  t.equal(signedIn.json().customer.phone, PHONE);
  t.equal((await login(second)).json().reason, 'used', 'a code signs in once');
  const identities = await inTenant(h.db.knex, merchant.tenantId, (trx) => trx('customer_wechat_identities').count({ n: '*' }).first());
  t.equal(Number(identities?.n), 0, 'no sandbox WeChat identity outside the sandbox');

  // Expired after five minutes.
  await age(61);
  delivered = tencentSends();
  await sms();
  const third = await delivered;
  await age(301);
  t.equal((await login(third)).json().reason, 'expired');

  // The provider refuses: a clear error naming its code, and no code is left to wait on.
  await age(61, '13800000003');
  nock(`https://${TENCENT_SMS_HOST}`).post('/').reply(200, { Response: {
    SendStatusSet: [{ SerialNo: '', PhoneNumber: '+8613800000003', Fee: 0, Code: 'FailedOperation.TemplateIncorrectOrUnapproved', Message: 'template not approved' }], RequestId: 'r-4',
  } });
  const refused = await sms('13800000003');
  t.equal(refused.statusCode, 502);
  t.match(refused.json(), { code: 'LS_SMS_SEND_FAILED', provider: 'tencent', vendorCode: 'FailedOperation.TemplateIncorrectOrUnapproved' });
  delivered = tencentSends();
  t.equal((await sms('13800000003')).statusCode, 200, 'asking again at once is allowed: nothing went out');
  await delivered;

  // Ten codes a day per phone.
  const busy = '13800000004';
  for (let i = 0; i < 10; i++) {
    delivered = tencentSends();
    t.equal((await sms(busy)).statusCode, 200);
    await delivered;
    await age(61, busy);
  }
  const eleventh = await sms(busy);
  t.equal(eleventh.statusCode, 429);
  t.match(eleventh.json(), { field: 'phone', title: /too many codes today/ });
  t.ok(nock.isDone(), 'every message was sent');
});
