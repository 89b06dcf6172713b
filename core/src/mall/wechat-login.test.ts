import t from 'tap';
import nock from 'nock';
import { startTestApp } from '../testing/test-app.ts';
import { createShop } from '../testing/shop.ts';
import { DEMO_SMS_CODE } from './mall-entry.service.ts';

const APPID = 'wx1234567890abcdef';
nock.disableNetConnect();

t.test('production mode: code-to-session with the merchant\'s appid and AppSecret', async (t) => {
  const h = await startTestApp();
  t.teardown(h.close);
  t.teardown(() => nock.cleanAll());
  const shop = await createShop(h);
  const login = (code: string) => h.app.inject({ method: 'POST', url: '/api/v1/mall/auth/wechat', payload: { appid: APPID, code } });

  t.equal((await login('c1')).statusCode, 404, 'no merchant has this mini program yet');
  await h.as(h.platformToken)({ method: 'PATCH', url: `/api/v1/platform/merchants/${shop.tenantId}`, payload: { subAppid: APPID } });
  const unset = await login('c1');
  t.equal(unset.statusCode, 409);
  t.equal(unset.json().code, 'LS_MALL_LOGIN_NOT_CONFIGURED');

  const secret = 'a'.repeat(32);
  const saved = await shop.api({ method: 'PATCH', url: '/api/v1/mall/settings', payload: { miniprogramSecret: secret } });
  t.equal(saved.statusCode, 200, saved.body);
  t.same(saved.json(), { hasMiniprogramSecret: true, banners: [] }, 'the secret is never read back');

  const phone = await h.app.inject({ method: 'POST', url: '/api/v1/mall/auth/phone', payload: { merchantId: shop.tenantId, phone: '13800000001', code: DEMO_SMS_CODE } });
  t.equal(phone.json().code, 'LS_MALL_LOGIN_NOT_CONFIGURED', 'no SMS service outside the demo');

  nock('https://api.weixin.qq.com').get('/sns/jscode2session')
    .query({ appid: APPID, secret, js_code: 'good-code', grant_type: 'authorization_code' })
    .reply(200, { openid: 'oCustomer0001', session_key: 'k', unionid: 'uCustomer0001' });
  const ok = await login('good-code');
  t.equal(ok.statusCode, 200, ok.body);
  nock('https://api.weixin.qq.com').get('/sns/jscode2session').query(true).reply(200, { errcode: 40163, errmsg: 'code been used' });
  const used = await login('good-code');
  t.equal(used.statusCode, 401);
  t.equal(used.json().code, 'LS_MALL_WECHAT_LOGIN_FAILED');
  t.equal(used.json().wechatCode, 40163);
  nock('https://api.weixin.qq.com').get('/sns/jscode2session').query(true).replyWithError('connection reset');
  t.equal((await login('another')).json().code, 'LS_MALL_WECHAT_UNAVAILABLE');
  t.ok(nock.isDone(), 'every WeChat call was made');
});
