/**
 * The till in a browser against the demo: sign in, open a shift, scan (keyboard wedge), search,
 * cash with change and the store's rounding, the receipt, combined tenders, a refund, and the
 * shift closed with its report.
 */
import t from 'tap';
import { join } from 'node:path';
import { launchBrowser, startDemoServer, watchPageErrors } from '../../core/src/testing/browser.ts';
import { ean13 } from '../../core/src/demo/demo-data.ts';
import { asUser, cartLines, scan, screenshotDir, signIn } from './till.ts';

const cola = ean13('690294010001');
const chips = ean13('692487010010');

const server = await startDemoServer();
t.teardown(() => server.close());
const browser = await launchBrowser();
t.teardown(() => browser.close());

const cashierApi = await asUser(server, 'demo-cashier');
const me = await cashierApi<{ storeIds: string[] }>('GET', '/auth/me');
const storeId = me.storeIds[0]!;
const admin = await asUser(server, 'demo-admin');
await admin('PATCH', `/stores/${storeId}/settings`, { defaultRounding: 'drop_jiao' });
await admin('POST', '/plugins/greetings/templates', { text: '生日快乐，万事如意', category: '生日', enabled: true, sort: 1 });

t.test('sell three items for cash with change and 抹零, and print the receipt', async (t) => {
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  t.teardown(() => context.close());
  const page = await context.newPage();
  const errors = watchPageErrors(page);
  await signIn(page, server, 'demo-cashier', '200');

  const started = Date.now();
  await scan(page, cola);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=cart-line]').length === 1);
  t.comment(`scan to cart: ${Date.now() - started} ms in the browser test (server scan ${await page.getAttribute('[data-testid=scan-ms]', 'data-ms')} ms)`);
  await scan(page, cola);
  await page.waitForSelector('text=×2');
  t.equal(await cartLines(page), 1, 'a second scan of the same product adds to its line');
  await scan(page, chips);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=cart-line]').length === 2);

  // A person typing in the search box is not a scanner: the text stays and searches.
  await page.click('#search');
  await page.keyboard.type('nfsq', { delay: 150 });
  await page.keyboard.press('Enter');
  t.equal(await page.inputValue('#search'), 'nfsq', 'typed text stays in the search box');
  await page.click('.catalog .tile:has-text("农夫山泉")');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=cart-line]').length === 3);

  // 2 × 350 + 850 + 200 = 1750 → drop_jiao → 1700
  await page.waitForSelector('.adjustment:has-text("抹零")');
  t.equal(await page.textContent('[data-testid=total]'), '￥17.00');
  await page.screenshot({ path: join(screenshotDir, 'sell.png') });

  await page.keyboard.press('F4');
  await page.waitForSelector('[role=dialog][aria-label=结算]');
  t.equal(await page.inputValue('input[name=amount]'), '17.00', 'the amount due is offered');
  await page.fill('input[name=amount]', '20');
  t.equal(await page.textContent('[data-testid=pay-change]'), '￥3.00');
  await page.screenshot({ path: join(screenshotDir, 'payment.png') });
  await page.press('input[name=amount]', 'Enter');

  await page.waitForSelector('[data-testid=receipt]:has-text("合计")');
  t.equal(await page.textContent('[data-testid=receipt-change]'), '￥3.00');
  const receipt = await page.textContent('[data-testid=receipt]');
  t.match(receipt, /合计 ￥17\.00/);
  t.match(receipt, /抹零 ￥-0\.50/);
  t.match(receipt, /可口可乐 330ml ×2 ￥/);
  t.match(receipt, /现金 ￥17\.00 找零 ￥3\.00/);
  await page.screenshot({ path: join(screenshotDir, 'receipt.png') });
  await page.keyboard.press('Escape');
  t.equal(await cartLines(page), 0, 'the next sale starts empty');
  t.comment(`screenshots: ${screenshotDir}`);
  t.strictSame(errors, [], 'no page errors');
});

t.test('a member, a plugin\'s greeting, and combined tenders: part in cash, the rest in cash again', async (t) => {
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  t.teardown(() => context.close());
  const page = await context.newPage();
  const errors = watchPageErrors(page);
  await signIn(page, server, 'demo-cashier');
  await scan(page, chips);
  await page.waitForSelector('[data-testid=total]:has-text("￥8.00")');
  // A member by phone (F2), and a greeting from the greetings plugin's cart panel.
  await page.keyboard.press('F2');
  await page.keyboard.type('13800138001', { delay: 150 });
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid=member]:has-text("张伟")');
  const greeting = page.locator('select[aria-label=祝福语]');
  await greeting.locator('option:nth-child(2)').waitFor({ state: 'attached' });
  const greetingText = (await greeting.locator('option:nth-child(2)').textContent())!;
  await greeting.selectOption({ index: 1 });
  await page.waitForSelector(`.note:has-text("${greetingText}")`);
  await page.keyboard.press('F4');
  await page.fill('input[name=amount]', '5');
  await page.press('input[name=amount]', 'Enter');
  await page.waitForSelector('[data-testid=pay-due]:has-text("￥3.00")');
  await page.fill('input[name=amount]', '3');
  await page.press('input[name=amount]', 'Enter');
  await page.waitForSelector('[data-testid=receipt]:has-text("合计")');
  const receipt = await page.textContent('[data-testid=receipt]');
  t.match(receipt, /现金 ￥5\.00[\s\S]*现金 ￥3\.00/, 'both tenders on the receipt');
  t.ok(receipt?.includes(greetingText), 'the greeting the plugin printed');
  t.strictSame(errors, [], 'no page errors');
});

