/**
 * The till's counter jobs besides selling, in a browser against the demo: a plugin's actions
 * (drawn from GET /extensions, with their hotkeys, coming and going as the plugin is enabled and
 * disabled), a refund a manager approves for a cashier, and a mall order's pickup code.
 */
import t from 'tap';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { launchBrowser, startDemoServer, watchPageErrors } from '../../core/src/testing/browser.ts';
import { firstPartyPlugins } from '../../core/src/kernel/plugins/plugin-loader.ts';
import { ean13 } from '../../core/src/demo/demo-data.ts';
import { DEMO_SMS_CODE } from '../../core/src/mall/mall-entry.service.ts';
import { asUser, scan, screenshotDir, signIn } from './till.ts';

const cola = ean13('690294010001');
const chips = ean13('692487010010');
const fixture = fileURLToPath(new URL('./fixtures/till-action.plugin.ts', import.meta.url));

const server = await startDemoServer({ LINGSHOU_PLUGINS: [...firstPartyPlugins, fixture].join(',') });
t.teardown(() => server.close());
const browser = await launchBrowser();
t.teardown(() => browser.close());

/** Calls the API (with a token, or none for public routes), for answers asUser does not take: 204, a problem. */
async function call(token: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${server.url}${path.startsWith('/sandbox') ? '' : '/api/v1'}${path}`, {
    method, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, json: res.status === 204 ? {} : (await res.json()) as Record<string, unknown> };
}

const adminToken = await server.login('demo-admin');
const cashierApi = await asUser(server, 'demo-cashier');
const storeId = (await cashierApi<{ storeIds: string[] }>('GET', '/auth/me')).storeIds[0]!;
t.equal((await call(await server.login('platform'), 'POST', '/platform/plugins/till-action/install')).status, 204, 'the fixture plugin is installed');

/** The browser's own report of an answer the test provoked (a refused code, a wrong password). */
const refused = (status: number) => (error: string) => error.includes(`status of ${status}`);

/** Sells what is in the cart for cash and returns the order's number from the receipt. */
async function sellForCash(page: Page): Promise<string> {
  await page.keyboard.press('F4');
  await page.press('input[name=amount]', 'Enter');
  await page.waitForSelector('[data-testid=receipt]:has-text("合计")');
  const number = /单号 (\d+)/.exec((await page.textContent('[data-testid=receipt]')) ?? '')![1]!;
  await page.keyboard.press('Escape');
  return number;
}

/** The till asks for the extensions again when its window comes back into focus. */
const refocus = (page: Page) => page.evaluate(() => window.dispatchEvent(new Event('focus')));

t.test('a plugin\'s actions: drawn with their hotkeys, sent the store, the last sale and the cart; gone when disabled', async (t) => {
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  t.teardown(() => context.close());
  const page = await context.newPage();
  const errors = watchPageErrors(page);
  await signIn(page, server, 'demo-cashier', '100');
  t.equal(await page.locator('[data-action^="till-action:"]').count(), 0, 'not drawn while the plugin is off');

  t.equal((await call(adminToken, 'POST', '/plugins/till-action/enable')).status, 200, 'the merchant enables it');
  await refocus(page);
  const stamp = page.locator('[data-action="till-action:stamp"]');
  await stamp.waitFor();
  t.equal(await stamp.textContent(), '盖章F8', 'the label and its hotkey');
  t.equal(await page.textContent('[data-action="till-action:refuse"] kbd'), 'Alt+R');

  await page.keyboard.press('F8');
  await page.waitForSelector('[data-testid=action-toast]:has-text("已盖章")');
  t.equal(await page.textContent('[data-testid=action-toast]'), '已盖章：购物车 0 行，上一单 无', 'F8: the store only, before any sale');

  await scan(page, cola);
  await page.waitForSelector('[data-testid=cart-line]');
  const number = await sellForCash(page);
  const [order] = await cashierApi<{ id: string; number: string }[]>('GET', `/orders?storeId=${storeId}&q=${number}&_end=1`);
  await scan(page, chips);
  await page.waitForSelector('[data-testid=cart-line]');
  await stamp.click();
  await page.waitForSelector(`[data-testid=action-toast]:has-text("${order!.id}")`);
  t.equal(await page.textContent('[data-testid=action-toast]'), `已盖章：购物车 1 行，上一单 ${order!.id}`, 'the cart and the last sale');
  await page.screenshot({ path: join(screenshotDir, 'plugin-actions.png') });

  await page.keyboard.press('Alt+r');
  await page.waitForSelector('[data-testid=action-toast][role=alert]');
  t.equal(await page.textContent('[data-testid=action-toast]'), '今天不盖章', 'Alt+R: the problem\'s title, as the plugin wrote it');

  t.equal((await call(adminToken, 'POST', '/plugins/till-action/disable')).status, 200, 'the merchant disables it');
  await refocus(page);
  await stamp.waitFor({ state: 'detached' });
  t.pass('the buttons are gone, without a reload');
  t.strictSame(errors.filter((e) => !refused(409)(e)), [], 'no page errors besides the refusal the test asked for');
});

t.test('a cashier\'s refund approved by a manager\'s username and password', async (t) => {
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  t.teardown(() => context.close());
  const page = await context.newPage();
  const errors = watchPageErrors(page);
  await signIn(page, server, 'demo-cashier');
  await scan(page, cola);
  await scan(page, chips);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=cart-line]').length === 2);
  const number = await sellForCash(page);

  await page.keyboard.press('F6');
  await page.waitForSelector('[role=dialog][aria-label=退货]');
  await scan(page, number);
  await page.waitForSelector(`text=单号 ${number}`);
  t.ok(await page.isVisible('text=退款需店长输入账号和密码授权'), 'the cashier is told a manager must approve');
  await page.fill('input[aria-label="退 乐事薯片 原味 75g"]', '1');
  await page.fill('input[name=approverUsername]', 'demo-admin');
  await page.fill('input[name=approverPassword]', 'not-the-password');
  await page.click('text=授权并退款');
  await page.waitForSelector('[role=alert]:has-text("主管账号或密码错误")');
  const [unrefunded] = await cashierApi<{ refundedFen: number }[]>('GET', `/orders?storeId=${storeId}&q=${number}&_end=1`);
  t.equal(unrefunded!.refundedFen, 0, 'a wrong password refunds nothing');
  t.equal(await page.inputValue('input[name=approverPassword]'), '', 'the wrong password is cleared');

  await page.fill('input[name=approverPassword]', 'lingshou-demo');
  await page.click('text=授权并退款');
  await page.waitForSelector('[data-testid=refund-result]');
  t.equal(await page.textContent('[data-testid=refund-result]'), '已退款 ￥8.50（现金 ￥8.50）', 'approved: the line went back to cash');
  await page.screenshot({ path: join(screenshotDir, 'refund-approved.png') });
  t.strictSame(errors.filter((e) => !refused(403)(e)), [], 'no page errors besides the refused password');
});

t.test('pickup: a paid mall order\'s code is verified at the till; a wrong code says so', async (t) => {
  // The customer's side through the API: sign in by phone, order for pickup, pay in the WeChat Pay sandbox.
  const merchant = await call(adminToken, 'GET', '/merchant');
  const signedIn = await call('', 'POST', '/mall/auth/phone', { merchantId: merchant.json.id, phone: '13800009901', code: DEMO_SMS_CODE });
  const customer = String(signedIn.json.accessToken);
  const scanned = await cashierApi<{ data: { skuId: string } }>('POST', '/pos/scan', { storeId, code: cola });
  const placed = await call(customer, 'POST', '/mall/orders', { storeId, lines: [{ skuId: scanned.data.skuId, quantity: 1 }] });
  t.equal(placed.status, 201, 'the mall order is placed');
  const orderId = String(placed.json.id);
  const code = String((placed.json.delivery as { pickupCode: string }).pickupCode);
  const pay = await call(customer, 'POST', `/mall/orders/${orderId}/pay`);
  const prepayId = String((pay.json.payment as { h5Url: string }).h5Url).split('/').pop();
  t.equal((await call('', 'POST', `/sandbox/wechatpay/admin/prepays/${prepayId}/pay`)).status, 200, 'the customer pays');
  let status = '';
  for (let i = 0; i < 120 && status !== 'paid'; i++) {
    status = String((await call(customer, 'GET', `/mall/orders/${orderId}`)).json.status);
    if (status !== 'paid') await new Promise((resolve) => setTimeout(resolve, 250));
  }
  t.equal(status, 'paid', 'WeChat Pay\'s notification settles it');

  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  t.teardown(() => context.close());
  const page = await context.newPage();
  const errors = watchPageErrors(page);
  await signIn(page, server, 'demo-cashier');
  await page.keyboard.press('F7');
  await page.waitForSelector('[role=dialog][aria-label=自提核销]');
  await page.fill('input[name=pickupCode]', '00000000');
  await page.press('input[name=pickupCode]', 'Enter');
  await page.waitForSelector('[role=alert]:has-text("不存在")');
  t.equal(await page.textContent('[role=dialog] [role=alert]'), '提货码 00000000 不存在，或不是本店的订单', 'a wrong code says so');

  await page.fill('input[name=pickupCode]', '');
  await scan(page, code);
  await page.waitForSelector('text=已付款，待提货');
  await page.click('text=确认核销');
  await page.waitForSelector('[role=status]:has-text("已核销")');
  await page.screenshot({ path: join(screenshotDir, 'pickup.png') });
  t.equal(String((await call(customer, 'GET', `/mall/orders/${orderId}`)).json.status), 'completed', 'the order is picked up');
  t.strictSame(errors.filter((e) => !refused(404)(e)), [], 'no page errors besides the wrong code');
});
