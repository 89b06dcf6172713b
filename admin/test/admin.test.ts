import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import t, { type Test } from 'tap';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startDemoServer, watchPageErrors, type DemoServer } from '../../core/src/testing/browser.ts';

// Screenshots of the main screens, for the README and for a look after a failure.
const shots = fileURLToPath(new URL('../../test-output/admin/', import.meta.url));
mkdirSync(shots, { recursive: true });

const server: DemoServer = await startDemoServer();
const browser: Browser = await launchBrowser();
t.teardown(async () => {
  await browser.close();
  await server.close();
});

async function api<T>(token: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

// Sign-ins are rate-limited per account (10 a minute): the API calls share one token per user.
const tokens = new Map<string, Promise<string>>();
function tokenOf(username: string): Promise<string> {
  if (!tokens.has(username)) tokens.set(username, server.login(username));
  return tokens.get(username)!;
}

/** A till sale at store 01 through the API, as the demo cashier: the order and its total. */
async function sell(clientOrderId: string, quantity: number): Promise<{ id: string; number: string; totalFen: number; unitFen: number }> {
  const admin = await tokenOf('demo-admin');
  const cashier = await tokenOf('demo-cashier');
  const [store] = await api<{ id: string }[]>(admin, 'GET', '/stores?_sort=code');
  const skus = await api<{ id: string; priceFen: number; weighed: boolean }[]>(cashier, 'GET', '/skus?_end=50');
  const sku = skus.find((s) => !s.weighed)!;
  const order = await api<{ id: string; number: string; totalFen: number }>(cashier, 'POST', '/pos/orders', {
    clientOrderId, storeId: store!.id, lines: [{ skuId: sku.id, quantity }], tenders: [{ method: 'cash', amountFen: sku.priceFen * quantity }],
  });
  return { ...order, unitFen: sku.priceFen };
}

/**
 * Runs `fn` on a fresh page signed in through the login screen, then checks the page logged no
 * errors (uncaught or console) while it ran.
 */
async function asUser(t: Test, username: string, fn: (page: Page) => Promise<void>, password = 'lingshou-demo'): Promise<void> {
  // A merchant's browser keeps China time: a date picker's "today" is then the China day the API takes.
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  t.teardown(() => context.close());
  const page = await context.newPage();
  const errors = watchPageErrors(page);
  await page.goto(`${server.url}/admin/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.locator('button[type=submit]').click();
  await page.waitForURL((url) => !url.pathname.endsWith('/login'));
  try {
    await fn(page);
  } finally {
    // Also after a failure: the page's own error is usually the reason.
    t.same(errors, [], 'no page errors');
  }
}

t.test('demo-admin signs in and the dashboard shows today\'s figures', async (t) => {
  const sale = await sell('admin-test-000001', 2);
  await asUser(t, 'demo-admin', async (page) => {
    const dashboard = page.getByTestId('dashboard');
    const sales = dashboard.locator('.ant-statistic').filter({ hasText: '今日销售额' });
    await sales.waitFor();
    t.equal((await sales.locator('.ant-statistic-content').textContent())?.replace(/\s/g, ''), `¥${(sale.totalFen / 100).toFixed(2)}`, 'today\'s sales');
    t.equal(await dashboard.locator('.ant-statistic').filter({ hasText: '今日订单数' }).locator('.ant-statistic-content').textContent(), '1');
    t.ok(await dashboard.locator('canvas').first().isVisible(), 'the 30-day chart is drawn');
    await page.screenshot({ path: `${shots}dashboard.png` });
  });
});

t.test('a multi-spec product: specs → SKU matrix → saved with its SKUs', async (t) => {
  await asUser(t, 'demo-admin', async (page) => {
    await page.goto(`${server.url}/admin/products/create`);
    await page.getByLabel('商品名称').fill('测试卫衣');
    await page.getByRole('button', { name: '添加规格' }).click();
    await page.getByLabel('规格名 1').fill('颜色');
    await page.getByRole('combobox', { name: '规格值（逗号分隔） 1' }).pressSequentially('黑,白,');
    await page.getByRole('button', { name: '添加规格' }).click();
    await page.getByLabel('规格名 2').fill('尺码');
    await page.getByRole('combobox', { name: '规格值（逗号分隔） 2' }).pressSequentially('M,L,');
    await page.getByRole('button', { name: '生成 SKU' }).click();
    const editor = page.getByTestId('sku-editor');
    const priceInputs = editor.getByRole('spinbutton', { name: /^price / });
    await priceInputs.nth(3).waitFor();
    t.equal(await priceInputs.count(), 4, 'two colours × two sizes');
    for (let i = 0; i < 4; i++) await priceInputs.nth(i).fill('59.90');
    await page.screenshot({ path: `${shots}product-create.png` });
    await page.getByRole('button', { name: '保 存' }).or(page.getByRole('button', { name: '保存' })).click();
    await page.waitForURL(/\/admin\/products\/[0-9a-f-]{36}$/);
    const skus = page.getByTestId('product-skus');
    await skus.getByText('¥59.90').first().waitFor();
    t.equal(await skus.locator('tbody tr').count(), 4);
  });
});

t.test('an order detail, then a partial refund', async (t) => {
  const order = await sell('admin-test-000002', 3);
  await asUser(t, 'demo-admin', async (page) => {
    await page.goto(`${server.url}/admin/orders`);
    await page.getByRole('link', { name: order.number }).click();
    const detail = page.getByTestId('order-detail');
    await detail.getByText('商品明细').waitFor();
    t.equal(await detail.getByTestId('order-status').textContent(), '已支付');
    await page.screenshot({ path: `${shots}order-detail.png` });
    await page.getByRole('button', { name: '部分退款' }).click();
    await page.getByRole('spinbutton', { name: /^refund / }).fill('1');
    await page.getByRole('dialog').getByRole('button', { name: '退款' }).or(page.getByRole('dialog').getByRole('button', { name: '退 款' })).click();
    await detail.getByTestId('order-status').getByText('部分退款').waitFor();
    t.equal(await detail.getByTestId('order-refunded').textContent(), `¥${(order.unitFen / 100).toFixed(2)}`);
  });
});

t.test('a store created from its generated form, then its settings under the manual\'s headings', async (t) => {
  await asUser(t, 'demo-admin', async (page) => {
    await page.goto(`${server.url}/admin/stores`);
    await page.getByRole('button', { name: '新 建' }).or(page.getByRole('button', { name: '新建' })).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('编号').fill('03');
    await dialog.getByLabel('名称').fill('测试三号店');
    await dialog.locator('button[type=submit]').click();
    const row = page.locator('tr').filter({ hasText: '测试三号店' });
    await row.waitFor();
    await row.getByRole('link', { name: '设置' }).click();
    await page.getByText('2.1.5.1 商品折上折').waitFor();
    t.ok(await page.getByText('2.1.5.8 配送方式').isVisible(), 'grouped as the manual numbers them');
    await page.getByRole('checkbox', { name: '2.1.5.1 商品折上折' }).check();
    const saved = page.waitForResponse((res) => res.request().method() === 'PATCH' && res.url().endsWith('/settings'));
    await page.locator('button[type=submit]').click();
    t.equal((await saved).status(), 200);
  });
  const admin = await tokenOf('demo-admin');
  const [store] = await api<{ id: string }[]>(admin, 'GET', '/stores?q=测试三号店');
  t.equal((await api<{ discountOnDiscount: boolean }>(admin, 'GET', `/stores/${store!.id}/settings`)).discountOnDiscount, true, 'the setting was saved');
});

t.test('a CSV import shows its progress and the row it refused', async (t) => {
  const csv = [
    '商品名称,分类,规格,条码,编码,售价(元),成本价(元),称重,单位,标签,初始库存',
    '导入测试饼干,零食,,6900000099011,,8.50,,否,包,,',
    '导入测试薯条,零食,,6900000099028,,abc,,否,包,,',
  ].join('\r\n');
  await asUser(t, 'demo-admin', async (page) => {
    await page.goto(`${server.url}/admin/imports`);
    await page.locator('input[type=file]').setInputFiles({ name: 'products.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    const job = page.getByTestId('import-job');
    await job.locator('.ant-progress-status-success').waitFor();
    t.match(await job.textContent(), /2 \/ 2 · \+1 · ~0 · ✗1/);
    t.equal(await job.locator('tbody tr').count(), 1, 'one refused row');
    t.match(await job.locator('tbody tr').first().textContent(), /^3售价/);
  });
});

t.test('plugin centre: disabling greetings removes its menu, enabling brings it back; its form validates; plugin forms take 元', async (t) => {
  await asUser(t, 'demo-admin', async (page) => {
    const menu = page.getByTestId('main-menu');
    await menu.getByText('祝福语设置').waitFor();
    await page.goto(`${server.url}/admin/plugins`);
    const card = page.getByTestId('plugin-greetings');
    await card.getByRole('button', { name: '停 用' }).or(card.getByRole('button', { name: '停用' })).click();
    await card.getByText('未启用').waitFor();
    // The next navigation reloads the manifest: no rebuild, no page reload.
    await menu.getByText('概览').click();
    await menu.getByText('祝福语设置').waitFor({ state: 'detached' });
    t.pass('menu entry gone after disabling');
    await menu.getByText('插件').click();
    await card.getByRole('button', { name: '启 用' }).or(card.getByRole('button', { name: '启用' })).click();
    await card.getByText('已启用').waitFor();
    await menu.getByText('概览').click();
    await menu.getByText('祝福语设置').click();
    t.match(page.url(), /\/admin\/ext\/greetings\/greetings$/);
    await page.getByRole('button', { name: '新 建' }).or(page.getByRole('button', { name: '新建' })).click();
    const dialog = page.getByRole('dialog');
    // The form inside first: a click on 保存 while the dialog is still opening, on a busy machine, submitted nothing.
    await dialog.locator('input, textarea').first().waitFor();
    await dialog.getByRole('button', { name: '保 存' }).or(dialog.getByRole('button', { name: '保存' })).click();
    await dialog.locator('.ant-form-item-explain-error, .error-detail').first().waitFor();
    t.ok(await dialog.locator('.ant-form-item-explain-error, .error-detail').first().isVisible(), 'the required text is named');
    await page.screenshot({ path: `${shots}plugin-form.png` });
    await page.keyboard.press('Escape');
    // A plugin page built from its schema takes money in 元 (x-unit fen): the demo's WeChat vouchers.
    await menu.getByText('微信代金券').click();
    await page.getByText('会员专享满30减5').waitFor();
    await page.getByRole('button', { name: '新 建' }).or(page.getByRole('button', { name: '新建' })).click();
    const couponDialog = page.getByRole('dialog');
    for (const field of ['root_thresholdFen', 'root_amountFen']) {
      const input = couponDialog.getByLabel(field);
      await input.waitFor();
      t.ok(await couponDialog.locator(`#${field}`).getByText('¥').isVisible(), `${field} is entered in 元`);
    }
    await couponDialog.getByLabel('root_amountFen').fill('12.5');
    await couponDialog.getByLabel('root_amountFen').blur();
    t.equal(await couponDialog.getByLabel('root_amountFen').inputValue(), '12.50');
  });
});

