/**
 * 收银端核销 (seed 4.9 §5-2) in the cashier app against the demo: a customer claims the demo's
 * merchant coupon (开业满50减10) in the mall, then at the till the cashier scans the code the
 * customer shows — refused with the reason below the threshold, applied once the cart reaches
 * it, spent by the cash payment — and a second till scanning the same code is told it is used.
 * The other way in: the member's coupons listed in the till's 商家券 panel, one picked.
 * Build first with `npx tsx scripts/build-apps.ts` (the cashier and plugins/*\/ui).
 */
import t from 'tap';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startDemoServer, watchPageErrors, type DemoServer } from '../../../core/src/testing/browser.ts';
import { ean13 } from '../../../core/src/demo/demo-data.ts';
import { scan, signIn } from '../../../cashier/test/till.ts';
import { eventually } from './kit-helpers.ts';

const rice = ean13('694820010013'); // 金龙鱼东北大米 5kg ¥49.90
const cola = ean13('690294010001'); // 可口可乐 330ml ¥3.50
const base = '/api/v1/plugins/merchant-coupon';

const server: DemoServer = await startDemoServer();
const browser: Browser = await launchBrowser();
t.teardown(async () => {
  await browser.close();
  await server.close();
});

/** The API as a signed-in user (`token`) or anonymously (null). */
async function call<T>(token: string | null, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${server.url}${path}`, {
    method, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

const adminToken = await server.login('demo-admin');
const merchant = await call<{ id: string }>(adminToken, 'GET', '/api/v1/merchant');

interface WalletItem { title: string; code: string; state: 'available' | 'used' | 'expired' }

/** A mall customer signed in by phone (the demo's SMS code) who claims 开业满50减10: its code, from the wallet. */
async function claimInMall(phone: string): Promise<{ token: string; code: string }> {
  await call(null, 'POST', '/api/v1/mall/auth/sms-code', { merchantId: merchant.id, phone });
  const { accessToken: token } = await call<{ accessToken: string }>(null, 'POST', '/api/v1/mall/auth/phone', { merchantId: merchant.id, phone, code: '123456' });
  const coupons = await call<{ id: string; title: string }[]>(token, 'GET', `${base}/mall/coupons`);
  const coupon = coupons.find((c) => c.title === '开业满50减10');
  if (!coupon) throw new Error(`the demo coupon is not claimable: ${JSON.stringify(coupons)}`);
  const before = new Set((await call<WalletItem[]>(token, 'GET', `${base}/mall/wallet`)).map((c) => c.code));
  // Outside WeChat the sandbox plays the send-coupon plugin, as the H5 mall does.
  const claim = await call<{ params: Record<string, unknown>; sandbox: { url: string; openid: string; appid: string } }>(token, 'POST', `${base}/mall/coupons/${coupon.id}/claim`);
  await call(null, 'POST', claim.sandbox.url, { ...claim.params, openid: claim.sandbox.openid, appid: claim.sandbox.appid });
  const code = await eventually(async () => (await call<WalletItem[]>(token, 'GET', `${base}/mall/wallet`))
    .find((c) => c.title === '开业满50减10' && c.state === 'available' && !before.has(c.code))?.code, 'the claim in the wallet');
  return { token, code };
}

/**
 * A till signed in as the demo's cashier. Refusals are part of these flows, so the API's 4xx
 * answers are collected (path and error code) for the test to check, and the console line the
 * browser logs for each is left out of the page errors.
 */
async function openTill(float?: string): Promise<{ page: Page; errors: string[]; refusals: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  t.teardown(() => context.close());
  const page = await context.newPage();
  const errors = watchPageErrors(page);
  const refusals: string[] = [];
  page.on('response', (res) => {
    if (res.status() < 400) return;
    void res.json().then((body: { code?: string }) => refusals.push(`${res.status()} ${new URL(res.url()).pathname} ${body.code ?? ''}`), () => refusals.push(`${res.status()} ${res.url()}`));
  });
  await signIn(page, server, 'demo-cashier', float);
  const pageErrors = () => errors.filter((e) => !e.startsWith('console: Failed to load resource: the server responded with a status of 4'));
  return { page, get errors() { return pageErrors(); }, refusals };
}

const fen = (text: string | null) => Math.round(Number(text?.replace(/[^\d.-]/g, '')) * 100);

t.test('scanned at the till: refused below 满50, applied at ¥53.40, spent by the cash payment; a second till is told it is used', async (t) => {
  const customer = await claimInMall('13700137011');
  const { page, errors, refusals } = await openTill('100');

  await scan(page, cola);
  await page.waitForSelector('[data-testid=total]:has-text("￥3.50")');
  await scan(page, customer.code);
  const alert = page.getByRole('alert');
  await alert.waitFor();
  t.match(await alert.textContent(), /满50(\.00)?元可用，还差46\.50元/, 'below the threshold: the reason says what is missing');

  await scan(page, rice);
  await page.waitForSelector('.adjustment:has-text("商家券")');
  t.equal(await alert.count(), 0, 'the refusal is gone once the cart reaches the threshold');
  t.match(await page.textContent('.adjustment:has-text("商家券")'), /满50元减10元 ￥-10\.00/, 'the coupon is the plugin\'s adjustment of -¥10');
  const total = fen(await page.textContent('[data-testid=total]'));
  t.ok(total <= 5340 - 1000 && total > 5340 - 1000 - 100, `¥53.40 less ¥10 (less the store's rounding): ${total} fen`);

  await page.keyboard.press('F4');
  await page.waitForSelector('[role=dialog][aria-label=结算]');
  await page.fill('input[name=amount]', '50');
  await page.press('input[name=amount]', 'Enter');
  await page.waitForSelector('[data-testid=receipt]:has-text("合计")');
  t.match(await page.textContent('[data-testid=receipt]'), /商家券/, 'the receipt shows the coupon');
  await page.keyboard.press('Escape');
  await eventually(async () => (await call<WalletItem[]>(customer.token, 'GET', `${base}/mall/wallet`))
    .some((c) => c.code === customer.code && c.state === 'used'), 'the wallet to show the coupon used');
  t.pass('the customer\'s wallet shows it used');

  // The same code shown at another till: once, ever.
  const other = await openTill();
  await scan(other.page, rice);
  await other.page.waitForSelector('[data-testid=total]:has-text("￥49.90")');
  await scan(other.page, customer.code);
  await other.page.getByTestId('notice').filter({ hasText: '商家券不可用：该券已使用' }).waitFor();
  t.equal(await other.page.locator('.adjustment:has-text("商家券")').count(), 0, 'nothing applied on the second till');
  t.strictSame(errors, [], 'no page errors');
  t.strictSame(other.errors, [], 'no page errors on the second till');
  t.match(refusals, [/^400 \/api\/v1\/checkout\/price LS_MERCHANT_COUPON_CODE_UNUSABLE$/], 'the one refusal: the quote below the threshold');
  t.equal(refusals.length, 1);
  t.strictSame(other.refusals, [], 'a used code scanned is a message, not an error');
});

