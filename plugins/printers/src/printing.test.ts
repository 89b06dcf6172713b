import t from 'tap';
import nock from 'nock';
import { createPluginTestKit } from '@lingshou/plugin-sdk/testing';
import { definePlugin, newId, type PluginContext } from '@lingshou/plugin-sdk';
import printers from './index.ts';

/**
 * Receipts: a paid order prints on its store's auto-print printers once, however often the
 * event comes; a cloud failure is recorded and retried; the till reprints; the admin tests.
 */
const config = { feieUser: 'shop-a@feieyun.com', feieUkey: 'UKEY-feie-secret-a', yilianyunClientId: '1039460002', yilianyunClientSecret: 'yly-secret-a-0123456789' };
/** Another plugin's receipt.render blocks (as greetings' or merchant-coupon's), which must reach the printer. */
const stamp = definePlugin({
  id: 'receipt-stamp', version: '1.0.0', kernel: '^1.0.0', name: { zh: '盖章', en: 'Stamp' },
  hooks: (h) => h.tap('receipt.render', async (receipt) => ({
    ...receipt, blocks: [...receipt.blocks, { source: '', kind: 'text', text: '盖章<祝福>' }, { source: '', kind: 'qrcode', text: 'https://x.cn/r' }],
  })),
});
const kit = await createPluginTestKit({ plugin: printers, requires: [stamp], config: { printers: config } });
nock.disableNetConnect();
t.teardown(async () => {
  nock.cleanAll();
  nock.enableNetConnect();
  await kit.close();
});
const { h, a, b } = kit;
const till = h.as(a.cashierToken);
const paid = printers.events!['order.paid']!;

/** A printer row seeded straight into the plugin's table (registration is printers.test.ts's). */
async function addPrinter(storeId: string, fields: Record<string, unknown>): Promise<string> {
  const id = newId();
  await kit.asPlugin(a, (ctx) => ctx.db('printers').insert({ tenant_id: ctx.tenantId, id, store_id: storeId, ...fields }));
  return id;
}

let sales = 0;
async function sell(storeId = a.storeIds[0], as = till): Promise<string> {
  const res = await as({ method: 'POST', url: '/api/v1/pos/orders', payload: {
    clientOrderId: `printers-sale-${++sales}`, storeId, lines: [{ skuId: a.skus.cola.id, quantity: 2 }], tenders: [{ method: 'cash', amountFen: 700 }],
  } });
  if (res.statusCode !== 201) throw new Error(`sale: ${res.statusCode} ${res.body}`);
  return res.json().id as string;
}

/** The event consumer, run as the kernel runs it: in A's transaction with the plugin's context. */
const deliver = (orderId: string) => kit.asPlugin(a, (ctx: PluginContext) => paid(ctx, { orderId, storeId: a.storeIds[0], channel: 'pos' }));
const jobs = (query = '') => a.api({ method: 'GET', url: `/api/v1/plugins/printers/print-jobs${query}` }).then((r) => r.json());

type Form = Record<string, string>;
function feiePrints(forms: Form[], answer: (form: Form) => [number, unknown] = () => [200, { msg: 'ok', ret: 0, data: `816501678_${forms.length}`, serverExecutedTime: 3 }]) {
  return nock('http://api.feieyun.cn').post('/Api/Open/').reply((_uri, body) => {
    const form = Object.fromEntries(new URLSearchParams(body as string));
    forms.push(form);
    return answer(form);
  });
}
/** Yilianyun printing; the token call only for the first use, as it is cached after. */
function ylyAnswers(forms: Form[], options: { token?: boolean } = {}) {
  const answer = (body: unknown) => (_uri: string, raw: unknown) => {
    forms.push(Object.fromEntries(new URLSearchParams(raw as string)));
    return { error: '0', error_description: 'success', body };
  };
  const yly = nock('https://open-api.10ss.net');
  if (options.token) yly.post('/v2/oauth/oauth').reply(200, answer({ access_token: 'yly-token', expires_in: 2_592_000 }));
  yly.post('/v2/print/index').reply(200, answer({ id: '900001' }));
}

const feieFront = await addPrinter(a.storeIds[0], { brand: 'feie', name: '前台', sn: '816501678', paper_width: 58, copies: 2 });
const ylyKitchen = await addPrinter(a.storeIds[0], { brand: 'yilianyun', name: '后厨', sn: '4004600002', paper_width: 80, copies: 1, title: '后厨联' });
const feieOff = await addPrinter(a.storeIds[0], { brand: 'feie', name: '备用', sn: '816500003', auto_print: false });

