/**
 * 设置 → 短信服务 in the admin against the demo: demo-admin sets the merchant's Tencent Cloud SMS
 * account (a bad SdkAppId refused on its field, by the form and by the server), the secrets are
 * never shown again and are kept when saved empty, and the account is deleted. A cashier does not
 * get the menu.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import type { Page } from 'playwright-core';
import { launchBrowser, startDemoServer, watchPageErrors } from '../../core/src/testing/browser.ts';
import { inTenant } from '../../core/src/db/tenant-tx.ts';
import { loadSmsSettings } from '../../core/src/sms/sms-settings.ts';

const shots = fileURLToPath(new URL('../../test-output/admin/', import.meta.url));
mkdirSync(shots, { recursive: true });

const server = await startDemoServer();
t.teardown(() => server.close());
const browser = await launchBrowser();
t.teardown(() => browser.close());

const admin = await server.login('demo-admin');

async function call<T>(method: string, path: string): Promise<T> {
  const res = await fetch(`${server.url}${path}`, { method, headers: { authorization: `Bearer ${admin}` } });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

const merchant = await call<{ id: string }>('GET', '/api/v1/merchant');
const storedAccount = () => inTenant(server.db.knex, merchant.id, (trx) => loadSmsSettings(trx, server.app.config.masterKey));

interface SmsSettingsAnswer { configured: boolean; secretIdLast4: string | null; hasSecretKey: boolean; sdkAppId: string | null; signName: string | null; templateWithMinutes: boolean }

const SECRET_ID = 'AKIDlingshouTest00001234';
const SECRET_KEY = 'lingshouSecretKey5678abcd';

async function signIn(page: Page, username: string): Promise<void> {
  await page.goto(`${server.url}/admin/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill('lingshou-demo');
  await page.locator('button[type=submit]').click();
  await page.waitForURL((url) => !url.pathname.endsWith('/login'));
}

/** The form's submit button (保存), found by its type: its accessible name changes while antd animates it. */
const saveButton = (page: Page) => page.getByTestId('sms-settings').locator('button[type=submit]');
const fieldError = (page: Page, label: string) => page.locator('.ant-form-item').filter({ has: page.getByLabel(label) }).locator('.ant-form-item-explain-error');