/** Today in Asia/Shanghai, as the date pickers and the list routes take it. */
const chinaToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
const button = (scope: Page | ReturnType<Page['getByRole']>, name: string) =>
  scope.getByRole('button', { name }).or(scope.getByRole('button', { name: name.split('').join(' ') }));

/** Payments filtered by method, China day and order number; its link opens the order. */
async function paymentsList(t: Test, page: Page, sale: { number: string; totalFen: number }) {
  await page.goto(`${server.url}/admin/payments`);
  const list = page.getByTestId('payment-list');
  await list.locator('tbody tr.ant-table-row').first().waitFor();
  await list.getByRole('combobox', { name: '方式' }).click();
  await page.locator('.ant-select-dropdown:visible').getByText('现金', { exact: true }).click();
  const today = chinaToday();
  const filtered = page.waitForResponse((res) => res.url().includes('/api/v1/payments?') && res.url().includes(`dateTo=${today}`));
  // Today's cell twice: a range of one China day.
  await list.locator('.ant-picker-range input').first().click();
  const todayCell = page.locator('.ant-picker-dropdown:visible .ant-picker-cell-today').first();
  await todayCell.click();
  await todayCell.click();
  const answer = await filtered;
  t.equal(answer.status(), 200);
  t.match(answer.url(), /method=cash/, 'the method filter rides along');
  await list.getByPlaceholder('订单号').fill(sale.number);
  await list.getByPlaceholder('订单号').press('Enter');
  const row = list.locator('tbody tr.ant-table-row').filter({ hasText: sale.number });
  await row.waitFor();
  await list.locator('tbody tr.ant-table-row').nth(1).waitFor({ state: 'detached' });
  t.match(await row.textContent(), new RegExp(`现金¥${(sale.totalFen / 100).toFixed(2)}¥0\\.00已支付`), 'method, amount in 元, refunded, state');
  await page.screenshot({ path: `${shots}payments.png` });
  await row.getByRole('link', { name: sale.number }).click();
  await page.getByTestId('order-detail').getByText('商品明细').waitFor();
}