t.test('a paid order\'s kernel receipt prints once on each auto-print printer of its store, even delivered twice', async (t) => {
  const orderId = await sell();
  const feieForms: Form[] = [];
  const ylyForms: Form[] = [];
  feiePrints(feieForms);
  ylyAnswers(ylyForms, { token: true });
  await deliver(orderId);
  await deliver(orderId);
  t.equal(feieForms.length, 1, 'one Feie print');
  t.match(feieForms[0], { apiname: 'Open_printMsg', sn: '816501678', times: '2', content: /^<CB>一号店<\/CB><BR>单号 .+<BR>时间 .+<BR>-{32}<BR>可口可乐330ml ×2 {9}￥7\.00<BR>/ }, 'the store\'s name, then the kernel\'s blocks');
  t.match(feieForms[0]!.content, /<BR>盖章＜祝福＞<BR><QR>https:\/\/x\.cn\/r<\/QR>/, 'another plugin\'s blocks, escaped');
  t.equal(ylyForms.length, 2, 'a token and one Yilianyun print');
  t.match(ylyForms[1], { machine_code: '4004600002', content: /^<MN>1<\/MN><FS2><center>后厨联<\/center><\/FS2>\n单号 .+\n时间 .+\n-{48}\n/ }, 'the title over the store\'s name');
  t.notOk(ylyForms[1]!.content!.includes('一号店'), 'which is not printed as well');
  t.match(ylyForms[1]!.content, /\n盖章＜祝福＞\n<QR>https:\/\/x\.cn\/r<\/QR>\n/);
  t.notOk(ylyForms[1]!.content!.includes('<BR>'), 'no Feie markup for Yilianyun');
  t.equal(ylyForms[1]!.origin_id!.length, 32, 'our job id as origin_id');

  const ledger = await jobs(`?orderId=${orderId}`);
  t.equal(ledger.length, 2, 'the printer that does not auto-print is left out');
  t.same(ledger.map((j: { printerId: string }) => j.printerId).sort(), [feieFront, ylyKitchen].sort());
  t.match(ledger.find((j: { printerId: string }) => j.printerId === ylyKitchen), { reason: 'paid', status: 'sent', vendorOrderId: '900001', attempts: 1, error: null });
  t.ok(nock.isDone());
});

t.test('a cloud failure is recorded on the job and retried by the retry job until it prints', async (t) => {
  const orderId = await sell();
  const forms: Form[] = [];
  feiePrints(forms, () => [200, { msg: '服务器繁忙', ret: -1, data: null, serverExecutedTime: 3 }]);
  ylyAnswers(forms);
  await deliver(orderId);
  const failed = (await jobs(`?orderId=${orderId}&status=failed`))[0];
  t.match(failed, { printerId: feieFront, status: 'failed', error: 'feie: 服务器繁忙', attempts: 1, nextAttemptAt: /T/ });
  t.ok(new Date(failed.nextAttemptAt).getTime() > Date.now(), 'retried later');
  t.equal((await jobs(`?orderId=${orderId}&status=sent`)).length, 1, 'the other printer printed');

  await deliver(orderId);
  t.equal(forms.length, 2, 'a second delivery does not send a failed job: the retry job does');

  t.same(await h.app.pluginJobs.runForEveryTenant('printers', 'retry-prints'), { ran: 1 }, 'not yet due: nothing sent');
  await kit.asPlugin(a, (ctx) => ctx.db('print_jobs').where({ id: failed.id }).update({ next_attempt_at: new Date(Date.now() - 1000) }));
  nock('http://api.feieyun.cn').post('/Api/Open/').reply(503, 'gateway');
  await h.app.pluginJobs.runForEveryTenant('printers', 'retry-prints');
  t.match((await jobs(`?orderId=${orderId}&printerId=${feieFront}`))[0], { status: 'failed', attempts: 2, error: 'feie: HTTP 503' });

  await kit.asPlugin(a, (ctx) => ctx.db('print_jobs').where({ id: failed.id }).update({ next_attempt_at: new Date(Date.now() - 1000) }));
  feiePrints(forms);
  await h.app.pluginJobs.runForEveryTenant('printers', 'retry-prints');
  t.match((await jobs(`?orderId=${orderId}&printerId=${feieFront}`))[0], { status: 'sent', attempts: 3, error: null, nextAttemptAt: null, vendorOrderId: /^816501678_/ });
  await h.app.pluginJobs.runForEveryTenant('printers', 'retry-prints');
  t.ok(nock.isDone(), 'and never again');
});

