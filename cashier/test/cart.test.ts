import t from 'tap';
import {
  addSku, checkoutLines, clearPluginInput, emptyCart, localQuote, mergePluginInput, setDiscount, setGift, setQuantity, type Sku,
} from '../src/lib/cart.ts';

const cola: Sku = { id: 'cola', productId: 'p1', name: '可乐', specText: '', barcode: '690', code: null, priceFen: 350, weighed: false, unit: '瓶' };
const apple: Sku = { id: 'apple', productId: 'p2', name: '苹果', specText: '', barcode: null, code: 'PLU1', priceFen: 1280, weighed: true, unit: 'kg' };

t.test('pieces add up on one line; weighed goods and priced labels are lines of their own', async (t) => {
  let cart = addSku(emptyCart, cola);
  cart = addSku(cart, cola, { quantity: 2 });
  t.equal(cart.lines.length, 1);
  t.equal(cart.lines[0]!.quantity, 3);
  cart = addSku(cart, apple, { weightGrams: 512 });
  cart = addSku(cart, apple, { weightGrams: 300 });
  t.equal(cart.lines.length, 3, 'each weighing is a line');
  cart = addSku(cart, cola, { priceFen: 300 });
  t.equal(cart.lines.length, 4, 'a scale label with a price is a line');
  t.equal(addSku(cart, apple).lines.length, 4, 'a weighed SKU without a weight adds nothing');
  t.strictSame(checkoutLines(cart), [
    { skuId: 'cola', quantity: 3 }, { skuId: 'apple', quantity: 512 }, { skuId: 'apple', quantity: 300 },
    { skuId: 'cola', quantity: 1, barcodePriceFen: 300 },
  ]);
  t.equal(setQuantity(cart, cart.lines[0]!.key, 0).lines.length, 3, 'zero takes the line out');
});

t.test('local price: weight by the gram, gifts, discounts and the store rounding', async (t) => {
  let cart = addSku(emptyCart, cola, { quantity: 2 });
  cart = addSku(cart, apple, { weightGrams: 1234 });
  // 700 + round(1280 × 1.234) = 700 + 1580 = 2280
  t.strictSame(localQuote(cart, 'none'), {
    lines: [{ key: 'l1', baseFen: 700, totalFen: 700 }, { key: 'l2', baseFen: 1580, totalFen: 1580 }],
    subtotalFen: 2280, roundingFen: 0, totalFen: 2280,
  });
  t.equal(localQuote(cart, 'drop_jiao').totalFen, 2200);
  t.equal(localQuote(cart, 'drop_jiao').roundingFen, -80);
  const discounted = setDiscount(cart, 'l2', { percent: 88 });
  t.equal(localQuote(discounted, 'none').lines[1]!.totalFen, 1390, '八八折 of 1580 = 1390.4 → 1390');
  const gift = setGift(discounted, 'l1', true);
  t.equal(localQuote(gift, 'none').totalFen, 1390, 'a gift is free');
  t.notOk(setGift(discounted, 'l2', true).lines[1]!.discount, 'a gift drops the discount');
  t.strictSame(checkoutLines(gift)[0], { skuId: 'cola', quantity: 2, gift: true });
});

t.test('plugin inputs merge per plugin with a note, and clear', async (t) => {
  let cart = mergePluginInput(emptyCart, 'coupon', { code: 'C1' }, '满10减2');
  cart = mergePluginInput(cart, 'greetings', { templateId: 't1' });
  t.strictSame(cart.pluginInputs, { coupon: { code: 'C1' }, greetings: { templateId: 't1' } });
  t.strictSame(cart.notes, [{ source: 'coupon', label: '满10减2' }]);
  cart = clearPluginInput(cart, 'coupon');
  t.strictSame(cart.pluginInputs, { greetings: { templateId: 't1' } });
  t.strictSame(cart.notes, []);
});
