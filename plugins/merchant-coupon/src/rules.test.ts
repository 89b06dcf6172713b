import t from 'tap';
import fc from 'fast-check';
import type { Coupon } from './coupon.ts';
import { checkCouponInput } from './coupon-input.ts';
import { allocate, chinaClock, claimWindow, discountOn, evaluate, inWeeklySlots } from './rules.ts';
import { characters, checkText, limitBroken, NAME_LIMIT, SCOPE_LIMIT, utf8Bytes } from './text-limits.ts';

t.test('byte counting: a Latin letter or digit is 1, a Chinese character 3, an emoji 4', async (t) => {
  t.equal(utf8Bytes('abc123'), 6);
  t.equal(utf8Bytes('满减券'), 9);
  t.equal(utf8Bytes('满10减2'), 3 + 2 + 3 + 1);
  t.equal(utf8Bytes('🎉'), 4);
  t.equal(characters('🎉满a'), 3, 'WeChat counts characters (code points)');
  t.equal(limitBroken('一二三四五六', NAME_LIMIT), null, '6 Chinese = 18 bytes: within 20');
  t.same(limitBroken('一二三四五六七', NAME_LIMIT), { unit: 'bytes', limit: 20, length: 21 });
  t.same(limitBroken('a'.repeat(20), NAME_LIMIT), null);
  t.same(limitBroken('一二三四五', SCOPE_LIMIT), null, '15 bytes exactly');
  t.same(limitBroken('一二三四五a', SCOPE_LIMIT), { unit: 'bytes', limit: 15, length: 16 });
  t.same(limitBroken('🎉🎉🎉🎉🎉a', NAME_LIMIT), { unit: 'bytes', limit: 20, length: 21 }, 'emoji count 4 each');
  t.throws(() => checkText('一二三四五六七', NAME_LIMIT), { code: 'LS_MERCHANT_COUPON_TEXT_TOO_LONG', field: 'name', extra: { limit: 20, unit: 'bytes' } });
  t.throws(() => checkText('   ', SCOPE_LIMIT), { code: 'LS_MERCHANT_COUPON_INPUT_INVALID', field: 'scopeText' });
});

t.test('property: a text passes exactly when its UTF-8 bytes and its characters are within both limits', async () => {
  const piece = fc.constantFrom('a', 'Z', '7', '满', '减', '券', '🎉', 'é', ' ');
  fc.assert(fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
    const text = pieces.join('');
    const bytes = Buffer.byteLength(text, 'utf8');
    const ok = bytes <= NAME_LIMIT.maxBytes && [...text].length <= NAME_LIMIT.maxCharacters;
    return (limitBroken(text, NAME_LIMIT) === null) === ok;
  }));
  fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (text) => {
    const broken = limitBroken(text, SCOPE_LIMIT);
    return broken === null ? utf8Bytes(text) <= 15 : broken.length > broken.limit;
  }));
});

t.test('property: allocate splits an amount exactly, in proportion', async () => {
  fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 100_000 }), { minLength: 1, maxLength: 20 }), fc.integer({ min: 0, max: 100_000 }), (amounts, total) => {
    const sum = amounts.reduce((a, b) => a + b, 0);
    const shares = allocate(amounts, total);
    if (sum === 0) return shares.every((s) => s === 0);
    return shares.reduce((a, b) => a + b, 0) === total && shares.every((share, i) => Math.abs(share - (amounts[i]! * total) / sum) < 1);
  }));
});

t.test('discounts by type', async (t) => {
  t.equal(discountOn({ type: 'fixed', amountFen: 500, discountPercent: null }, 1200), 500);
  t.equal(discountOn({ type: 'fixed', amountFen: 500, discountPercent: null }, 300), 300, 'never more than the goods cost');
  t.equal(discountOn({ type: 'discount', amountFen: null, discountPercent: 88 }, 1000), 120, '8.8折 of 10元 takes 1.20');
  t.equal(discountOn({ type: 'exchange', amountFen: 990, discountPercent: null }, 1250), 260, 'pay 9.90 for it');
});

const base: Coupon = {
  id: 'c', name: '满10减2', scopeText: '全场', scene: 'both', type: 'fixed', thresholdFen: 1000, amountFen: 200, discountPercent: null,
  maxCoupons: 10, perUserLimit: 1, availableFrom: new Date('2026-12-01T00:00:00+08:00'), availableUntil: new Date('2026-12-31T00:00:00+08:00'),
  daysAfterClaim: null, weekly: null, allStores: true, storeIds: [], skuIds: [], codeMode: 'wechat', state: 'running', outRequestNo: 'x',
  stockId: '1', wechatState: 'RUNNING', wechatSentCount: 0, syncedAt: null, claimedCount: 0, usedCount: 0, uploadedCount: 0, createdAt: new Date(), updatedAt: new Date(),
};

t.test('windows: from the claim (or the start) to the end, or N days after the claim', async (t) => {
  const early = claimWindow(base, new Date('2026-11-20T10:00:00+08:00'));
  t.same(early, { validFrom: base.availableFrom, validUntil: base.availableUntil }, 'claimed before the start: usable from the start');
  const days = claimWindow({ ...base, daysAfterClaim: 3 }, new Date('2026-12-10T10:00:00+08:00'));
  t.same(days.validUntil, new Date('2026-12-13T10:00:00+08:00'));
  const late = claimWindow({ ...base, daysAfterClaim: 3 }, new Date('2026-12-30T10:00:00+08:00'));
  t.same(late.validUntil, base.availableUntil, 'never past the stock\'s end');
});

