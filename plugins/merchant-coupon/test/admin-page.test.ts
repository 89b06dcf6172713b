import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import type { Browser, Page } from 'playwright-core';
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

/** Signs in as the demo's merchant admin and opens 营销 → 微信商家券. */
async function openCouponsPage(page: Page): Promise<void> {
  await page.goto(`${server.url}/admin/login`);
  await page.getByLabel('用户名').fill('demo-admin');
  await page.getByLabel('密码').fill('lingshou-demo');
  await page.locator('button[type=submit]').click();
  await page.waitForURL((url) => !url.pathname.endsWith('/login'));
  const menu = page.getByTestId('main-menu');
  // 营销 starts open (the layout's defaultOpenKeys); clicking it then would fold it away.
  const entry = menu.getByText('微信商家券');
  await entry.waitFor({ state: 'attached' });
  if (!(await entry.isVisible())) await menu.getByText('营销').click();
  await entry.waitFor({ state: 'visible' });
  await entry.click();
  await page.waitForURL(/\/admin\/ext\/merchant-coupon\/merchant-coupon$/);
}

let adminToken: Promise<string> | undefined;
/** GET on the API as the demo's merchant admin, for what the page saved (signed in once: sign-ins are rate-limited). */
async function apiGet<T>(path: string): Promise<T> {
  const token = await (adminToken ??= server.login('demo-admin'));
  const res = await fetch(`${server.url}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

t.test('coupons page: list, chart, live byte counter, create with 元, API field error, detail drawer, checklist', async (t) => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  t.teardown(() => context.close());
  const page = await context.newPage();
  const errors = watchPageErrors(page);
  const posts: string[] = [];
  page.on('request', (request) => { if (request.method() === 'POST' && request.url().endsWith('/merchant-coupon/coupons')) posts.push(request.url()); });

  try {
    await openCouponsPage(page);

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

    // Eleven mall customers claim it: the log shows ten, the count of all, and the eleventh on page 2.
    const saved = (await apiGet<{ id: string; name: string }[]>('/plugins/merchant-coupon/coupons')).find((c) => c.name === 'Test满100减20')!;
    const merchant = await apiGet<{ id: string }>('/merchant');
    for (let i = 0; i < 11; i++) {
      const signIn = await fetch(`${server.url}/api/v1/mall/auth/phone`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ merchantId: merchant.id, phone: `1390000${String(i).padStart(4, '0')}`, code: '123456' }),
      });
      const { accessToken } = (await signIn.json()) as { accessToken: string };
      const claim = await fetch(`${server.url}/api/v1/plugins/merchant-coupon/mall/coupons/${saved.id}/claim`, { method: 'POST', headers: { authorization: `Bearer ${accessToken}` } });
      t.equal(claim.status, 200, `claim ${i + 1}`);
      if (i > 0) continue;
      // The first customer also taps WeChat's send-coupon (the sandbox plays it): a coupon in hand, to void below.
      const { params, sandbox } = (await claim.json()) as { params: Record<string, unknown>; sandbox: { url: string; openid: string; appid: string } };
      const sent = await fetch(`${server.url}${sandbox.url}`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...params, openid: sandbox.openid, appid: sandbox.appid }),
      });
      t.equal(sent.status, 200, 'sent by WeChat');
    }
    for (let tries = 0; ; tries++) {
      const available = await apiGet<unknown[]>(`/plugins/merchant-coupon/coupons/${saved.id}/claims?state=available`);
      if (available.length === 1) break;
      if (tries > 100) throw new Error('the sent coupon was never recorded');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await page.reload();
    await created.getByRole('button', { name: 'Test满100减20' }).click();
    const drawer = page.locator('.ant-drawer-content', { hasText: '领取与核销记录' });
    await drawer.getByText('共 11 条').waitFor();
    t.match(await drawer.locator('.ant-descriptions').textContent(), /满100元减20元.*已领取11.*剩余库存89/, 'the detail with its claim log');
    t.equal(await drawer.locator('th', { hasText: '订单号' }).count(), 1);
    t.equal(await drawer.locator('tbody tr.ant-table-row').count(), 10, 'a page of ten');
    await drawer.locator('.ant-pagination-item-2').click();
    await drawer.locator('.ant-pagination-item-2.ant-pagination-item-active').waitFor();
    await drawer.locator('tbody tr.ant-table-row').nth(1).waitFor({ state: 'detached' });
    t.equal(await drawer.locator('tbody tr.ant-table-row').count(), 1, 'and the eleventh on page 2');
    const first = drawer.locator('tbody tr.ant-table-row');
    t.match(await first.textContent(), /1390000\d{4}.*可使用/, 'with the customer\'s phone, sent by WeChat: in hand');

    // 作废: the reason is required, then WeChat (the sandbox) voids it and the log says so.
    const voidButton = /^作\s?废$/; // antd spaces a two-character label
    await first.getByRole('button', { name: voidButton }).click();
    const voidDialog = page.getByRole('dialog', { name: /作废券码/ });
    await voidDialog.getByRole('button', { name: voidButton }).click();
    await voidDialog.getByText('请填写作废原因').waitFor();
    await voidDialog.getByLabel('作废原因').fill('发券错误');
    await voidDialog.getByRole('button', { name: voidButton }).click();
    await voidDialog.waitFor({ state: 'detached' });
    await first.filter({ hasText: '已作废' }).waitFor();
    t.match(await first.textContent(), /已作废.*发券错误/, 'voided, with its reason');
    t.equal(await first.getByRole('button', { name: voidButton }).count(), 0, 'and no longer offered');
    t.match(await apiGet(`/plugins/merchant-coupon/coupons/${saved.id}/claims?state=deactivated`), [{ state: 'deactivated', deactivateReason: '发券错误' }]);
  } finally {
    // Chromium logs the refused POST (the intended 400) as a failed resource; anything else is a fault.
    const refused = errors.filter((error) => /status of 400 \(Bad Request\)/.test(error));
    t.ok(refused.length <= 1, 'one refused request at most: the API\'s field error');
    t.same(errors.filter((error) => !refused.includes(error)), [], 'no page errors');
  }
});

interface SaleSku { id: string; name: string; specText: string; priceFen: number }
interface SavedCoupon { id: string; name: string; scope: string; storeIds: string[]; skuIds: string[]; weekly: unknown }

t.test('coupons page: chosen stores and SKUs, weekly slots with the API\'s slot error, the edit form by name, file downloads', async (t) => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
  t.teardown(() => context.close());
  const page = await context.newPage();
  const errors = watchPageErrors(page);
  const checklistCalls: string[] = [];
  page.on('request', (request) => { if (request.url().endsWith('/merchant-coupon/prerequisites')) checklistCalls.push(request.url()); });
  const stores = await apiGet<{ id: string; name: string }[]>('/stores');
  const [hoodie] = await apiGet<SaleSku[]>(`/skus?q=${encodeURIComponent('卫衣')}&_end=1`);
  const [socks, blackSocks] = await apiGet<SaleSku[]>(`/skus?q=${encodeURIComponent('中筒袜')}&_end=2`);
  const skuLabel = (sku: SaleSku) => `${sku.name} ${sku.specText} ¥${(sku.priceFen / 100).toFixed(2)}`;
  const openDropdown = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');

  try {
    await openCouponsPage(page);
    await page.getByTestId('coupon-table').locator('tr', { hasText: '开业满50减10' }).waitFor();
    await page.getByRole('button', { name: '创建优惠券' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('#coupon_name').fill('Test指定商品券');
    await dialog.locator('#coupon_scopeText').fill('指定商品');
    await dialog.locator('#coupon_amountFen').fill('5');

    await dialog.getByText('商户上传券码').click();
    await dialog.getByText('保存后上传券码').waitFor();
    await dialog.getByText('微信生成', { exact: true }).click();

    await dialog.getByText('指定门店的指定商品').click();
    await dialog.locator('#coupon_storeIds').click();
    for (const store of stores) await openDropdown.locator(`.ant-select-item-option[title="${store.name}"]`).click();
    await page.keyboard.press('Escape');

    const skuSearch = dialog.locator('#coupon_skuIds');
    const chosen = dialog.getByTestId('chosen-skus');
    for (const [query, sku] of [['卫衣', hoodie!], ['中筒袜', socks!], ['中筒袜', blackSocks!]] as const) {
      await skuSearch.fill(query);
      await openDropdown.locator(`.ant-select-item-option[title="${skuLabel(sku)}"]`).click();
      await chosen.locator(`[data-sku="${sku.id}"]`).waitFor();
    }
    t.equal(await chosen.locator('.ant-tag').count(), 3, 'each chosen SKU is a tag: name, spec and price in 元');
    t.equal(await chosen.locator(`[data-sku="${hoodie!.id}"]`).textContent(), skuLabel(hoodie!));
    await chosen.locator(`[data-sku="${blackSocks!.id}"] .ant-tag-close-icon`).click();
    await chosen.locator(`[data-sku="${blackSocks!.id}"]`).waitFor({ state: 'detached' });
    t.equal(await chosen.locator('.ant-tag').count(), 2, 'a tag\'s × takes the SKU out');
    await chosen.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${shots}merchant-coupon-chosen.png` });

    await dialog.locator('#coupon_weeklyOn').click();
    for (const day of ['周一', '周三', '周五']) await dialog.getByRole('checkbox', { name: day }).check();
    await dialog.getByRole('button', { name: '添加时段' }).click();
    await dialog.locator('#coupon_weekly_slots_0_begin').fill('10:00');
    await dialog.locator('#coupon_weekly_slots_0_end').fill('09:00');
    await dialog.getByRole('button', { name: '添加时段' }).click();
    await dialog.locator('#coupon_weekly_slots_1_begin').fill('18:00');
    await dialog.locator('#coupon_weekly_slots_1_end').fill('00:00');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    const slotError = dialog.getByTestId('weekly-slot-0').locator('.ant-form-item-explain-error', { hasText: 'A time slot ends after it begins' });
    await slotError.waitFor();
    t.pass('the API\'s refusal of weekly.slots.0.end shows under that slot');
    await page.screenshot({ path: `${shots}merchant-coupon-weekly.png` });

    await dialog.locator('#coupon_weekly_slots_0_end').fill('14:00');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = page.getByTestId('coupon-table').locator('tr', { hasText: 'Test指定商品券' });
    await row.waitFor();

    const [saved] = await apiGet<SavedCoupon[]>(`/plugins/merchant-coupon/coupons?q=${encodeURIComponent('Test指定商品券')}`);
    t.equal(saved?.scope, 'chosen');
    t.same([...saved!.storeIds].sort(), stores.map((store) => store.id).sort(), 'both demo stores');
    t.same(saved!.skuIds, [hoodie!.id, socks!.id], 'the SKUs chosen, the removed one left out');
    t.same(saved!.weekly, { weekDays: [1, 3, 5], slots: [{ begin: 36_000, end: 50_400 }, { begin: 64_800, end: 86_400 }] },
      'Monday, Wednesday and Friday, 10:00–14:00 and 18:00 to the day\'s end, in seconds');

    await row.getByRole('button', { name: '编辑' }).click();
    const edit = page.getByRole('dialog');
    await edit.getByTestId('chosen-skus').getByText(skuLabel(socks!)).waitFor();
    t.equal(await edit.getByTestId('chosen-skus').locator('.ant-tag').count(), 2, 'the saved SKUs by name, spec and price');
    for (const store of stores) t.equal(await edit.locator(`.ant-select-selection-item[title="${store.name}"]`).count(), 1, `${store.name} by name`);
    t.ok(await edit.getByRole('checkbox', { name: '周三' }).isChecked(), 'the saved week days');
    t.equal(await edit.locator('#coupon_weekly_slots_1_begin').inputValue(), '18:00', 'the saved slots');
    await edit.locator('.ant-modal-close').click();
    await edit.waitFor({ state: 'detached' });

    const poster = page.waitForEvent('download');
    await row.getByRole('button', { name: '下载海报' }).click();
    const posterFile = await poster;
    t.equal(posterFile.suggestedFilename(), 'Test指定商品券-海报.svg');
    t.match(readFileSync(await posterFile.path()).toString('utf8'), /<svg[\s\S]*Test指定商品券/, 'the poster, fetched with the staff token');
    const qr = page.waitForEvent('download');
    await row.getByRole('button', { name: '下载二维码' }).click();
    const qrFile = await qr;
    t.equal(qrFile.suggestedFilename(), 'Test指定商品券-二维码.png');
    t.same([...readFileSync(await qrFile.path()).subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], 'a PNG');

    t.equal(checklistCalls.length, 1, 'the bundle\'s api keeps its identity: its effects ran once');
  } finally {
    const refused = errors.filter((error) => /status of 400 \(Bad Request\)/.test(error));
    t.ok(refused.length <= 1, 'one refused request at most: the slot\'s field error');
    t.same(errors.filter((error) => !refused.includes(error)), [], 'no page errors');
  }
});
