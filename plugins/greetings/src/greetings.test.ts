import t from 'tap';
import { checkMigrations, createPluginTestKit } from '@lingshou/plugin-sdk/testing';
import greetings from './index.ts';

const kit = await createPluginTestKit({ plugin: greetings });
t.teardown(kit.close);
const { h, a, b } = kit;
const till = h.as(a.cashierToken);
const templates = '/api/v1/plugins/greetings/templates';

const createTemplate = async (payload: Record<string, unknown>) => {
  const res = await a.api({ method: 'POST', url: templates, payload });
  if (res.statusCode !== 201) throw new Error(`create template: ${res.statusCode} ${res.body}`);
  return res.json() as { id: string; text: string };
};

let saleCount = 0;
/** A cash sale at tenant A's till, with what the till sends for plugins. */
const sell = (pluginInputs?: Record<string, unknown>) => till({ method: 'POST', url: '/api/v1/pos/orders', payload: {
  clientOrderId: `greetings-sale-${++saleCount}`, storeId: a.storeIds[0], lines: [{ skuId: a.skus.cola.id, quantity: 1 }],
  tenders: [{ method: 'cash', amountFen: 350 }], ...(pluginInputs ? { pluginInputs } : {}),
} });

const receiptOf = async (orderId: string) => {
  const res = await till({ method: 'GET', url: `/api/v1/orders/${orderId}/receipt` });
  return (res.json() as { blocks: { source: string; kind: string; text: string }[] }).blocks;
};

t.test('templates: create, list, read, change and delete; bad input names the field', async (t) => {
  const birthday = await createTemplate({ text: ' 生日快乐，天天开心！ ', category: '生日', sort: 2 });
  t.equal(birthday.text, '生日快乐，天天开心！', 'stored trimmed');
  const thanks = await createTemplate({ text: '感谢惠顾', category: '感谢', sort: 1 });
  const list = await till({ method: 'GET', url: `${templates}?_sort=sort` });
  t.equal(list.statusCode, 200, 'the till may list them (order.read)');
  t.equal(list.headers['x-total-count'], '2');
  t.same(list.json().map((r: { text: string }) => r.text), ['感谢惠顾', '生日快乐，天天开心！'], 'in the merchant\'s order');
  t.equal((await a.api({ method: 'GET', url: `${templates}/${thanks.id}` })).json().category, '感谢');

  const off = await a.api({ method: 'PATCH', url: `${templates}/${thanks.id}`, payload: { enabled: false } });
  t.equal(off.statusCode, 200, off.body);
  t.same([off.json().enabled, off.json().text], [false, '感谢惠顾'], 'a patch changes only what it names');
  const enabled = await a.api({ method: 'GET', url: `${templates}?enabled=true` });
  t.same(enabled.json().map((r: { id: string }) => r.id), [birthday.id], 'filtered by enabled');

  const cases: [Record<string, unknown>, string][] = [
    [{ text: '祝'.repeat(61) }, 'text'],
    [{ text: '   ' }, 'text'],
    [{ category: '生日' }, 'text'],
    [{ text: '新年快乐', sort: -1 }, 'sort'],
    [{ text: '新年快乐', color: 'red' }, 'color'],
  ];
  for (const [payload, field] of cases) {
    const bad = await a.api({ method: 'POST', url: templates, payload });
    t.equal(bad.statusCode, 400, `${JSON.stringify(payload)} is refused`);
    t.equal(bad.json().field, field, `naming ${field}`);
  }
  t.equal((await a.api({ method: 'PATCH', url: `${templates}/${thanks.id}`, payload: { text: '' } })).json().field, 'text');
  t.equal((await till({ method: 'POST', url: templates, payload: { text: '新年快乐' } })).statusCode, 403, 'a cashier cannot change them');

  t.equal((await a.api({ method: 'DELETE', url: `${templates}/${thanks.id}` })).statusCode, 204);
  const gone = await a.api({ method: 'GET', url: `${templates}/${thanks.id}` });
  t.same([gone.statusCode, gone.json().code], [404, 'LS_GREETINGS_TEMPLATE_NOT_FOUND']);
  t.equal((await a.api({ method: 'DELETE', url: `${templates}/${thanks.id}` })).statusCode, 404, 'deleting twice is a 404');
});