/** The 重置密码 dialog on a staff row: a mismatch is caught in the form, then the reset is sent. */
async function resetPassword(t: Test, page: Page, username: string, password: string) {
  await page.goto(`${server.url}/admin/staff`);
  const row = page.locator('tr').filter({ hasText: username });
  await button(row, '重置密码').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('新密码', { exact: true }).fill(password);
  await dialog.getByLabel('确认新密码').fill(`${password}x`);
  await button(dialog, '保存').click();
  await dialog.getByText('两次输入的密码不一致').waitFor();
  await dialog.getByLabel('确认新密码').fill(password);
  const reset = page.waitForResponse((res) => res.url().endsWith('/password'));
  await button(dialog, '保存').click();
  t.equal((await reset).status(), 204, 'the password was reset');
}

/** 库存调整 on a stock row (入库 5 with a reason), then that row's ledger shows the movement. */
async function adjustStock(t: Test, page: Page) {
  await page.goto(`${server.url}/admin/stock`);
  await page.getByPlaceholder('搜索').fill('青岛啤酒');
  await page.getByPlaceholder('搜索').press('Enter');
  const row = page.locator('tbody tr.ant-table-row').filter({ hasText: '青岛啤酒' }).first();
  await row.waitFor();
  const before = Number((await row.locator('td').nth(4).textContent())?.split(' ')[0]);
  await button(row, '库存调整').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText('入库').click();
  await dialog.getByLabel('数量').fill('5');
  await dialog.getByLabel('原因').fill('盘点多出');
  await page.screenshot({ path: `${shots}stock-adjust.png` });
  await button(dialog, '保存').click();
  await row.getByText(`${before + 5} `).waitFor();
  await row.getByRole('link', { name: '库存流水' }).click();
  const newest = page.getByTestId('stock-movements').locator('tbody tr.ant-table-row').first();
  await newest.getByText('盘点多出').waitFor();
  t.match(await newest.textContent(), new RegExp(`青岛啤酒.*调整\\+5${before + 5}盘点多出`), 'type, change, balance and reason');
}

