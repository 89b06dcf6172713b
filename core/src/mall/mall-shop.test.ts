import t from 'tap';
import { startTestApp } from '../testing/test-app.ts';
import { createShop, onHand } from '../testing/shop.ts';
import { addStaff } from '../testing/merchant.ts';
import { installPlugin, enablePlugin } from '../testing/plugins.ts';
import { definePlugin } from '../kernel/plugins/define-plugin.ts';
import { inTenant } from '../db/tenant-tx.ts';
import { createProduct } from '../catalog/products.service.ts';
import { DEMO_SMS_CODE } from './mall-entry.service.ts';

// A plugin with a mall block and a price tap reading its pluginInputs, as greetings and coupons are.
const promo = definePlugin({
  id: 'test-mall-promo', version: '1.0.0', kernel: '^1.0.0', name: { zh: '测试满减', en: 'Test promo' },
  hooks: (h) => h.tap('checkout.price', async (draft, ctx) => (ctx.input as { code?: string } | undefined)?.code === 'MINUS1'
    ? { ...draft, adjustments: [...draft.adjustments, { source: 'test-mall-promo', kind: 'coupon', amountFen: -100, reason: '立减1元' }] }
    : draft),
  mall: { blocks: [{ key: 'note', slot: 'home', label: { zh: '公告', en: 'Notice' }, block: { type: 'text', text: { zh: '满减', en: 'Promo' } } }] },
});

const h = await startTestApp({ wechatpaySandbox: true, plugins: [promo] });
t.teardown(h.close);
await installPlugin(h, 'test-mall-promo');
const shop = await createShop(h);
await enablePlugin(shop, 'test-mall-promo');
const [store1, store2] = shop.storeIds;

async function signIn(phone: string) {
  const res = await h.app.inject({ method: 'POST', url: '/api/v1/mall/auth/phone', payload: { merchantId: shop.tenantId, phone, code: DEMO_SMS_CODE } });
  return h.as(res.json().accessToken as string);
}
const alice = await signIn('13800000011');
const bob = await signIn('13800000012');

t.test('browsing: home blocks by label, paged listing with stock of the store, search, product with per-SKU price and stock', async (t) => {
  await inTenant(h.db.knex, shop.tenantId, async (trx) => {
    await createProduct(trx, shop.tenantId, { name: '促销饼干', labels: ['促销'], skus: [{ specValues: {}, priceFen: 500 }] });
    await createProduct(trx, shop.tenantId, { name: '下架商品', status: 'off_sale', skus: [{ specValues: {}, priceFen: 500 }] });
  });
  const home = await alice({ method: 'GET', url: `/api/v1/mall/home?storeId=${store1}` });
  t.equal(home.statusCode, 200, home.body);
  t.same(home.json().promoted.map((p: { name: string }) => p.name), ['促销饼干']);

  const page = await alice({ method: 'GET', url: `/api/v1/mall/products?storeId=${store1}&_start=0&_end=2&_sort=price&_order=desc` });
  t.equal(page.statusCode, 200, page.body);
  t.equal(page.headers['x-total-count'], '5', 'on-sale products only');
  t.same(page.json().map((p: { name: string }) => p.name), ['T恤', '红富士苹果']);
  t.equal(page.json()[0].stock, 200, 'both T-shirt SKUs in store 1');
  const inStore2 = await alice({ method: 'GET', url: `/api/v1/mall/products?storeId=${store2}&q=kkkl` });
  t.same(inStore2.json().map((p: { name: string; stock: number }) => [p.name, p.stock]), [['可口可乐330ml', 0]], 'pinyin search; no stock in store 2');
  const search = async (q: string) => ((await alice({ method: 'GET', url: `/api/v1/mall/products?storeId=${store1}&q=${encodeURIComponent(q)}` })).json() as { name: string }[]).map((p) => p.name);
  t.same(await search('330ML'), ['可口可乐330ml'], 'the name in any case');
  t.same(await search('KKKL'), ['可口可乐330ml'], 'the pinyin in any case');
  t.same(await search('可乐'), ['可口可乐330ml'], 'Chinese in the name');
  t.same(await search('mlkk'), [], 'no match across the name and the pinyin');
  t.same(await search('50%'), [], '% is a character, not a wildcard');

  const tee = await alice({ method: 'GET', url: `/api/v1/mall/products/${shop.skus.teeRed.productId}?storeId=${store1}` });
  t.equal(tee.statusCode, 200, tee.body);
  t.same(tee.json().specs, [{ name: '颜色', values: ['红', '蓝'] }]);
  t.same(tee.json().skus.map((s: { specText: string; priceFen: number; stock: number }) => [s.specText, s.priceFen, s.stock]), [['红', 9900, 100], ['蓝', 9900, 100]]);
  const badStore = await alice({ method: 'GET', url: `/api/v1/mall/products?storeId=${shop.skus.cola.id}` });
  t.equal(badStore.json().field, 'storeId');

  const extensions = await alice({ method: 'GET', url: '/api/v1/mall/extensions' });
  t.equal(extensions.statusCode, 200, extensions.body);
  t.match(extensions.json().blocks, [{ key: 'note', slot: 'home', pluginId: 'test-mall-promo', block: { type: 'text' } }]);
});

