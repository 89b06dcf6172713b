import t from 'tap';
import fc from 'fast-check';
import { allocate } from './pricing.ts';

t.test('allocate spreads an order-level amount over the lines exactly', async (t) => {
  t.same(allocate([300, 700], -100), [-30, -70], 'in proportion');
  t.same(allocate([1, 1, 1], -2), [-1, -1, 0], 'largest remainder, first line first on ties');
  t.same(allocate([100, 50], -1000), [-100, -50], 'a discount takes no more than the lines cost');
  t.same(allocate([100, 50], 30), [20, 10], 'a charge is spread like a discount');
  t.same(allocate([0, 0], 500), [500, 0], 'a charge on free goods (all gifts) still gets paid: the first line carries it');
  t.same(allocate([0, 0], -500), [0, 0], 'a discount on free goods takes nothing');
  t.same(allocate([], 500), []);
  fc.assert(fc.property(fc.array(fc.nat(1_000_000), { minLength: 1, maxLength: 30 }), fc.integer({ min: -5_000_000, max: 5_000_000 }), (totals, amount) => {
    const shares = allocate(totals, amount);
    const sum = totals.reduce((a, b) => a + b, 0);
    const spread = shares.reduce((a, b) => a + b, 0);
    const expected = amount < 0 ? -Math.min(-amount, sum) : amount;
    return spread === expected && shares.every((share, i) => (amount < 0 ? share <= 0 && -share <= totals[i]! : share >= 0));
  }));
});