t.test('payments filtered by day, a staff password reset and used, a stock adjustment in the ledger', async (t) => {
  const sale = await sell('admin-test-000003', 2);
  const admin = await tokenOf('demo-admin');
  const roles = await api<{ id: string; builtin: string | null }[]>(admin, 'GET', '/roles');
  const [store] = await api<{ id: string }[]>(admin, 'GET', '/stores?_sort=code');
  await api(admin, 'POST', '/staff', {
    name: '重置测试员', username: 'reset-test', password: 'first-password-1', roleId: roles.find((r) => r.builtin === 'cashier')!.id, storeIds: [store!.id],
  });
  await asUser(t, 'demo-admin', async (page) => {
    await paymentsList(t, page, sale);
    await resetPassword(t, page, 'reset-test', 'changed-password-2');
    await adjustStock(t, page);
  });
  await asUser(t, 'reset-test', async (page) => {
    t.notMatch(page.url(), /\/login$/, 'signed in with the new password');
    await page.getByTestId('main-menu').getByText('订单').waitFor();
  }, 'changed-password-2');
});

t.test('switching to English', async (t) => {
  await asUser(t, 'demo-admin', async (page) => {
    await page.getByTestId('dashboard').waitFor();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByText("Today's sales").waitFor();
    t.ok(await page.getByTestId('main-menu').getByText('Orders').isVisible());
    t.ok(await page.getByTestId('main-menu').getByText('Greetings').isVisible(), 'plugin labels follow the language');
  });
});

t.test('the platform operator sees partners and their checklist', async (t) => {
  await asUser(t, 'platform', async (page) => {
    await page.waitForURL(/\/admin\/platform\/partners$/);
    await page.getByRole('link', { name: '演示合伙人（沙箱）' }).click();
    const checklist = page.getByTestId('partner-checklist');
    await checklist.getByText('服务商商户号').waitFor();
    t.ok(await checklist.getByText('1900000100').isVisible());
    t.notOk(await page.getByTestId('main-menu').getByText('订单').isVisible().catch(() => false), 'no merchant menus');
    await page.screenshot({ path: `${shots}partner.png` });
  });
});