t.test('demo-admin sets the SMS account, keeps its secrets when saved empty, and deletes it', async (t) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  t.teardown(() => context.close());
  const page = await context.newPage();
  const errors = watchPageErrors(page);
  const puts: string[] = [];
  page.on('request', (request) => {
    if (request.method() === 'PUT' && request.url().endsWith('/api/v1/sms/settings')) puts.push(request.postData() ?? '');
  });
  await signIn(page, 'demo-admin');
  const menu = page.getByTestId('main-menu');
  await menu.getByText('设置', { exact: true }).click();
  await menu.getByText('短信服务').click();

  const status = page.getByTestId('sms-status');
  await status.getByText('未配置').waitFor();
  t.match(await status.textContent(), /演示模式.*不发短信.*123456/, 'the demo says it sends nothing and takes the demo code');
  t.match(await page.locator('.ant-form-item').filter({ has: page.getByLabel('SecretId') }).textContent(), /未设置/, 'no SecretId yet');

  await page.getByLabel('SecretId').fill(SECRET_ID);
  await page.getByLabel('SecretKey').fill(SECRET_KEY);
  await page.getByLabel('SdkAppId').fill('14001a');
  await page.getByLabel('短信签名').fill('零售演示');
  await page.getByLabel('模板 ID').fill('2001234');
  await page.getByLabel('模板含有效分钟数').click();
  await saveButton(page).click();
  await fieldError(page, 'SdkAppId').getByText('6–12 位数字').waitFor();
  t.same(puts, [], 'the form refuses a bad SdkAppId before sending');

  // The server's own check: the request altered on its way, the refusal lands on the field it names.
  await page.getByLabel('SdkAppId').fill('1400123456');
  await fieldError(page, 'SdkAppId').waitFor({ state: 'detached' });
  await page.route('**/api/v1/sms/settings', (route) => route.continue({
    postData: JSON.stringify({ ...JSON.parse(route.request().postData() ?? '{}') as object, sdkAppId: '14' }),
  }));
  await saveButton(page).click();
  await fieldError(page, 'SdkAppId').getByText('6–12 位数字').waitFor();
  t.equal(puts.length, 1, 'the server was asked');
  t.match(await status.textContent(), /未配置/, 'and nothing was saved');
  await page.unrouteAll();

  await saveButton(page).click();
  await status.getByText('已配置').waitFor();
  t.match(await status.textContent(), /更新时间 \d{4}/, 'the last update is shown');
  t.match(await page.locator('.ant-form-item').filter({ has: page.getByLabel('SecretId') }).textContent(), /已设置 \(…1234\)/, 'the SecretId by its last 4');
  t.equal(await page.getByLabel('SecretId').inputValue(), '', 'the secret inputs are empty again');
  t.equal(await page.getByLabel('SecretKey').inputValue(), '');
  const html = await page.content();
  t.notOk(html.includes(SECRET_ID) || html.includes(SECRET_KEY), 'the page never shows a secret');
  await page.screenshot({ path: `${shots}sms-settings.png` });
  t.match(await call<SmsSettingsAnswer>('GET', '/api/v1/sms/settings'),
    { configured: true, secretIdLast4: '1234', hasSecretKey: true, sdkAppId: '1400123456', signName: '零售演示', templateWithMinutes: true });

  // Opened again, the page shows what is stored; a change to one field keeps the secrets.
  await page.reload();
  await status.getByText('已配置').waitFor({ timeout: 90_000 });
  t.equal(await page.getByLabel('短信签名').inputValue(), '零售演示', 'the stored signature');
  await page.getByLabel('短信签名').fill('零售演示店');
  // The demo writes its month of sales beside this on the one embedded connection: on a loaded
  // machine an answer can wait behind it for a while.
  const saved = page.waitForResponse((res) => res.request().method() === 'PUT' && res.url().endsWith('/api/v1/sms/settings'), { timeout: 90_000 })
    .catch((error: Error) => { throw new Error(`${error.message} (PUT requests sent so far: ${puts.length})`); });
  await saveButton(page).click();
  t.equal((await saved).status(), 200, 'saved again');
  t.notMatch(puts.at(-1), /secretId|secretKey/, 'empty secrets are left out of the request');
  t.match(await call<SmsSettingsAnswer>('GET', '/api/v1/sms/settings'), { configured: true, secretIdLast4: '1234', hasSecretKey: true, signName: '零售演示店' });
  t.match(await storedAccount(), { secretId: SECRET_ID, secretKey: SECRET_KEY, signName: '零售演示店' }, 'the stored secrets were kept');

  await page.getByRole('button', { name: '删除配置' }).click();
  await page.locator('.ant-popconfirm').getByRole('button', { name: /^删\s?除$/ }).click();
  await status.getByText('未配置').waitFor();
  t.match(await call<SmsSettingsAnswer>('GET', '/api/v1/sms/settings'), { configured: false, secretIdLast4: null, hasSecretKey: false });
  t.equal(await storedAccount(), null, 'the account is gone');
  t.match(await page.locator('.ant-form-item').filter({ has: page.getByLabel('SecretId') }).textContent(), /未设置/);
  // Chromium logs the one refused request as a console error.
  t.same(errors.filter((e) => !/status of 400/.test(e)), [], 'no page errors');
  t.equal(errors.length, 1, 'but the 400 asked for above');
});

t.test('a cashier does not get the SMS menu', async (t) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  t.teardown(() => context.close());
  const page = await context.newPage();
  const errors = watchPageErrors(page);
  await signIn(page, 'demo-cashier');
  const menu = page.getByTestId('main-menu');
  await menu.getByText('订单', { exact: true }).waitFor();
  t.equal(await menu.getByText('短信服务').count(), 0, 'no 短信服务');
  t.equal(await menu.getByText('设置', { exact: true }).count(), 0, 'and no empty 设置 group');
  t.same(errors, [], 'no page errors');
});
