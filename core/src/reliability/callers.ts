import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { TestApp } from '../testing/test-app.ts';
import type { TestShop } from '../testing/shop.ts';
import { DEMO_SMS_CODE } from '../mall/mall-entry.service.ts';

export type Inject = (options: InjectOptions) => Promise<LightMyRequestResponse>;

let phones = 0;
/** Signs a mall customer of the shop in (phone and the demo SMS code) and injects as them. */
export async function customerOf(h: TestApp, shop: TestShop): Promise<Inject> {
  const phone = `1390000${String(++phones).padStart(4, '0')}`;
  const res = await h.app.inject({ method: 'POST', url: '/api/v1/mall/auth/phone', payload: { merchantId: shop.tenantId, phone, code: DEMO_SMS_CODE } });
  if (res.statusCode !== 200) throw new Error(`customer sign-in: ${res.statusCode} ${res.body}`);
  return h.as(res.json().accessToken as string);
}

/**
 * The caller a route accepts, found by asking it: the merchant admin, else a mall customer of the
 * same merchant, else the platform operator. The route table does not carry config.auth, and
 * trying is what a client would do; a route that refuses all three is reported, not skipped.
 */
export async function callerFor(callers: { name: string; inject: Inject }[], probe: (inject: Inject) => Promise<LightMyRequestResponse>) {
  for (const caller of callers) {
    const res = await probe(caller.inject);
    if (res.statusCode !== 403) return caller;
  }
  return undefined;
}
