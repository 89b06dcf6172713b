import type { FastifyInstance } from 'fastify';
import { login } from '../auth/auth.service.ts';

/** The plugins the demo merchant uses when WeChat Pay runs in the sandbox. */
export const demoWechatPlugins = ['wechat-voucher', 'merchant-coupon'];

/**
 * Something to see in the WeChat plugins on first start: a merchant coupon customers can claim in
 * the mall and redeem at the till, and a running voucher stock to send to members. Made through
 * the plugins' own API as the demo admin, so WeChat's side (the sandbox) has them too.
 */
export async function seedDemoPluginData(app: FastifyInstance, admin: { username: string; password: string }): Promise<void> {
  const loaded = new Set(app.plugins.list().map((plugin) => plugin.id));
  // Signed in through the service, not the route: the seed must not count against the login rate limit.
  const { accessToken: token } = await login(app, admin.username, admin.password);
  const call = async (method: 'POST' | 'PATCH', url: string, payload: object) => {
    const res = await app.inject({ method, url, payload, headers: { authorization: `Bearer ${token}` } });
    if (res.statusCode >= 300) throw new Error(`demo ${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json() as { id: string };
  };
  const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
  if (loaded.has('merchant-coupon')) {
    await call('POST', '/api/v1/plugins/merchant-coupon/coupons', {
      scene: 'both', name: '开业满50减10', scopeText: '全场通用', type: 'fixed', thresholdFen: 5000, amountFen: 1000,
      maxCoupons: 1000, perUserLimit: 2, availableUntil: inDays(60),
    });
  }
  if (loaded.has('wechat-voucher')) {
    const stock = await call('POST', '/api/v1/plugins/wechat-voucher/stocks', {
      name: '会员专享满30减5', chargeMode: 'pre_charged', amountFen: 500, thresholdFen: 3000, maxCoupons: 200, maxPerUser: 1,
      beginAt: inDays(1 / 24), endAt: inDays(30),
    });
    await call('PATCH', `/api/v1/plugins/wechat-voucher/stocks/${stock.id}`, { status: 'running' });
  }
}