t.test('cart price through the shared quote: plugin inputs and the store\'s delivery fees', async (t) => {
  await shop.api({ method: 'PATCH', url: `/api/v1/stores/${store1}/settings`, payload: {
    delivery: { sameCity: { enabled: true, feeFen: 500, freeAboveFen: 5000 }, express: { enabled: true, feeFen: 1000 } },
  } });
  const lines = [{ skuId: shop.skus.cola.id, quantity: 2 }];
  const quote = (body: object) => alice({ method: 'POST', url: '/api/v1/mall/cart/quote', payload: { storeId: store1, lines, ...body } });
  const pickup = await quote({ pluginInputs: { 'test-mall-promo': { code: 'MINUS1' } } });
  t.equal(pickup.statusCode, 200, pickup.body);
  t.match(pickup.json(), { subtotalFen: 700, totalFen: 600, deliveryMode: 'pickup', deliveryFeeFen: 0, payableFen: 600 });
  t.equal(pickup.json().adjustments[0].source, 'test-mall-promo');
  t.match((await quote({ deliveryMode: 'same_city' })).json(), { deliveryFeeFen: 500, payableFen: 1200 });
  const big = await alice({ method: 'POST', url: '/api/v1/mall/cart/quote', payload: { storeId: store1, lines: [{ skuId: shop.skus.teeRed.id, quantity: 1 }], deliveryMode: 'same_city' } });
  t.match(big.json(), { deliveryFeeFen: 0, payableFen: 9900 }, 'free above 50 元');
  // The fee is part of the kernel's pricing: it sees the goods after the plugins' discounts, and
  // the order's total (and every line's) includes it.
  const fourChips = { lines: [{ skuId: shop.skus.chips.id, quantity: 4 }], deliveryMode: 'same_city' };
  t.match((await quote(fourChips)).json(), { subtotalFen: 5000, deliveryFeeFen: 0, totalFen: 5000 }, 'goods of exactly 50 元 travel free');
  const discounted = (await quote({ ...fourChips, pluginInputs: { 'test-mall-promo': { code: 'MINUS1' } } })).json();
  t.match(discounted, { subtotalFen: 5000, deliveryFeeFen: 500, totalFen: 5400, payableFen: 5400 }, 'a discount below the free-above amount brings the fee back');
  t.match(discounted.adjustments, [{ source: 'test-mall-promo', amountFen: -100 }, { source: 'kernel', kind: 'delivery_fee', amountFen: 500, reason: '同城配送费' }]);
  t.equal(discounted.lines.reduce((sum: number, line: { totalFen: number }) => sum + line.totalFen, 0), 5400, 'the lines carry it');
  const refused = await alice({ method: 'POST', url: '/api/v1/mall/cart/quote', payload: { storeId: store2, lines, deliveryMode: 'express' } });
  t.equal(refused.statusCode, 400);
  t.same([refused.json().code, refused.json().field], ['LS_MALL_DELIVERY_UNAVAILABLE', 'deliveryMode']);
});

t.test('addresses, an express order with its fee, the order tabs, and cancelling gives the stock back', async (t) => {
  const noAddress = await alice({ method: 'POST', url: '/api/v1/mall/orders', payload: { storeId: store1, lines: [{ skuId: shop.skus.chips.id, quantity: 1 }], deliveryMode: 'express' } });
  t.equal(noAddress.json().field, 'addressId');
  const home = await alice({ method: 'POST', url: '/api/v1/mall/addresses', payload: { name: '张三', phone: '13800000011', region: '浙江省杭州市', detail: '文三路 1 号' } });
  t.equal(home.statusCode, 201, home.body);
  t.equal(home.json().isDefault, true, 'the first address is the default');
  const office = await alice({ method: 'POST', url: '/api/v1/mall/addresses', payload: { name: '张三', phone: '13800000011', detail: '办公室', isDefault: true } });
  const book = (await alice({ method: 'GET', url: '/api/v1/mall/addresses' })).json();
  t.same(book.map((a: { id: string; isDefault: boolean }) => [a.id, a.isDefault]), [[office.json().id, true], [home.json().id, false]]);
  const badPhone = await alice({ method: 'POST', url: '/api/v1/mall/addresses', payload: { name: '张三', phone: '123', detail: 'x' } });
  t.equal(badPhone.statusCode, 400);
  const stolen = await bob({ method: 'POST', url: '/api/v1/mall/orders', payload: { storeId: store1, lines: [{ skuId: shop.skus.chips.id, quantity: 1 }], deliveryMode: 'express', addressId: home.json().id } });
  t.same([stolen.statusCode, stolen.json().field], [404, 'addressId'], 'another customer\'s address is not found');

  const placed = await alice({ method: 'POST', url: '/api/v1/mall/orders', payload: {
    storeId: store1, lines: [{ skuId: shop.skus.chips.id, quantity: 2 }], deliveryMode: 'express', addressId: home.json().id, note: '放门口',
  } });
  t.equal(placed.statusCode, 201, placed.body);
  const order = placed.json();
  t.match(order, { channel: 'mall', status: 'pending_payment', subtotalFen: 2500, totalFen: 3500, dueFen: 3500, delivery: { mode: 'express', feeFen: 1000, pickupCode: null, address: { detail: '文三路 1 号' } } });
  t.match(order.adjustments, [{ source: 'kernel', kind: 'delivery_fee', amountFen: 1000, reason: '快递运费' }]);
  t.equal(await onHand(h, shop.tenantId, store1, shop.skus.chips.id), 98);

  const unpaid = await alice({ method: 'GET', url: '/api/v1/mall/orders?tab=unpaid' });
  t.equal(unpaid.headers['x-total-count'], '1');
  t.match(unpaid.json()[0], { id: order.id, storeName: '一号店', firstLine: { name: '薯片', count: 1 } });
  t.equal((await bob({ method: 'GET', url: `/api/v1/mall/orders/${order.id}` })).statusCode, 404, 'others\' orders do not exist');
  t.equal((await bob({ method: 'POST', url: `/api/v1/mall/orders/${order.id}/cancel` })).statusCode, 404);

  const cancelled = await alice({ method: 'POST', url: `/api/v1/mall/orders/${order.id}/cancel` });
  t.equal(cancelled.json().status, 'cancelled');
  t.equal(await onHand(h, shop.tenantId, store1, shop.skus.chips.id), 100);
  t.equal((await alice({ method: 'GET', url: '/api/v1/mall/orders?tab=cancelled' })).json().length, 1);
  const refund = await alice({ method: 'POST', url: `/api/v1/mall/orders/${order.id}/refund`, payload: {} });
  t.equal(refund.json().code, 'LS_ORDER_STATE_INVALID', 'an unpaid order is not refunded');
});