t.test('after five tries a receipt is left failed', async (t) => {
  const orderId = await sell();
  feiePrints([], () => [200, { msg: '打印机离线', ret: -1, data: null, serverExecutedTime: 3 }]);
  ylyAnswers([]);
  await deliver(orderId);
  const [job] = await jobs(`?orderId=${orderId}&printerId=${feieFront}`);
  for (let attempt = 2; attempt <= 5; attempt += 1) {
    await kit.asPlugin(a, (ctx) => ctx.db('print_jobs').where({ id: job.id }).update({ next_attempt_at: new Date(Date.now() - 1000) }));
    feiePrints([], () => [200, { msg: '打印机离线', ret: -1, data: null, serverExecutedTime: 3 }]);
    await h.app.pluginJobs.runForEveryTenant('printers', 'retry-prints');
  }
  t.match((await jobs(`?orderId=${orderId}&printerId=${feieFront}`))[0], { status: 'failed', attempts: 5, nextAttemptAt: null, error: 'feie: 打印机离线' });
  t.ok(nock.isDone());
});

t.test('the till reprints the store\'s last paid order, or the one given, on every printer of the store', async (t) => {
  const orderId = await sell();
  feiePrints([]);
  ylyAnswers([]);
  await deliver(orderId);

  const forms: Form[] = [];
  feiePrints(forms);
  feiePrints(forms);
  nock('https://open-api.10ss.net').post('/v2/print/index').reply(200, { error: '0', error_description: 'success', body: { id: '900002' } });
  const res = await till({ method: 'POST', url: '/api/v1/plugins/printers/reprint', payload: { storeId: a.storeIds[0] }, headers: { 'idempotency-key': 'reprint-key-1' } });
  t.equal(res.statusCode, 200, res.body);
  t.equal(res.json().message, '已发送到 3 台打印机');
  t.same(res.json().jobs.map((j: { orderId: string }) => j.orderId), [orderId, orderId, orderId], 'the last paid order, from the kernel');
  t.same(forms.map((f) => f.sn).sort(), ['816500003', '816501678'], 'the printer that does not auto-print too');
  t.ok(forms.every((f) => f.content!.includes('<C>【重打小票】</C>')));
  t.ok(nock.isDone());

  const replay = await till({ method: 'POST', url: '/api/v1/plugins/printers/reprint', payload: { storeId: a.storeIds[0] }, headers: { 'idempotency-key': 'reprint-key-1' } });
  t.same([replay.statusCode, replay.json().jobs.map((j: { id: string }) => j.id).sort()], [200, res.json().jobs.map((j: { id: string }) => j.id).sort()], 'the same request again prints nothing new');

  const earlier = (await jobs('?status=sent&_sort=createdAt&_order=asc'))[0].orderId;
  const forms2: Form[] = [];
  feiePrints(forms2, () => [200, { msg: '打印机离线', ret: -1, data: null, serverExecutedTime: 3 }]);
  feiePrints(forms2);
  nock('https://open-api.10ss.net').post('/v2/print/index').reply(200, { error: '0', error_description: 'success', body: { id: '900003' } });
  const partial = await till({ method: 'POST', url: '/api/v1/plugins/printers/reprint', payload: { storeId: a.storeIds[0], orderId: earlier } });
  t.equal(partial.statusCode, 200);
  t.match(partial.json().message, /^已发送到 2 台打印机，1 台失败：.+（feie: 打印机离线）$/);
  t.ok(partial.json().jobs.every((j: { orderId: string; reason: string }) => j.orderId === earlier && j.reason === 'reprint'));

  const ledger = await jobs(`?orderId=${earlier}`);
  t.equal(ledger.filter((j: { reason: string }) => j.reason === 'reprint').length, 3, 'reprints are in the ledger as reprints');
});

