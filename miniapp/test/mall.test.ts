/**
 * The H5 mall in Chromium at a phone viewport against the demo: pick a store, sign in with a
 * phone, claim a coupon, browse, pick a spec, cart, checkout with the coupon, pay on the WeChat Pay sandbox's confirm page,
 * see the order paid, then ask for a refund, which the store approves (through the staff API).
 * Screenshots of the main pages go to test-output/.
 */
import t from 'tap';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser, startDemoServer, watchPageErrors } from '../../core/src/testing/browser.ts';

const screenshotDir = join(import.meta.dirname, '..', '..', 'test-output', 'mall');
mkdirSync(screenshotDir, { recursive: true });

const server = await startDemoServer();
t.teardown(() => server.close());
const browser = await launchBrowser();
t.teardown(() => browser.close());

const adminToken = await server.login('demo-admin');
const merchant = await (await fetch(`${server.url}/api/v1/merchant`, { headers: { authorization: `Bearer ${adminToken}` } })).json() as { id: string };

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(screenshotDir, `${name}.png`) });
}

t.test('browse → spec → cart → checkout → pay in the sandbox → paid → refund requested → approved', async (t) => {
  const context = await browser.newContext({ viewport: { width: 375, height: 667 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  t.teardown(() => context.close());
  // Browsers ask every origin for /favicon.ico; the sandbox's pay page has none to give.
  await context.route('**/favicon.ico', (route) => route.fulfill({ status: 204 }));
  const page = await context.newPage();
  const errors = watchPageErrors(page);
  page.on('console', (m) => m.type() === 'error' && t.comment(`${m.text()} at ${m.location().url}`));
  const forbidden: string[] = [];
  page.on('response', (res) => {
    if (res.status() === 403) forbidden.push(new URL(res.url()).pathname);
    else if (res.status() >= 400) t.comment(`HTTP ${res.status()} ${res.url()}`);
  });

  await page.goto(`${server.url}/mall/?merchant=${merchant.id}#/pages/entry/index`);
  await page.click('.store-option:has-text("西湖旗舰店")');
  await page.waitForSelector('.login-form');
  t.ok(await page.isVisible('.demo-code:has-text("123456")'), 'the demo shows its SMS code');
  await shot(page, '01-entry');
  // Demo mode sends no SMS: 获取验证码 answers demo and fills in the demo code.
  await page.fill('.phone-input input', '13700137000');
  await page.click('.sms-button');
  await page.waitForFunction(() => document.querySelector<HTMLInputElement>('.code-input input')?.value === '123456');
  t.pass('the demo code is filled in');
  await page.click('.login-button');

  await page.waitForSelector('.home-page .product-card');
  t.ok(await page.isVisible('.store-name:has-text("西湖旗舰店")'), 'home shows the store picked');
  t.ok(await page.isVisible('text=推荐商品'), 'the recommended block');
  await shot(page, '02-home');

  // The coupon centre: the demo's merchant coupon, claimed through the sandbox's send-coupon plugin.
  await page.goto(`${server.url}/mall/?merchant=${merchant.id}#/pages/coupons/index`);
  await page.waitForSelector('.coupon:has-text("开业满50减10")');
  await page.click('.coupon:has-text("开业满50减10") .btn-plain');
  await page.waitForSelector('text=领取成功');
  await shot(page, '02b-coupons');
  // WeChat's COUPON.SEND (from the sandbox, through the partner's inbox and two job queues) puts it in
  // the wallet a few seconds after the claim; the page shows the wallet as it was when it loaded.
  await page.goto(`${server.url}/mall/?merchant=${merchant.id}#/pages/member/index`);
  await page.waitForSelector('.member-code');
  const inWallet = page.locator('.coupon-wallet:has-text("开业满50减10")');
  for (const deadline = Date.now() + 60_000; !(await inWallet.isVisible()) && Date.now() < deadline;) {
    await page.waitForTimeout(2000);
    await page.reload();
    await page.waitForSelector('.member-code');
  }
  t.ok(await inWallet.isVisible(), 'the claimed coupon is in the wallet');
  await shot(page, '02c-member');
  await page.goto(`${server.url}/mall/?merchant=${merchant.id}#/pages/index/index`);
  await page.waitForSelector('.home-page .product-card');

  await page.click('.product-card:has-text("纯棉圆领T恤")');
  await page.waitForSelector('.spec-picker');
  await page.click('.spec-value:has-text("黑色")');
  await page.click('.spec-value:text-is("M")');
  await page.waitForSelector('text=库存 20');
  await page.click('.qty-plus');
  await shot(page, '03-product');
  await page.click('.buy-now');

  await page.waitForSelector('.cart-page .cart-line');
  await page.waitForSelector('.cart-total:has-text("¥118.00")');
  await shot(page, '04-cart');
  await page.click('.go-checkout');

  await page.waitForSelector('.checkout-page .payable:has-text("¥118.00")');
  t.ok(await page.isVisible('.delivery-pickup.chip-on'), 'store pickup is the store\'s mode');
  t.ok(await page.isVisible('.plugin-block:has-text("祝福语")'), 'the greetings plugin\'s choice block');
  // The claimed coupon, picked at checkout: priced through the plugin, shown as its own line.
  await page.click('.coupon-picker .coupon:has-text("开业满50减10")');
  await page.waitForSelector('.checkout-page .payable:has-text("¥108.00")');
  t.match(await page.textContent('.price-breakdown'), /-¥10\.00/, 'the coupon\'s line in the breakdown');
  await shot(page, '05-checkout');
  await page.click('.place-order');

  // The sandbox's confirm-payment page, then back to the mall, which follows the order.
  await page.waitForURL(/\/sandbox\/wechatpay\/pay\//);
  await shot(page, '06-sandbox-pay');
  await page.click('button:has-text("确认支付")');
  await page.waitForSelector('.pay-message:has-text("支付成功")', { timeout: 30_000 });
  await shot(page, '07-paid');

  await page.click('.view-order');
  await page.waitForSelector('.order-page .pickup-code');
  t.match(await page.textContent('.pickup-code'), /^\d{8}$/, 'the pickup code to show at the till');
  t.ok(await page.isVisible('.order-status:has-text("待收货")'));
  await shot(page, '08-order');
  await page.click('.request-refund');
  await page.click('.taro-modal__foot .taro-model__btn:has-text("确定")');
  // The demo store reviews refund requests (售后审核): the order waits until staff approve it.
  await page.waitForSelector('.refund-request-state:has-text("退款审核中")');
  t.notOk(await page.isVisible('.request-refund'), 'not asked twice while it waits');
  await shot(page, '08b-refund-requested');
  const orderId = new URLSearchParams(new URL(page.url()).hash.split('?')[1]).get('id');
  const [request] = await (await fetch(`${server.url}/api/v1/refund-requests?orderId=${orderId}`, { headers: { authorization: `Bearer ${adminToken}` } })).json() as { id: string; state: string }[];
  t.equal(request?.state, 'requested', 'the staff see the request');
  const approved = await fetch(`${server.url}/api/v1/refund-requests/${request!.id}/approve`, { method: 'POST', headers: { authorization: `Bearer ${adminToken}` } });
  t.equal(approved.status, 200, 'approved through the staff API');
  await page.reload();
  await page.waitForSelector('.order-status:has-text("已退款")', { timeout: 30_000 });
  t.ok(await page.isVisible('.refund-request-state:has-text("已退款")'), 'the request shows as refunded');

  await page.goto(`${server.url}/mall/?merchant=${merchant.id}#/pages/member/index`);
  await page.waitForSelector('.member-code');
  await shot(page, '09-member');
  t.strictSame(errors, [], 'no page errors');
  t.strictSame(forbidden, [], 'no refused request (the greeting templates come from the customers\' route)');
});
