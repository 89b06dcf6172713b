import t from 'tap';
import nock from 'nock';
import { createPluginTestKit } from '@lingshou/plugin-sdk/testing';
import { newId } from '@lingshou/plugin-sdk';
import printers from './index.ts';
import { feieSignature } from './vendors/feie.ts';

/**
 * Printers through the HTTP API, with Feie and Yilianyun answered by nock as the research notes
 * give them: registered at the cloud when added, removed there when deleted, their status read
 * from it; secrets never come back; tenant B sees none of A's.
 */
const config = { feieUser: 'shop-a@feieyun.com', feieUkey: 'UKEY-feie-secret-a', yilianyunClientId: '1039460001', yilianyunClientSecret: 'yly-secret-a-0123456789' };
const kit = await createPluginTestKit({ plugin: printers, config: { printers: config } });
nock.disableNetConnect();
t.teardown(async () => {
  nock.cleanAll();
  nock.enableNetConnect();
  await kit.close();
});
const { h, a, b } = kit;
const url = '/api/v1/plugins/printers/printers';

/** Feie answering one call, keeping the form it got. */
function feie(answer: Record<string, unknown>, forms: Record<string, string>[] = []) {
  return nock('http://api.feieyun.cn').post('/Api/Open/').reply(200, (_uri, body) => {
    forms.push(Object.fromEntries(new URLSearchParams(body as string)));
    return answer;
  });
}
const feieOk = (data: unknown) => ({ msg: 'ok', ret: 0, data, serverExecutedTime: 5 });
function yly(path: string, answer: Record<string, unknown>, forms: Record<string, string>[] = []) {
  return nock('https://open-api.10ss.net').post(`/v2${path}`).reply(200, (_uri, body) => {
    forms.push(Object.fromEntries(new URLSearchParams(body as string)));
    return answer;
  });
}
const ylyOk = (body: unknown) => ({ error: '0', error_description: 'success', body });

const feieInput = (extra: Record<string, unknown> = {}) => ({
  storeId: a.storeIds[0], brand: 'feie', name: '前台收银', sn: '816501678', key: 'feiekey1', paperWidth: 58, copies: 2, title: '一号店', ...extra,
});

t.test('the settings never send the secrets back', async (t) => {
  const res = await a.api({ method: 'GET', url: '/api/v1/plugins/printers/config' });
  t.equal(res.statusCode, 200, res.body);
  t.notOk(res.body.includes(config.feieUkey), 'no Feie UKEY');
  t.notOk(res.body.includes(config.yilianyunClientSecret), 'no Yilianyun secret');
  t.match(res.json(), { secretsSet: ['feieUkey', 'yilianyunClientSecret'].sort() });
  const stored = await h.db.knex.raw('select config::text as config from tenant_plugins where plugin_id = ?', ['printers']).then((r: { rows: { config: string }[] }) => r.rows.map((row) => row.config).join());
  t.notOk(stored.includes(config.feieUkey), 'sealed at rest');
});

t.test('adding a Feie printer registers it at Feie with its key, which is neither stored nor returned', async (t) => {
  const forms: Record<string, string>[] = [];
  const scope = feie(feieOk({ ok: ['816501678#feiekey1#前台收银'], no: [] }), forms);
  const res = await a.api({ method: 'POST', url, payload: feieInput() });
  t.equal(res.statusCode, 201, res.body);
  t.ok(scope.isDone());
  const form = forms[0]!;
  t.same(form, {
    user: config.feieUser, stime: form.stime, sig: feieSignature(config.feieUser, config.feieUkey, form.stime!), apiname: 'Open_printerAddlist',
    printerContent: '816501678#feiekey1#前台收银',
  });
  t.ok(Math.abs(Number(form.stime) - Date.now() / 1000) < 60, 'stime is now, in seconds');
  t.match(res.json(), { brand: 'feie', sn: '816501678', name: '前台收银', paperWidth: 58, copies: 2, autoPrint: true, title: '一号店', storeId: a.storeIds[0], storeName: '一号店' });
  t.notOk('key' in res.json());
  t.notOk(JSON.stringify((await a.api({ method: 'GET', url })).json()).includes('feiekey1'), 'not in the list');
  const columns = await h.db.knex.raw(`select column_name from information_schema.columns where table_schema = 'plugin_printers' and table_name = 'printers'`);
  t.notOk(columns.rows.some((r: { column_name: string }) => r.column_name.includes('key')), 'no column keeps it');

  const again = await a.api({ method: 'POST', url, payload: feieInput() });
  t.same([again.statusCode, again.json().code, again.json().field], [409, 'LS_PRINTERS_PRINTER_EXISTS', 'sn'], 'the same printer twice: refused before Feie is asked');
});

