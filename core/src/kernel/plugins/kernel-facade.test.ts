import t from 'tap';
import { newId } from '../../db/ids.ts';
import { inTenant } from '../../db/tenant-tx.ts';
import { startTestApp } from '../../testing/test-app.ts';
import { createShop, type TestShop } from '../../testing/shop.ts';
import { enablePlugin, installPlugin } from '../../testing/plugins.ts';
import { definePlugin } from './define-plugin.ts';
import type { KernelFacade } from './kernel-facade.ts';

/**
 * The facade's receipt, stores and order list, called as a plugin calls them: through a plugin
 * context in the tenant's transaction. `reader` declares orders:read, stores:read and customers:read and prints a
 * line on receipts; `bare` declares nothing.
 */
const reader = definePlugin({
  id: 'facade-reader', version: '1.0.0', kernel: '^1.0.0', name: { zh: '读', en: 'Reader' },
  permissions: ['orders:read', 'stores:read', 'customers:read'],
  hooks: (h) => {
    h.tap('receipt.render', async (receipt) => ({ ...receipt, blocks: [...receipt.blocks, { source: '', kind: 'text', text: '读者祝福' }] }));
  },
});
const bare = definePlugin({ id: 'facade-bare', version: '1.0.0', kernel: '^1.0.0', name: { zh: '无', en: 'Bare' } });

const h = await startTestApp({ plugins: [reader, bare] });
t.teardown(h.close);
for (const id of ['facade-reader', 'facade-bare']) await installPlugin(h, id);
const a = await createShop(h, '甲');
const b = await createShop(h, '乙');
for (const id of ['facade-reader', 'facade-bare']) await enablePlugin(a, id);
await enablePlugin(b, 'facade-reader');

/** Runs `fn` with a plugin's facade, for a shop, as the host builds it. */
const asPlugin = <T>(shop: TestShop, pluginId: string, fn: (kernel: KernelFacade) => Promise<T>) =>
  inTenant(h.db.knex, shop.tenantId, (trx) => fn(h.app.plugins.contextFor(trx, shop.tenantId, pluginId, {}).kernel));

let sales = 0;
/** A till sale paid in cash, or (paid: false) an order created and left to pay. */
async function sell(paid = true, storeId = a.storeIds[0]): Promise<string> {
  const lines = [{ skuId: a.skus.cola.id, quantity: 2 }];
  const res = paid
    ? await a.api({ method: 'POST', url: '/api/v1/pos/orders', payload: { clientOrderId: `facade-sale-${++sales}`, storeId, lines, tenders: [{ method: 'cash', amountFen: 700 }] } })
    : await a.api({ method: 'POST', url: '/api/v1/orders', payload: { storeId, lines } });
  if (res.statusCode !== 201) throw new Error(`sale: ${res.statusCode} ${res.body}`);
  return res.json().id as string;
}

const firstPaid = await sell();
const unpaid = await sell(false);
const lastPaid = await sell();

t.test('orders.receipt is the receipt GET /orders/:id/receipt answers, other plugins\' blocks included', async (t) => {
  const route = await a.api({ method: 'GET', url: `/api/v1/orders/${lastPaid}/receipt` });
  t.equal(route.statusCode, 200, route.body);
  const receipt = await asPlugin(a, 'facade-reader', (kernel) => kernel.orders.receipt(lastPaid));
  t.same(JSON.parse(JSON.stringify(receipt)), route.json());
  t.same(receipt.blocks[0], { source: 'kernel', kind: 'text', text: '一号店' }, 'the store\'s name first');
  const texts = receipt.blocks.map((block) => block.text);
  t.ok(texts.some((line) => /^时间 \d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(line)), 'the time in China, as a cashier reads it', { texts });
  t.ok(texts.some((line) => line.startsWith('现金 ￥')), 'the tender by its name', { texts });
  t.same(receipt.blocks.at(-1), { source: 'facade-reader', kind: 'text', text: '读者祝福' }, 'a plugin\'s receipt.render block');
  await t.rejects(asPlugin(b, 'facade-reader', (kernel) => kernel.orders.receipt(lastPaid)), { statusCode: 404, code: 'LS_RESOURCE_NOT_FOUND' }, 'another merchant\'s order is not found');
});

t.test('stores.get and stores.list answer the merchant\'s stores only', async (t) => {
  const store = await asPlugin(a, 'facade-reader', (kernel) => kernel.stores.get(a.storeIds[1]));
  t.match(store, { id: a.storeIds[1], code: '02', name: '二号店', active: true });
  const list = await asPlugin(a, 'facade-reader', (kernel) => kernel.stores.list());
  t.same(list.map((s) => [s.id, s.name]), [[a.storeIds[0], '一号店'], [a.storeIds[1], '二号店']], 'by code');
  await t.rejects(asPlugin(a, 'facade-reader', (kernel) => kernel.stores.get(b.storeIds[0])), { statusCode: 404, code: 'LS_RESOURCE_NOT_FOUND' }, 'another merchant\'s store');
  await t.rejects(asPlugin(a, 'facade-reader', (kernel) => kernel.stores.get(newId())), { statusCode: 404, code: 'LS_RESOURCE_NOT_FOUND' }, 'an unknown id');
  t.same((await asPlugin(b, 'facade-reader', (kernel) => kernel.stores.list())).map((s) => s.id), b.storeIds, 'B lists its own');
});