t.test('tenant B, which did not enable the plugin, gets 404 on its routes and no greeting on receipts', async (t) => {
  for (const [method, url] of [['GET', templates], ['POST', templates], ['PUT', `/api/v1/plugins/greetings/orders/${a.storeIds[0]}`]] as const) {
    const res = await b.api({ method, url, payload: method === 'GET' ? undefined : { text: '你好' } });
    t.same([res.statusCode, res.json().code], [404, 'LS_PLUGIN_NOT_ENABLED'], `${method} ${url}`);
  }
  const ignored = await b.api({ method: 'POST', url: '/api/v1/checkout/price', payload: {
    storeId: b.storeIds[0], lines: [{ skuId: b.skus.cola.id, quantity: 1 }], pluginInputs: { greetings: { templateId: 'nonsense' } },
  } });
  t.equal(ignored.statusCode, 200, 'its checkout never runs the plugin\'s taps');
  const manifest = (await b.api({ method: 'GET', url: '/api/v1/extensions' })).json();
  t.same([manifest.admin.menu, manifest.pos.receiptBlocks, manifest.mall.blocks], [[], [], []]);
});

t.test('a till sale, then a greeting for it: the receipt prints it', async (t) => {
  const template = await createTemplate({ text: '节日快乐', category: '节日' });
  const sold = await sell();
  t.equal(sold.statusCode, 201, sold.body);
  const orderId = sold.json().id as string;
  t.notOk((await receiptOf(orderId)).some((block) => block.source === 'greetings'), 'no greeting, no block');

  const set = await till({ method: 'PUT', url: `/api/v1/plugins/greetings/orders/${orderId}`, payload: { templateId: template.id } });
  t.equal(set.statusCode, 200, set.body);
  t.same(set.json().greeting, { text: '节日快乐', templateId: template.id, category: '节日' });
  const order = await till({ method: 'GET', url: `/api/v1/orders/${orderId}` });
  t.same(order.json().extensions.greetings, set.json().greeting, 'stored on the order, under the plugin\'s id');
  const blocks = await receiptOf(orderId);
  t.same(blocks.filter((block) => block.source === 'greetings').map((block) => block.text), ['', '节日快乐'], 'printed at the foot, as the plugin\'s');

  await till({ method: 'PUT', url: `/api/v1/plugins/greetings/orders/${orderId}`, payload: { text: '  多谢光临  ' } });
  t.equal((await receiptOf(orderId)).at(-1)?.text, '多谢光临', 'choosing again replaces it, here with the cashier\'s own text');
  await a.api({ method: 'DELETE', url: `${templates}/${template.id}` });
  t.equal((await receiptOf(orderId)).at(-1)?.text, '多谢光临', 'the order keeps its text whatever happens to templates');

  const bad: [Record<string, unknown>, number, string, string][] = [
    [{}, 400, 'templateId', 'LS_GREETINGS_CHOICE_INVALID'],
    [{ templateId: template.id, text: '你好' }, 400, 'templateId', 'LS_GREETINGS_CHOICE_INVALID'],
    [{ templateId: template.id }, 400, 'templateId', 'LS_GREETINGS_TEMPLATE_UNAVAILABLE'],
    [{ text: '好'.repeat(61) }, 400, 'text', 'LS_INPUT_INVALID'],
  ];
  for (const [payload, status, field, code] of bad) {
    const res = await till({ method: 'PUT', url: `/api/v1/plugins/greetings/orders/${orderId}`, payload });
    t.same([res.statusCode, res.json().field, res.json().code], [status, field, code], JSON.stringify(payload));
  }
  const missing = await till({ method: 'PUT', url: `/api/v1/plugins/greetings/orders/${crypto.randomUUID()}`, payload: { text: '你好' } });
  t.same([missing.statusCode, missing.json().code], [404, 'LS_GREETINGS_ORDER_NOT_FOUND']);
});