t.test('pickup: the code shown in the mall is completed at the till of that store only', async (t) => {
  h.app.payments.register({
    id: 'test-mall-pay', label: { zh: '测试支付', en: 'Test pay' }, channels: ['mall'], offline: false,
    collect: async () => ({ status: 'succeeded' }), refund: async () => ({ status: 'succeeded' }),
  });
  const placed = await alice({ method: 'POST', url: '/api/v1/mall/orders', payload: { storeId: store1, lines: [{ skuId: shop.skus.cola.id, quantity: 1 }] } });
  const order = placed.json();
  t.match(order.delivery.pickupCode, /^\d{8}$/);
  const code = order.delivery.pickupCode as string;
  t.equal((await alice({ method: 'POST', url: `/api/v1/mall/orders/${order.id}/confirm` })).statusCode, 409, 'pickup orders complete at the till');

  const till = h.as(shop.cashierToken);
  const early = await till({ method: 'POST', url: `/api/v1/pickups/${code}/complete` });
  t.equal(early.json().code, 'LS_ORDER_STATE_INVALID', 'unpaid goods are not handed over');
  await inTenant(h.db.knex, shop.tenantId, async (trx) => {
    const { payOrder } = await import('../payments/payments.service.ts');
    await payOrder(trx, { hooks: h.app.hooks, payments: h.app.payments, events: h.app.events }, shop.tenantId, order.id, [{ method: 'test-mall-pay', amountFen: 350 }]);
  });
  const manager2 = await addStaff(h, shop, 'store_manager', [store2]);
  t.equal((await manager2.api({ method: 'GET', url: `/api/v1/pickups/${code}` })).statusCode, 404, 'another store\'s staff do not see it');
  t.equal((await alice({ method: 'GET', url: `/api/v1/pickups/${code}` })).statusCode, 403, 'customers do not look codes up');
  const found = await till({ method: 'GET', url: `/api/v1/pickups/${code}` });
  t.equal(found.statusCode, 200, found.body);
  t.equal(found.json().id, order.id);
  const done = await till({ method: 'POST', url: `/api/v1/pickups/${code}/complete` });
  t.equal(done.statusCode, 200, done.body);
  t.equal(done.json().status, 'completed');
  t.ok(done.json().delivery.pickedUpAt);
  t.equal((await till({ method: 'POST', url: `/api/v1/pickups/${code}/complete` })).statusCode, 409, 'only once');
  t.equal((await till({ method: 'GET', url: '/api/v1/pickups/00000000' })).json().field, 'code');

  // The store reviews refund requests (refundApproval: manual, the default): the order waits for staff.
  const requested = await alice({ method: 'POST', url: `/api/v1/mall/orders/${order.id}/refund`, payload: { reason: '不想要了' } });
  t.equal(requested.statusCode, 200, requested.body);
  t.match(requested.json(), { status: 'completed', refundRequest: { state: 'requested' } });
  const approved = await shop.api({ method: 'POST', url: `/api/v1/refund-requests/${requested.json().refundRequest.id}/approve` });
  t.equal(approved.statusCode, 200, approved.body);
  const refunded = await alice({ method: 'GET', url: `/api/v1/mall/orders/${order.id}` });
  t.equal(refunded.json().status, 'refunded');
  t.equal(refunded.json().refunds[0].reason, '不想要了');
});
