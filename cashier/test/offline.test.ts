/**
 * Offline selling (seed 6.10): with the network gone the till sells cash-only from its cached
 * catalog, keeps the sales in IndexedDB through a reload, and uploads them once the server is
 * back; the server ends up with exactly those orders, once each. A reload with the network gone
 * opens the till from the cached app shell.
 */
import t from 'tap';
import { join } from 'node:path';
import { launchBrowser, startDemoServer, watchPageErrors } from '../../core/src/testing/browser.ts';
import { ean13 } from '../../core/src/demo/demo-data.ts';
import { asUser, scan, screenshotDir, signIn } from './till.ts';

const server = await startDemoServer();
t.teardown(() => server.close());
const browser = await launchBrowser();
t.teardown(() => browser.close());

t.test('sell twice offline, reload, come back online: exactly two orders on the server', async (t) => {
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  t.teardown(() => context.close());
  const page = await context.newPage();
  const errors = watchPageErrors(page);
  const startedAt = new Date().toISOString();
  await signIn(page, server, 'demo-cashier', '100');
  // The catalog is cached in the background after the store loads.
  await page.waitForFunction(() => new Promise<boolean>((resolve) => {
    const request = indexedDB.open('lingshou-cashier');
    request.onsuccess = () => {
      const count = request.result.transaction('skus').objectStore('skus').count();
      count.onsuccess = () => resolve(count.result > 30);
    };
  }));

  await context.setOffline(true);
  await page.waitForSelector('[data-testid=connection]:has-text("离线")');
  await scan(page, ean13('690294010001'));
  await page.waitForSelector('[data-testid=cart-line]');
  await page.keyboard.press('F4');
  t.strictSame(await page.locator('.tender-buttons .tile').allTextContents(), ['现金F1'], 'offline: cash only');
  await page.press('input[name=amount]', 'Enter');
  await page.waitForSelector('text=离线保存，联网后自动上传');
  await page.keyboard.press('Escape');

  await scan(page, ean13('692487010010'));
  await page.waitForSelector('[data-testid=total]:has-text("￥8.50")');
  await page.keyboard.press('F4');
  await page.fill('input[name=amount]', '10');
  await page.press('input[name=amount]', 'Enter');
  await page.waitForSelector('[data-testid=receipt-change]:has-text("￥1.50")');
  await page.keyboard.press('Escape');
  await page.waitForSelector('[data-testid=queue-count]:has-text("2")');
  await page.screenshot({ path: join(screenshotDir, 'offline.png') });
  t.strictSame(errors, [], 'no page errors while offline');

  // The network is back but the server is still unreachable, and the till's tab is closed and
  // opened again meanwhile (as after a crash).
  const api = (url: URL) => url.pathname.startsWith('/api/');
  await context.route(api, (route) => route.abort());
  await context.setOffline(false);
  await page.close();
  const reopened = await context.newPage();
  const reopenedErrors = watchPageErrors(reopened);
  await reopened.goto(`${server.url}/cashier/`);
  await reopened.waitForSelector('[data-testid=queue-count]:has-text("2")');
  t.pass('the two sales survived closing the tab');

  await context.unroute(api);
  await reopened.click('[data-testid=offline-banner] button:has-text("立即上传")');
  await reopened.waitForSelector('[data-testid=offline-banner]', { state: 'detached' });

  const admin = await asUser(server, 'demo-admin');
  const orders = await admin<{ clientOrderId: string | null; totalFen: number; status: string }[]>(
    'GET', `/orders?channel=pos&createdFrom=${encodeURIComponent(startedAt)}&_end=50`,
  );
  t.equal(orders.length, 2, 'exactly two orders');
  t.strictSame(orders.map((o) => [o.totalFen, o.status]).sort(), [[350, 'paid'], [850, 'paid']]);
  t.ok(orders.every((o) => o.clientOrderId), 'each with the till\'s id');
  t.strictSame(reopenedErrors.filter((e) => !/net::ERR_FAILED/.test(e)), [], 'no page errors beyond the blocked requests');
});

t.test('a reload with the network gone still opens the till: the app shell is cached (public/sw.js)', async (t) => {
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  t.teardown(() => context.close());
  const page = await context.newPage();
  const errors = watchPageErrors(page);
  await signIn(page, server, 'demo-cashier');
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await page.waitForFunction(() => new Promise<boolean>((resolve) => {
    const request = indexedDB.open('lingshou-cashier');
    request.onsuccess = () => {
      const count = request.result.transaction('skus').objectStore('skus').count();
      count.onsuccess = () => resolve(count.result > 30);
    };
  }));

  await context.setOffline(true);
  await page.reload();
  await page.waitForSelector('.sell [data-testid=connection]:has-text("离线")');
  await scan(page, ean13('690294010001'));
  await page.waitForSelector('[data-testid=cart-line]');
  t.pass('the till opened from the cache and sells from the cached catalog');
  await page.screenshot({ path: join(screenshotDir, 'offline-start.png') });
  t.strictSame(errors, [], 'no page errors');
});