t.test('reprint refusals name the field', async (t) => {
  const post = (payload: Record<string, unknown>, as = till) => as({ method: 'POST', url: '/api/v1/plugins/printers/reprint', payload });
  const other = await sell();
  t.same(await post({ storeId: a.storeIds[1] }).then((r) => [r.statusCode, r.json().code, r.json().field]), [404, 'LS_PRINTERS_STORE_NOT_FOUND', 'storeId'], 'a cashier of store 1 at store 2');
  t.same(await post({ storeId: a.storeIds[1] }, a.api).then((r) => [r.statusCode, r.json().code, r.json().field]), [409, 'LS_PRINTERS_NO_PRINTERS', 'storeId'], 'a store without printers');
  await addPrinter(a.storeIds[1], { brand: 'feie', name: '二号店', sn: '816500020', auto_print: false });
  t.same(await post({ storeId: a.storeIds[1], orderId: other }, a.api).then((r) => [r.statusCode, r.json().code, r.json().field]), [404, 'LS_PRINTERS_ORDER_NOT_FOUND', 'orderId'], 'an order of another store');
  t.same(await post({ storeId: a.storeIds[0], orderId: newId() }).then((r) => [r.statusCode, r.json().field]), [404, 'orderId']);
  t.same(await post({ storeId: a.storeIds[1] }, a.api).then((r) => [r.statusCode, r.json().code]), [404, 'LS_PRINTERS_ORDER_NOT_FOUND'], 'no paid order at store 2 yet');
  t.same(await post({ storeId: 'nope' }).then((r) => [r.statusCode, r.json().field]), [400, 'storeId']);
  for (const [storeId, what] of [[newId(), 'an unknown store'], [b.storeIds[0], 'another merchant\'s store']] as const) {
    t.same(await post({ storeId }, a.api).then((r) => [r.statusCode, r.json().code, r.json().field]), [404, 'LS_PRINTERS_STORE_NOT_FOUND', 'storeId'], what);
  }
  t.same(await post({ storeId: a.storeIds[0] }, b.api).then((r) => [r.statusCode, r.json().code]), [404, 'LS_PLUGIN_NOT_ENABLED'], 'B has no such plugin');

  nock('http://api.feieyun.cn').post('/Api/Open/').times(2).reply(200, { msg: '打印机离线', ret: -1, data: null, serverExecutedTime: 3 });
  nock('https://open-api.10ss.net').post('/v2/print/index').reply(200, { error: '5', error_description: '终端未授权', body: {} })
    .post('/v2/oauth/oauth').reply(200, { error: '0', error_description: 'success', body: { access_token: 'yly-token-2', expires_in: 2_592_000 } });
  const allFailed = await post({ storeId: a.storeIds[0], orderId: other });
  t.match([allFailed.statusCode, allFailed.json()], [502, { code: 'LS_PRINTERS_VENDOR_UNAVAILABLE', title: /^打印失败：/ }], 'every printer failed');
});

t.test('a test page from the admin', async (t) => {
  const forms: Form[] = [];
  feiePrints(forms);
  const res = await a.api({ method: 'POST', url: `/api/v1/plugins/printers/printers/${feieOff}/test` });
  t.same([res.statusCode, res.json().message], [200, '已发送到 1 台打印机'], res.body);
  t.match(forms[0], { sn: '816500003', times: '1', content: /^<CB>打印测试<\/CB><BR>打印机：备用<BR>编号：816500003<BR>纸宽：58mm（每行 32 字符）/ });
  t.match(res.json().jobs, [{ reason: 'test', orderId: null, status: 'sent' }]);
  t.equal((await till({ method: 'POST', url: `/api/v1/plugins/printers/printers/${feieOff}/test` })).statusCode, 403, 'not from the till');
});

t.test('the kernel delivers order.paid to the plugin after the sale commits', async (t) => {
  // Events of the earlier sales are delivered too: their receipts are in the ledger already, so they print nothing again.
  nock('http://api.feieyun.cn').persist().post('/Api/Open/').reply(200, { msg: 'ok', ret: 0, data: 'x_y_z', serverExecutedTime: 3 });
  nock('https://open-api.10ss.net').persist().post('/v2/print/index').reply(200, { error: '0', error_description: 'success', body: { id: '9' } })
    .post('/v2/oauth/oauth').reply(200, { error: '0', error_description: 'success', body: { access_token: 'yly-token-3', expires_in: 2_592_000 } });
  const orderId = await sell();
  await kit.startWorkers();
  const deadline = Date.now() + 15_000;
  let printed: { printerId: string }[] = [];
  while (Date.now() < deadline && printed.length < 2) {
    printed = await jobs(`?orderId=${orderId}&status=sent`);
    if (printed.length < 2) await new Promise((resolve) => setTimeout(resolve, 200));
  }
  t.same(printed.map((job) => job.printerId).sort(), [feieFront, ylyKitchen].sort(), 'printed on the store\'s auto-print printers');
});