t.test('the member\'s coupons in the till\'s 商家券 panel: picked, taken off, picked again and spent', async (t) => {
  const phone = '13700137012';
  const customer = await claimInMall(phone);
  const { page, errors, refusals } = await openTill();
  await scan(page, rice);
  await scan(page, cola);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=cart-line]').length === 2);
  await page.keyboard.press('F2');
  await page.keyboard.type(phone, { delay: 50 });
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid=member]');
  const panel = page.getByRole('region', { name: '商家券' });
  const choice = panel.getByRole('radio');
  await choice.first().waitFor();
  t.equal(await choice.count(), 1, 'the member holds one coupon');
  t.match(await panel.textContent(), /开业满50减10/);
  await choice.first().check();
  await page.waitForSelector('.adjustment:has-text("商家券")');
  t.match(await page.textContent('.note'), /开业满50减10.*-￥10\.00/, 'the pick is noted in the cart');
  await panel.getByRole('button', { name: '不使用优惠券' }).click();
  await page.locator('.adjustment:has-text("商家券")').waitFor({ state: 'detached' });
  t.pass('不使用优惠券 takes it off');
  // The till shows at once the price it had for this very cart, and asks the server again.
  const requoted = page.waitForResponse((res) => res.url().endsWith('/api/v1/checkout/price'));
  await choice.first().check();
  t.equal((await requoted).status(), 200, 'picked again: priced again');
  await page.waitForSelector('.adjustment:has-text("商家券")');

  await page.keyboard.press('F4');
  await page.waitForSelector('[role=dialog][aria-label=结算]');
  await page.press('input[name=amount]', 'Enter');
  await page.waitForSelector('[data-testid=receipt]:has-text("合计")');
  await eventually(async () => (await call<WalletItem[]>(customer.token, 'GET', `${base}/mall/wallet`))
    .some((c) => c.code === customer.code && c.state === 'used'), 'the picked coupon to be used');
  t.pass('the coupon the member claimed is the one spent');
  t.strictSame(errors, [], 'no page errors');
  t.strictSame(refusals, [], 'nothing refused');
});
