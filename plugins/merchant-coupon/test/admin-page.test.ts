import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import type { Browser } from 'playwright-core';
import { launchBrowser, startDemoServer, watchPageErrors, type DemoServer } from '../../../core/src/testing/browser.ts';

// The admin's 营销 → 微信商家券, the plugin's bundle page (ui-src/coupons.tsx), against the demo:
// build first with `npx tsx scripts/build-apps.ts` (the admin and plugins/*/ui).
const shots = fileURLToPath(new URL('../../../test-output/admin/', import.meta.url));
mkdirSync(shots, { recursive: true });

const server: DemoServer = await startDemoServer();
const browser: Browser = await launchBrowser();
t.teardown(async () => {
  await browser.close();
  await server.close();
});

t.test('coupons page: list, chart, live byte counter, create with 元, API field error, detail drawer, checklist', async (t) => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  t.teardown(() => context.close());
  const page = await context.newPage();
  const errors = watchPageErrors(page);
  const posts: string[] = [];
  page.on('request', (request) => { if (request.method() === 'POST' && request.url().endsWith('/merchant-coupon/coupons')) posts.push(request.url()); });
  await page.goto(`${server.url}/admin/login`);
  await page.getByLabel('用户名').fill('demo-admin');
  await page.getByLabel('密码').fill('lingshou-demo');
  await page.locator('button[type=submit]').click();
  await page.waitForURL((url) => !url.pathname.endsWith('/login'));

  try {
    const menu = page.getByTestId('main-menu');
    await menu.getByText('营销').click();
    await menu.getByText('微信商家券').click();
    await page.waitForURL(/\/admin\/ext\/merchant-coupon\/merchant-coupon$/);

    const table = page.getByTestId('coupon-table');
    const demoRow = table.locator('tr', { hasText: '开业满50减10' });
    await demoRow.waitFor();
    t.match(await demoRow.textContent(), /满50元减10元.*线上线下.*发放中.*0 \/ 0 \/ 1000/, 'the demo coupon: rule, scene, state, claimed / redeemed / left');
    const chart = page.getByTestId('daily-chart');
    await chart.waitFor();
    t.equal(await chart.locator('rect[data-day]').count(), 30, 'thirty China days of claims and redemptions');

    const checklist = page.getByTestId('prerequisites');
    await checklist.getByText('子商户号').waitFor();
    t.equal(await checklist.locator('.ant-list-item').count(), 8, 'the manual\'s prerequisites, each with its state');
    t.match(await checklist.locator('.ant-list-item[data-key="subMchid"]').textContent(), /已就绪/, 'the demo merchant is bound to its partner');
    t.match(await checklist.locator('.ant-list-item[data-key="apiv3Key"]').textContent(), /已就绪/);

    await page.getByRole('button', { name: '创建优惠券' }).click();
    const dialog = page.getByRole('dialog');
    const counter = dialog.getByTestId('name-counter');
    await dialog.locator('#coupon_name').fill('开业满百减二十');
    t.equal(await counter.getAttribute('data-over'), 'true', 'seven Chinese characters are 21 bytes: over 20');
    t.ok(await counter.evaluate((el) => el.classList.contains('ant-typography-danger')), 'the counter turns red');
    t.match(await counter.textContent(), /^21\/20/);
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.locator('.ant-form-item-explain-error', { hasText: '超出 20 个字符' }).waitFor();
    t.same(posts, [], 'the save is refused before any request');

    await dialog.locator('#coupon_name').fill('Test满100减20');
    t.equal(await counter.getAttribute('data-over'), 'false');
    t.match(await counter.textContent(), /^15\/20/, 'a letter or digit counts 1, a Chinese character 3');
    await dialog.locator('#coupon_scopeText').fill('全场通用');
    await dialog.locator('#coupon_thresholdFen').fill('10');
    await dialog.locator('#coupon_amountFen').fill('20');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    const amountError = dialog.locator('.ant-form-item-explain-error', { hasText: 'cannot be more than the threshold' });
    await amountError.waitFor();
    t.equal(posts.length, 1, 'the API refused it, naming amountFen; the form shows it on the field');
    await page.screenshot({ path: `${shots}merchant-coupon-form.png` });

    await dialog.locator('#coupon_thresholdFen').fill('100');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.waitFor({ state: 'detached' });
    const created = table.locator('tr', { hasText: 'Test满100减20' });
    await created.waitFor();
    t.match(await created.textContent(), /满100元减20元.*发放中.*0 \/ 0 \/ 100/, 'created at WeChat (the sandbox) and listed; 元 sent as fen');
    await page.screenshot({ path: `${shots}merchant-coupons.png` });

    await created.getByRole('button', { name: 'Test满100减20' }).click();
    const drawer = page.locator('.ant-drawer-content', { hasText: '领取与核销记录' });
    await drawer.getByText('暂无领取').waitFor();
    t.match(await drawer.locator('.ant-descriptions').textContent(), /满100元减20元.*剩余库存100/, 'the detail with its claim log');
    t.equal(await drawer.locator('th', { hasText: '订单号' }).count(), 1);
  } finally {
    // Chromium logs the refused POST (the intended 400) as a failed resource; anything else is a fault.
    const refused = errors.filter((error) => /status of 400 \(Bad Request\)/.test(error));
    t.ok(refused.length <= 1, 'one refused request at most: the API\'s field error');
    t.same(errors.filter((error) => !refused.includes(error)), [], 'no page errors');
  }
});