t.test('a cashier bound to store 1 cannot set the greeting of a store 2 order', async (t) => {
  const [warehouse] = (await a.api({ method: 'GET', url: `/api/v1/warehouses?storeId=${a.storeIds[1]}` })).json();
  await a.api({ method: 'POST', url: '/api/v1/stock/adjustments', payload: { warehouseId: warehouse.id, lines: [{ skuId: a.skus.cola.id, delta: 5 }] } });
  const sold = await a.api({ method: 'POST', url: '/api/v1/pos/orders', payload: {
    clientOrderId: 'greetings-store-2-sale', storeId: a.storeIds[1], lines: [{ skuId: a.skus.cola.id, quantity: 1 }], tenders: [{ method: 'cash', amountFen: 350 }],
  } });
  t.equal(sold.statusCode, 201, sold.body);
  const url = `/api/v1/plugins/greetings/orders/${sold.json().id}`;
  const refused = await till({ method: 'PUT', url, payload: { text: '你好' } });
  t.same([refused.statusCode, refused.json().code], [404, 'LS_GREETINGS_ORDER_NOT_FOUND'], 'the same 404 as a missing order');
  t.equal((await a.api({ method: 'PUT', url, payload: { text: '你好' } })).statusCode, 200, 'the merchant admin acts in every store');
});

t.test('at checkout: a greeting that cannot be stored refuses the sale, naming pluginInputs.greetings', async (t) => {
  const off = await createTemplate({ text: '停用的祝福', enabled: false });
  const cases: [unknown, string][] = [
    [{ templateId: crypto.randomUUID() }, 'pluginInputs.greetings.templateId'],
    [{ templateId: 'not-a-uuid' }, 'pluginInputs.greetings.templateId'],
    [{ templateId: off.id }, 'pluginInputs.greetings.templateId'],
    [{ text: '好'.repeat(61) }, 'pluginInputs.greetings.text'],
    [{ text: '你好', extra: 1 }, 'pluginInputs.greetings.extra'],
    ['生日快乐', 'pluginInputs.greetings'],
  ];
  for (const [choice, field] of cases) {
    const refused = await sell({ greetings: choice });
    t.same([refused.statusCode, refused.json().field, refused.json().plugin], [400, field, 'greetings'], `${JSON.stringify(choice)} → ${field}`);
  }
  const quote = await till({ method: 'POST', url: '/api/v1/checkout/price', payload: {
    storeId: a.storeIds[0], lines: [{ skuId: a.skus.cola.id, quantity: 1 }], pluginInputs: { greetings: { templateId: crypto.randomUUID() } },
  } });
  t.same([quote.statusCode, quote.json().field], [400, 'pluginInputs.greetings.templateId'], 'a quote says so before the sale');
  const good = await createTemplate({ text: '生日快乐' });
  t.equal((await sell({ greetings: { templateId: good.id } })).statusCode, 201, 'a usable template passes');
});

t.test('a greeting chosen at checkout is stored on the order and printed on its receipt', async (t) => {
  const template = await createTemplate({ text: '一路顺风', category: '感谢' });
  const sold = await sell({ greetings: { templateId: template.id } });
  t.equal(sold.statusCode, 201, sold.body);
  t.same(sold.json().extensions.greetings.text, '一路顺风', 'stored in the order\'s own transaction');
  t.equal((await receiptOf(sold.json().id)).at(-1)?.text, '一路顺风');
  const plain = await sell();
  t.same(plain.json().extensions, {}, 'no input, no greeting');
});

t.test('the apps learn about it from the extension manifest', async (t) => {
  const manifest = (await a.api({ method: 'GET', url: '/api/v1/extensions' })).json();
  const menu = manifest.admin.menu.find((entry: { pluginId: string }) => entry.pluginId === 'greetings');
  t.match(menu, { parent: 'marketing', page: { kind: 'crud', resource: '/templates', columns: ['text', 'category', 'enabled', 'sort'] } });
  t.same(manifest.pos.receiptBlocks.map((block: { key: string }) => block.key), ['greeting']);
  t.equal(manifest.mall.blocks[0].slot, 'checkout');
  const cashier = (await till({ method: 'GET', url: '/api/v1/extensions' })).json();
  t.same(cashier.admin.menu, [], 'the settings page needs plugin.manage');
  t.equal(cashier.pos.cartPanels[0].block.input, 'pluginInputs.greetings');
});

t.test('its migrations go up, down and up again', async (t) => {
  t.same(await checkMigrations(greetings), ['templates']);
});
