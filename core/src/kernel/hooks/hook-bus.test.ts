import t from 'tap';
import { startTestApp } from '../../testing/test-app.ts';
import { createShop } from '../../testing/shop.ts';
import { enablePlugin, installPlugin } from '../../testing/plugins.ts';
import { definePlugin } from '../plugins/define-plugin.ts';
import { HookBus } from './hook-bus.ts';

const base = (id: string) => ({ id, version: '1.0.0', kernel: '^1.0.0', name: { zh: id, en: id } });
const note = (id: string, amountFen: number) => definePlugin({
  ...base(id),
  hooks: (h) => h.tap('checkout.price', async (draft) => ({ ...draft, adjustments: [...draft.adjustments, { source: '', kind: id, amountFen, reason: id }] }),
    id === 'second' ? { before: ['first'] } : {}),
});

t.test('hooks: order, time budget, bail results, and registration checks', async (t) => {
  const slow = definePlugin({
    ...base('slow'),
    hooks: (h) => h.tap('checkout.validate', () => new Promise((resolve) => setTimeout(resolve, 1000)), { timeoutMs: 50 }),
  });
  const scanner = definePlugin({
    ...base('scanner'),
    hooks: (h) => h.tap('pos.scan', async (scan) => scan.code.startsWith('CPN')
      ? { kind: 'coupon', label: `券 ${scan.code}`, data: { code: scan.code } } : undefined),
  });
  const h = await startTestApp({ plugins: [note('first', -1), note('second', -2), slow, scanner] });
  t.teardown(h.close);
  for (const id of ['first', 'second', 'slow', 'scanner']) await installPlugin(h, id);
  const shop = await createShop(h);
  const cart = { storeId: shop.storeIds[0], lines: [{ skuId: shop.skus.cola.id, quantity: 1 }] };

  await enablePlugin(shop, 'first');
  await enablePlugin(shop, 'second');
  const quote = (await shop.api({ method: 'POST', url: '/api/v1/checkout/price', payload: cart })).json();
  t.same(quote.adjustments.map((a: { source: string }) => a.source), ['second', 'first'], '`before` orders the taps, whatever the load order');

  await enablePlugin(shop, 'slow');
  const timedOut = await shop.api({ method: 'POST', url: '/api/v1/orders', payload: cart });
  t.equal(timedOut.statusCode, 504);
  t.equal(timedOut.json().code, 'LS_PLUGIN_HOOK_TIMEOUT');
  t.equal(timedOut.json().plugin, 'slow');
  await shop.api({ method: 'POST', url: '/api/v1/plugins/slow/disable' });

  const scan = (code: string) => h.as(shop.cashierToken)({ method: 'POST', url: '/api/v1/pos/scan', payload: { storeId: shop.storeIds[0], code } });
  t.equal((await scan('CPN-0001')).statusCode, 404, 'the scanner is not enabled yet');
  await enablePlugin(shop, 'scanner');
  const coupon = await scan('CPN-0001');
  t.same(coupon.json(), { kind: 'coupon', label: '券 CPN-0001', source: 'scanner', data: { code: 'CPN-0001' } });
  const product = await scan(shop.skus.cola.barcode);
  t.equal(product.json().kind, 'sku', 'a product barcode is the kernel\'s');
  t.equal(product.json().source, 'kernel');
  t.equal((await scan('nothing-like-it')).json().field, 'code');
});

t.test('registration fails at once for an unknown hook or a non-function', async (t) => {
  const bus = new HookBus();
  t.throws(() => bus.register('p', 'order.exploded' as never, (async () => undefined) as never), /unknown hook "order.exploded"/);
  t.throws(() => bus.register('p', 'order.paid', 'later' as never), /non-function/);
});