t.test('weekly slots are in China time', async (t) => {
  const friday9pmChina = new Date('2026-12-04T21:00:00+08:00');
  t.same(chinaClock(friday9pmChina), { weekDay: 5, second: 21 * 3600 });
  t.ok(inWeeklySlots({ weekDays: [5], slots: [{ begin: 20 * 3600, end: 22 * 3600 }] }, friday9pmChina));
  t.notOk(inWeeklySlots({ weekDays: [5], slots: [{ begin: 9 * 3600, end: 12 * 3600 }] }, friday9pmChina));
  t.notOk(inWeeklySlots({ weekDays: [6, 0] }, friday9pmChina), 'weekends only');
  t.ok(inWeeklySlots(null, friday9pmChina));
});

t.test('evaluate: scene, store, window, slots, products, threshold', async (t) => {
  const validity = { validFrom: base.availableFrom, validUntil: base.availableUntil };
  const now = new Date('2026-12-10T12:00:00+08:00');
  const use = { storeId: 's1', channel: 'mall' as 'pos' | 'mall', lines: [{ skuId: 'k1', amountFen: 800, gift: false }, { skuId: 'k2', amountFen: 400, gift: false }], now };
  t.match(evaluate(base, validity, use), { ok: true, value: { discountFen: 200, eligibleFen: 1200 } });
  const reason = (coupon: Partial<Coupon>, over: Partial<typeof use> = {}) => {
    const result = evaluate({ ...base, ...coupon }, validity, { ...use, ...over });
    return result.ok ? 'ok' : result.refusal.reason;
  };
  t.equal(reason({ scene: 'offline' }), 'scene');
  t.equal(reason({ scene: 'online' }, { channel: 'pos' }), 'scene');
  t.equal(reason({ allStores: false, storeIds: ['s2'], skuIds: ['k1'] }), 'store');
  t.equal(reason({}, { now: new Date('2026-11-30T12:00:00+08:00') }), 'not-started');
  t.equal(reason({}, { now: new Date('2026-12-31T00:00:00+08:00') }), 'expired', 'the end is exclusive');
  t.equal(reason({ weekly: { weekDays: [0] } }), 'time-slot', 'a Thursday');
  t.equal(reason({ allStores: false, storeIds: ['s1'], skuIds: ['k9'] }), 'products');
  t.equal(reason({ allStores: false, storeIds: ['s1'], skuIds: ['k1'] }), 'threshold', 'only the chosen SKU counts towards the threshold');
  const chosen = evaluate({ ...base, thresholdFen: 500, allStores: false, storeIds: ['s1'], skuIds: ['k1'] }, validity, use);
  t.match(chosen, { ok: true, value: { discountFen: 200, shares: [{ lineIndex: 0, amountFen: 200 }] } }, 'the discount lands on the chosen line');
  t.equal(reason({}, { lines: [{ skuId: 'k1', amountFen: 1200, gift: true }] }), 'products', 'gifts never count');
});

/** The field a refused input names, or "accepted". */
function refusedField(fn: () => unknown): string {
  try {
    fn();
    return 'accepted';
  } catch (error) {
    return (error as { field: string }).field;
  }
}

t.test('create input: rules between fields name the field at fault', async (t) => {
  const now = new Date('2026-12-01T00:00:00Z');
  const ok = { name: '满10减2', scopeText: '全场', maxCoupons: 10, availableUntil: '2026-12-31T00:00:00Z', amountFen: 200, thresholdFen: 1000 };
  t.match(checkCouponInput(ok, now), { type: 'fixed', scene: 'both', allStores: true, availableFrom: now, codeMode: 'wechat', perUserLimit: 1 }, 'the effective time may be empty');
  const cases: [Record<string, unknown>, string][] = [
    [{ name: '一二三四五六七' }, 'name'],
    [{ scopeText: '一二三四五六' }, 'scopeText'],
    [{ amountFen: undefined }, 'amountFen'],
    [{ amountFen: 2000 }, 'amountFen'],
    [{ type: 'discount', discountPercent: 88 }, 'amountFen'],
    [{ type: 'discount', amountFen: undefined }, 'discountPercent'],
    [{ discountPercent: 88 }, 'discountPercent'],
    [{ availableFrom: '2027-01-01T00:00:00Z' }, 'availableUntil'],
    [{ availableUntil: '2026-11-01T00:00:00Z', availableFrom: '2026-10-01T00:00:00Z' }, 'availableUntil'],
    [{ weekly: { weekDays: [1], slots: [{ begin: 3600, end: 3600 }] } }, 'weekly.slots.0.end'],
    [{ scope: 'chosen', skuIds: ['k'] }, 'storeIds'],
    [{ scope: 'chosen', storeIds: ['s'] }, 'skuIds'],
    [{ storeIds: ['s'] }, 'storeIds'],
  ];
  for (const [change, field] of cases) {
    t.equal(refusedField(() => checkCouponInput({ ...ok, ...change } as never, now)), field, `${JSON.stringify(change)} → ${field}`);
  }
});