t.test('bad input names the field and calls no cloud', async (t) => {
  const cases: [Record<string, unknown>, string][] = [
    [{ key: undefined }, 'key'], [{ paperWidth: 60 }, 'paperWidth'], [{ sn: '打印机' }, 'sn'], [{ copies: 10 }, 'copies'],
    [{ brand: 'epson' }, 'brand'], [{ storeId: 'store-1' }, 'storeId'], [{ name: '  ' }, 'name'], [{ ukey: 'x' }, 'ukey'],
  ];
  for (const [extra, field] of cases) {
    const res = await a.api({ method: 'POST', url, payload: feieInput({ sn: '999999999', ...extra }) });
    t.same([res.statusCode, res.json().field], [400, field], `${JSON.stringify(extra)} → ${field}`);
  }
});

t.test('a store that is not one of the merchant\'s is 404 naming storeId, before any cloud is asked', async (t) => {
  for (const [storeId, what] of [[newId(), 'an unknown id'], [b.storeIds[0], 'another merchant\'s store']] as const) {
    const created = await a.api({ method: 'POST', url, payload: feieInput({ sn: '999999998', storeId }) });
    t.same([created.statusCode, created.json().code, created.json().field], [404, 'LS_PRINTERS_STORE_NOT_FOUND', 'storeId'], `create: ${what}`);
  }
  const [printer] = (await a.api({ method: 'GET', url })).json();
  const moved = await a.api({ method: 'PATCH', url: `${url}/${printer.id}`, payload: { storeId: b.storeIds[1] } });
  t.same([moved.statusCode, moved.json().code, moved.json().field], [404, 'LS_PRINTERS_STORE_NOT_FOUND', 'storeId'], 'edit: another merchant\'s store');
  const toStore2 = await a.api({ method: 'PATCH', url: `${url}/${printer.id}`, payload: { storeId: a.storeIds[1] } });
  t.match([toStore2.statusCode, toStore2.json()], [200, { storeId: a.storeIds[1], storeName: '二号店' }], 'edit: to its other store');
  t.equal((await a.api({ method: 'PATCH', url: `${url}/${printer.id}`, payload: { storeId: a.storeIds[0] } })).json().storeName, '一号店');
});

t.test('Feie refusing the printer is a 422 with Feie\'s reason, and nothing is stored', async (t) => {
  feie(feieOk({ ok: [], no: ['816509999#wrong#后厨（错误：识别码不正确）'] }));
  const res = await a.api({ method: 'POST', url, payload: feieInput({ sn: '816509999', key: 'wrong', name: '后厨' }) });
  t.match([res.statusCode, res.json()], [422, { code: 'LS_PRINTERS_VENDOR_REFUSED', title: 'feie: 识别码不正确', vendor: 'feie', vendorMessage: '识别码不正确' }]);
  feie({ msg: '参数错误 : 该帐号未注册.', ret: -2, data: null, serverExecutedTime: 37 });
  const unregistered = await a.api({ method: 'POST', url, payload: feieInput({ sn: '816509999', key: 'wrong', name: '后厨' }) });
  t.match([unregistered.statusCode, unregistered.json().title], [422, 'feie: 参数错误 : 该帐号未注册.']);
  nock('http://api.feieyun.cn').post('/Api/Open/').reply(503, 'busy');
  t.match((await a.api({ method: 'POST', url, payload: feieInput({ sn: '816509999', key: 'wrong' }) })).json(), { status: 502, code: 'LS_PRINTERS_VENDOR_UNAVAILABLE' });
  t.equal((await a.api({ method: 'GET', url })).headers['x-total-count'], '1');
});

t.test('a Yilianyun printer is added with a client-credentials token', async (t) => {
  const forms: Record<string, string>[] = [];
  yly('/oauth/oauth', ylyOk({ access_token: 'yly-token', expires_in: 2_592_000 }), forms);
  yly('/printer/addprinter', ylyOk({}), forms);
  const res = await a.api({ method: 'POST', url, payload: { storeId: a.storeIds[1], brand: 'yilianyun', name: '二号店后厨', sn: '4004600001', key: 'msign001', paperWidth: 80, autoPrint: false } });
  t.equal(res.statusCode, 201, res.body);
  t.match(forms[1], { machine_code: '4004600001', msign: 'msign001', print_name: '二号店后厨', access_token: 'yly-token', client_id: config.yilianyunClientId });
  t.match(res.json(), { brand: 'yilianyun', paperWidth: 80, copies: 1, autoPrint: false, title: '' });
  t.same((await a.api({ method: 'GET', url: `${url}?storeId=${a.storeIds[1]}` })).json().map((p: { sn: string }) => p.sn), ['4004600001'], 'filtered by store');
});