t.test('orders.list: a store\'s orders newest first, filtered by paid and status, within the tenant', async (t) => {
  const list = (shop: TestShop, query: Parameters<KernelFacade['orders']['list']>[0]) =>
    asPlugin(shop, 'facade-reader', (kernel) => kernel.orders.list(query)).then((orders) => orders.map((o) => o.id));
  t.same(await list(a, { storeId: a.storeIds[0] }), [lastPaid, unpaid, firstPaid], 'newest first, that store only');
  t.same(await list(a, { storeId: a.storeIds[0], paid: true, limit: 1 }), [lastPaid], 'the last paid order');
  t.same(await list(a, { storeId: a.storeIds[0], status: 'pending_payment' }), [unpaid]);
  t.same(await list(a, { storeId: a.storeIds[1] }), [], 'none at the other store');
  const [summary] = await asPlugin(a, 'facade-reader', (kernel) => kernel.orders.list({ storeId: a.storeIds[0], limit: 1 }));
  t.match(summary, { id: lastPaid, storeId: a.storeIds[0], totalFen: 700, paidFen: 700, paidAt: Date }, 'an order summary in API shape');
  t.same(await list(a, { storeId: a.storeIds[0], status: ['cancelled', 'refunded'] }), [], 'several states');
  t.same(await list(b, { storeId: a.storeIds[0] }), [], 'B never sees A\'s orders, even by A\'s store id');
});

t.test('customers.openids: many customers\' openids for one appid in one read, the tenant\'s only', async (t) => {
  const customer = async (shop: TestShop, phone: string, identities: [appid: string, openid: string][]) => {
    const res = await shop.api({ method: 'POST', url: '/api/v1/customers', payload: { name: phone, phone } });
    if (res.statusCode !== 201) throw new Error(`customer: ${res.statusCode} ${res.body}`);
    const id = res.json().id as string;
    await inTenant(h.db.knex, shop.tenantId, (trx) => Promise.all(identities.map(([appid, openid]) =>
      trx('customer_wechat_identities').insert({ tenant_id: shop.tenantId, appid, openid, customer_id: id }))));
    return id;
  };
  const both = await customer(a, '13900000001', [['wx-mall', 'o-mall-1'], ['wx-oa', 'o-oa-1']]);
  const official = await customer(a, '13900000002', [['wx-oa', 'o-oa-2']]);
  const none = await customer(a, '13900000003', []);
  const elsewhere = await customer(b, '13900000004', [['wx-mall', 'o-mall-b']]);
  const openids = await asPlugin(a, 'facade-reader', (kernel) => kernel.customers.openids('wx-mall', [both, official, none, elsewhere, both]));
  t.same([...openids], [[both, 'o-mall-1']], 'only the mall appid\'s, only this merchant\'s customers');
  t.same([...await asPlugin(a, 'facade-reader', (kernel) => kernel.customers.openids('wx-mall', []))], [], 'none asked, none read');
});

t.test('a plugin without the capability is refused', async (t) => {
  const calls: [string, (kernel: KernelFacade) => Promise<unknown>][] = [
    ['orders:read', (kernel) => kernel.orders.receipt(lastPaid)],
    ['orders:read', (kernel) => kernel.orders.list({ storeId: a.storeIds[0] })],
    ['stores:read', (kernel) => kernel.stores.get(a.storeIds[0])],
    ['stores:read', (kernel) => kernel.stores.list()],
    ['customers:read', (kernel) => kernel.customers.openids('wx-mall', [])],
  ];
  for (const [capability, call] of calls) {
    await t.rejects(asPlugin(a, 'facade-bare', call), { message: `Plugin facade-bare used ${capability} without declaring it in its permissions` });
  }
});

t.test('the plugin centre names each capability in zh and en', async (t) => {
  const listed = (await a.api({ method: 'GET', url: '/api/v1/plugins' })).json().find((p: { id: string }) => p.id === 'facade-reader');
  t.same(listed.capabilities, [
    { name: 'orders:read', label: { zh: '读取订单、明细、支付和小票', en: 'Read orders, lines, payments and receipts' } },
    { name: 'stores:read', label: { zh: '读取门店（名称、地址、电话）', en: 'Read stores (names, addresses, phones)' } },
    { name: 'customers:read', label: { zh: '读取会员', en: 'Read customers' } },
  ]);
});