t.test('refund one line back to cash, then close the shift with the report', async (t) => {
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  t.teardown(() => context.close());
  const page = await context.newPage();
  const errors = watchPageErrors(page);
  // The cashier role may not refund (seed 2.1.2): the merchant admin does it at the till.
  await page.goto(`${server.url}/cashier/`);
  await page.fill('input[name=username]', 'demo-admin');
  await page.fill('input[name=password]', 'lingshou-demo');
  await page.click('button[type=submit]');
  await page.click(`.tile:has-text("${(await admin<{ name: string }>('GET', `/stores/${storeId}`)).name}")`);
  await page.fill('input[name=openingFloat]', '100');
  await page.click('text=开班');
  await page.waitForSelector('.sell');

  await scan(page, cola);
  await scan(page, chips);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=cart-line]').length === 2);
  await page.waitForSelector('[data-testid=total]:has-text("￥12.00")');
  await page.keyboard.press('F4');
  await page.press('input[name=amount]', 'Enter');
  await page.waitForSelector('[data-testid=receipt]:has-text("合计")');
  const number = /单号 (\d+)/.exec((await page.textContent('[data-testid=receipt]')) ?? '')![1]!;
  await page.keyboard.press('Escape');

  await page.keyboard.press('F6');
  await page.waitForSelector('[role=dialog][aria-label=退货]');
  await scan(page, number);
  await page.waitForSelector(`text=单号 ${number}`);
  await page.fill('input[aria-label="退 乐事薯片 原味 75g"]', '1');
  await page.click('text=确认退款');
  await page.waitForSelector('[data-testid=refund-result]');
  t.equal(await page.textContent('[data-testid=refund-result]'), '已退款 ￥8.50（现金 ￥8.50）', 'the line went back to cash');
  await page.screenshot({ path: join(screenshotDir, 'refund.png') });
  await page.keyboard.press('Escape');

  await page.keyboard.press('F10');
  await page.waitForSelector('[data-testid=shift-report]:has-text("销售 1 单")');
  await page.fill('input[name=countedCash]', '104');
  await page.click('form[aria-label=交班] button[type=submit]');
  await page.waitForSelector('[data-testid=shift-difference]');
  const report = await page.textContent('[data-testid=shift-report]');
  t.match(report, /退款 1 笔/);
  // 100 float + 12 sales − 8.50 refunded
  t.equal(await page.textContent('[data-testid=shift-expected]'), '￥103.50');
  t.equal(await page.textContent('[data-testid=shift-difference]'), '￥0.50', 'counted 104: fifty fen over');
  await page.screenshot({ path: join(screenshotDir, 'shift-report.png') });
  await page.click('text=完成并退出');
  await page.waitForSelector('input[name=username]');
  t.strictSame(errors, [], 'no page errors');
});

t.test('combined payment cash + WeChat code pay (sandbox), and a code the customer still has to confirm', async (t) => {
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  t.teardown(() => context.close());
  const page = await context.newPage();
  const errors = watchPageErrors(page);
  await signIn(page, server, 'demo-cashier');

  await scan(page, cola);
  await scan(page, chips);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=cart-line]').length === 2);
  await page.keyboard.press('F4');
  await page.waitForSelector('[data-testid=pay-total]:has-text("￥12.00")');
  await page.fill('input[name=amount]', '5');
  await page.press('input[name=amount]', 'Enter');
  await page.waitForSelector('[data-testid=pay-due]:has-text("￥7.00")');
  await page.click('.tender-buttons .tile:has-text("微信支付")');
  // The customer's payment code, scanned with the focus anywhere in the dialog.
  await page.click('[data-testid=pay-due]');
  await scan(page, '130000000000000001');
  await page.waitForSelector('[data-testid=receipt]:has-text("合计")');
  const receipt = await page.textContent('[data-testid=receipt]');
  t.match(receipt, /现金 ￥5\.00/);
  t.match(receipt, /微信支付 ￥7\.00/);
  await page.keyboard.press('Escape');

  await scan(page, cola);
  await page.waitForSelector('[data-testid=cart-line]');
  await page.keyboard.press('F4');
  await page.waitForSelector('[data-testid=pay-total]:has-text("￥3.00")');
  await page.click('.tender-buttons .tile:has-text("微信支付")');
  await page.fill('input[name=code]', '131000000000000002');
  await page.press('input[name=code]', 'Enter');
  await page.waitForSelector('[role=status]:has-text("等待顾客")');
  await page.screenshot({ path: join(screenshotDir, 'wechat-waiting.png') });
  await page.waitForSelector('[data-testid=receipt]:has-text("微信支付 ￥3.00")', { timeout: 60_000 });
  t.pass('the pending WeChat payment settled and the receipt shows it');
  t.strictSame(errors, [], 'no page errors');
});