t.test('editing: the settings change, the brand, serial number and key do not', async (t) => {
  const [printer] = (await a.api({ method: 'GET', url: `${url}?brand=feie` })).json();
  // The admin's edit form sends back the form's fields (pickSchemaFields), not the read-only ones.
  const { id, createdAt, updatedAt, storeName, ...form } = printer;
  t.ok(id && createdAt && updatedAt && storeName);
  const edited = await a.api({ method: 'PATCH', url: `${url}/${id}`, payload: { ...form, name: '前台', copies: 1, autoPrint: true } });
  t.equal(edited.statusCode, 200, edited.body);
  t.match(edited.json(), { name: '前台', copies: 1, sn: '816501678' });
  for (const [change, field] of [[{ sn: '816500000' }, 'sn'], [{ brand: 'yilianyun' }, 'brand'], [{ key: 'newkey' }, 'key']] as const) {
    const res = await a.api({ method: 'PATCH', url: `${url}/${id}`, payload: { ...form, ...change } });
    t.same([res.statusCode, res.json().code, res.json().field], [409, 'LS_PRINTERS_PRINTER_FIXED', field]);
  }
  t.equal((await h.as(a.cashierToken)({ method: 'PATCH', url: `${url}/${id}`, payload: { name: 'x' } })).statusCode, 403, 'a cashier cannot');
});

t.test('status comes from the cloud', async (t) => {
  const [printer] = (await a.api({ method: 'GET', url: `${url}?brand=feie` })).json();
  const forms: Record<string, string>[] = [];
  feie(feieOk('在线，工作状态正常。'), forms);
  const res = await a.api({ method: 'GET', url: `${url}/${printer.id}/status` });
  t.match([res.statusCode, res.json()], [200, { id: printer.id, online: true, normal: true, text: '在线，工作状态正常。' }]);
  t.match(forms[0], { apiname: 'Open_queryPrinterStatus', sn: '816501678' });
});

t.test('merchant B sees none of A\'s printers', async (t) => {
  const [printer] = (await a.api({ method: 'GET', url })).json();
  t.same([(await b.api({ method: 'GET', url })).statusCode, (await b.api({ method: 'GET', url })).json().code], [404, 'LS_PLUGIN_NOT_ENABLED']);
  t.equal((await b.api({ method: 'POST', url: '/api/v1/plugins/printers/enable' })).statusCode, 200);
  const list = await b.api({ method: 'GET', url });
  t.same([list.statusCode, list.json(), list.headers['x-total-count']], [200, [], '0'], 'enabled, B has none');
  for (const [method, path] of [['GET', `${url}/${printer.id}`], ['GET', `${url}/${printer.id}/status`], ['DELETE', `${url}/${printer.id}`], ['POST', `${url}/${printer.id}/test`]] as const) {
    const res = await b.api({ method, url: path });
    t.same([res.statusCode, res.json().code], [404, 'LS_PRINTERS_PRINTER_NOT_FOUND'], `${method} ${path}`);
  }
  t.same((await b.api({ method: 'GET', url: '/api/v1/plugins/printers/config' })).json().secretsSet, [], 'nor A\'s accounts');
  const unconfigured = await b.api({ method: 'POST', url, payload: { ...feieInput(), storeId: b.storeIds[0] } });
  t.same([unconfigured.statusCode, unconfigured.json().code, unconfigured.json().field], [409, 'LS_PRINTERS_NOT_CONFIGURED', 'brand'], 'B\'s own settings are empty');
});

t.test('deleting removes the printer at the cloud first', async (t) => {
  const [printer] = (await a.api({ method: 'GET', url: `${url}?brand=feie` })).json();
  feie({ msg: '参数错误 : 打印机编号不存在.', ret: -2, data: null, serverExecutedTime: 3 });
  const refused = await a.api({ method: 'DELETE', url: `${url}/${printer.id}` });
  t.match([refused.statusCode, refused.json().title], [422, 'feie: 参数错误 : 打印机编号不存在.']);
  t.equal((await a.api({ method: 'GET', url: `${url}/${printer.id}` })).statusCode, 200, 'kept while Feie refuses');
  const forms: Record<string, string>[] = [];
  feie(feieOk({ ok: ['816501678'], no: [] }), forms);
  t.equal((await a.api({ method: 'DELETE', url: `${url}/${printer.id}` })).statusCode, 204);
  t.match(forms[0], { apiname: 'Open_printerDelList', snlist: '816501678' });
  t.equal((await a.api({ method: 'GET', url: `${url}/${printer.id}` })).statusCode, 404);

  const [yilian] = (await a.api({ method: 'GET', url: `${url}?brand=yilianyun` })).json();
  yly('/printer/deleteprinter', ylyOk({}), forms);
  t.equal((await a.api({ method: 'DELETE', url: `${url}/${yilian.id}` })).statusCode, 204);
  t.match(forms[1], { machine_code: '4004600001', access_token: 'yly-token' }, 'the cached token');
});

t.test('the admin finds the page, the till the F9 action', async (t) => {
  const manifest = (await a.api({ method: 'GET', url: '/api/v1/extensions' })).json();
  t.match(manifest.admin.menu.filter((entry: { pluginId: string }) => entry.pluginId === 'printers'), [
    { key: 'printers', page: { kind: 'crud', resource: '/printers', columns: ['name', 'brand', 'sn', 'storeId', 'paperWidth', 'copies', 'autoPrint'] } },
  ]);
  t.match(manifest.pos.actions.filter((action: { pluginId: string }) => action.pluginId === 'printers'), [{ key: 'reprint', label: { zh: '重打小票' }, hotkey: 'F9', route: '/reprint' }]);
});
