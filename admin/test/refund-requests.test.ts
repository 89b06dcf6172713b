/**
 * 售后/退款申请 in the admin against the demo: two mall orders paid in the WeChat Pay sandbox, the
 * customer asks for both back, and demo-admin approves one and rejects the other with a note.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { launchBrowser, startDemoServer, watchPageErrors } from '../../core/src/testing/browser.ts';

const shots = fileURLToPath(new URL('../../test-output/admin/', import.meta.url));
mkdirSync(shots, { recursive: true });

const server = await startDemoServer();
t.teardown(() => server.close());
const browser = await launchBrowser();
t.teardown(() => browser.close());

async function call<T>(token: string | null, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

const admin = await server.login('demo-admin');
const merchant = await call<{ id: string }>(admin, 'GET', '/api/v1/merchant');
const entry = await call<{ stores: { id: string }[] }>(null, 'GET', `/api/v1/mall/entry?merchantId=${merchant.id}`);
// The demo's SMS code (README).
const { accessToken: customer } = await call<{ accessToken: string }>(null, 'POST', '/api/v1/mall/auth/phone', { merchantId: merchant.id, phone: '13700137001', code: '123456' });
const storeId = entry.stores[0]!.id;
const [product] = await call<{ id: string }[]>(customer, 'GET', `/api/v1/mall/products?storeId=${storeId}&q=${encodeURIComponent('纯棉圆领T恤')}`);
const detail = await call<{ skus: { id: string; stock: number }[] }>(customer, 'GET', `/api/v1/mall/products/${product!.id}?storeId=${storeId}`);
const sku = detail.skus.find((s) => s.stock > 0)!;

/** A mall order paid on the sandbox's confirm page, once WeChat's notification has made it paid. */
async function paidOrder(): Promise<{ id: string; number: string }> {
  const order = await call<{ id: string; number: string }>(customer, 'POST', '/api/v1/mall/orders', { storeId, lines: [{ skuId: sku.id, quantity: 1 }] });
  const { payment } = await call<{ payment: { h5Url: string } }>(customer, 'POST', `/api/v1/mall/orders/${order.id}/pay`);
  // The confirm button of the sandbox's pay page (it answers the page again, as HTML).
  const paid = await fetch(`${server.url}${payment.h5Url}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  if (!paid.ok) throw new Error(`sandbox pay: ${paid.status}`);
  for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
    if ((await call<{ status: string }>(customer, 'GET', `/api/v1/mall/orders/${order.id}`)).status === 'paid') return order;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`order ${order.number} was not paid`);
}

t.test('the review list: approve one request, reject another with a note', async (t) => {
  const toApprove = await paidOrder();
  const toReject = await paidOrder();
  for (const order of [toApprove, toReject]) await call(customer, 'POST', `/api/v1/mall/orders/${order.id}/refund`, { reason: '尺码不合适' });

  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  t.teardown(() => context.close());
  const page = await context.newPage();
  const errors = watchPageErrors(page);
  await page.goto(`${server.url}/admin/login`);
  await page.getByLabel('用户名').fill('demo-admin');
  await page.getByLabel('密码').fill('lingshou-demo');
  await page.locator('button[type=submit]').click();
  await page.waitForURL((url) => !url.pathname.endsWith('/login'));
  await page.getByTestId('main-menu').getByText('售后/退款申请').click();

  const list = page.getByTestId('refund-request-list');
  const row = (number: string) => list.locator('tbody tr.ant-table-row').filter({ hasText: number });
  await row(toApprove.number).waitFor();
  t.match(await row(toReject.number).textContent(), /尺码不合适.*待审核/, 'reason and state');
  await page.screenshot({ path: `${shots}refund-requests.png` });

  await row(toApprove.number).getByRole('button', { name: '同意退款' }).click();
  await page.locator('.ant-popconfirm').getByRole('button', { name: '同意退款' }).click();
  await row(toApprove.number).waitFor({ state: 'detached' });
  const approved = await call<{ status: string; refundRequest: { state: string } }>(customer, 'GET', `/api/v1/mall/orders/${toApprove.id}`);
  t.match(approved, { status: 'refunded', refundRequest: { state: 'approved' } }, 'approved: the order is refunded');

  await row(toReject.number).getByRole('button', { name: '拒 绝' }).or(row(toReject.number).getByRole('button', { name: '拒绝' })).click();
  const dialog = page.getByRole('dialog');
  const ok = dialog.locator('.ant-modal-footer .ant-btn-dangerous');
  t.ok(await ok.isDisabled(), 'no rejection without a note');
  await dialog.getByLabel('拒绝原因').fill('商品已使用，不支持退款');
  await ok.click();
  await row(toReject.number).waitFor({ state: 'detached' });
  const rejected = await call<{ status: string; refundRequest: { state: string; rejectionNote: string } }>(customer, 'GET', `/api/v1/mall/orders/${toReject.id}`);
  t.match(rejected, { status: 'paid', refundRequest: { state: 'rejected', rejectionNote: '商品已使用，不支持退款' } }, 'the customer reads the note');

  // The picked state covers the select's input: open it by its box.
  await list.locator('.ant-select').filter({ has: page.getByRole('combobox', { name: '状态' }) }).click();
  await page.locator('.ant-select-dropdown:visible').getByText('已拒绝', { exact: true }).click();
  await row(toReject.number).getByText('商品已使用，不支持退款').waitFor();
  t.match(await row(toReject.number).textContent(), /已拒绝/, 'listed as rejected, with the note and who decided');
  t.same(errors, [], 'no page errors');
});
