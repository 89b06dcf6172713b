import type { Coupon } from './coupon.ts';

/** China has one time zone and no daylight saving: UTC+8 all year. */
const CHINA_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

export function chinaClock(at: Date): { weekDay: number; second: number } {
  const local = new Date(at.getTime() + CHINA_OFFSET_MS);
  return { weekDay: local.getUTCDay(), second: local.getUTCHours() * 3600 + local.getUTCMinutes() * 60 + local.getUTCSeconds() };
}

/**
 * When a coupon claimed at `claimedAt` may be used: from the claim (or the stock's start, if
 * later) to the stock's end, or to N days after the claim when that comes first.
 */
export function claimWindow(coupon: Pick<Coupon, 'availableFrom' | 'availableUntil' | 'daysAfterClaim'>, claimedAt: Date) {
  const validFrom = new Date(Math.max(claimedAt.getTime(), coupon.availableFrom.getTime()));
  const end = coupon.daysAfterClaim === null
    ? coupon.availableUntil.getTime()
    : Math.min(coupon.availableUntil.getTime(), validFrom.getTime() + coupon.daysAfterClaim * DAY_MS);
  return { validFrom, validUntil: new Date(end) };
}

/** Inside the weekly days and time slots (China time), or no weekly rule. */
export function inWeeklySlots(weekly: Coupon['weekly'], at: Date): boolean {
  if (!weekly) return true;
  const { weekDay, second } = chinaClock(at);
  if (!weekly.weekDays.includes(weekDay)) return false;
  return !weekly.slots?.length || weekly.slots.some((slot) => second >= slot.begin && second < slot.end);
}

export interface CartLine {
  skuId: string;
  /** What the line costs before this coupon: its base price plus the adjustments made so far. */
  amountFen: number;
  gift: boolean;
}

export interface UseContext {
  storeId: string;
  channel: 'pos' | 'mall';
  lines: CartLine[];
  now: Date;
}

export type Refusal = { reason: string; message: string };
export type Usable = { discountFen: number; eligibleFen: number; shares: { lineIndex: number; amountFen: number }[] };

const yuan = (fen: number) => (fen / 100).toFixed(2);

/** Splits an amount over lines in proportion to what each costs (largest remainder), so line refunds are exact. */
export function allocate(amounts: number[], total: number): number[] {
  const sum = amounts.reduce((a, b) => a + b, 0);
  if (sum === 0) return amounts.map(() => 0);
  const exact = amounts.map((amount) => (amount * total) / sum);
  const shares = exact.map(Math.floor);
  let left = total - shares.reduce((a, b) => a + b, 0);
  const order = exact.map((value, index) => ({ index, rest: value - Math.floor(value) })).sort((a, b) => b.rest - a.rest || a.index - b.index);
  for (const { index } of order) {
    if (left === 0) break;
    shares[index]! += 1;
    left -= 1;
  }
  return shares;
}

/** The discount a coupon gives on the amount it applies to. */
export function discountOn(coupon: Pick<Coupon, 'type' | 'amountFen' | 'discountPercent'>, eligibleFen: number): number {
  if (coupon.type === 'fixed') return Math.min(coupon.amountFen!, eligibleFen);
  if (coupon.type === 'discount') return eligibleFen - Math.round((eligibleFen * coupon.discountPercent!) / 100);
  return Math.max(0, eligibleFen - coupon.amountFen!);
}

/**
 * Whether a coupon the customer holds can be used on this cart, and how much it takes off:
 * the scene (线上/线下), the store, the window and weekly slots, the products, the threshold.
 * The claim's own state (used, locked) is the caller's concern.
 */
export function evaluate(
  coupon: Coupon, validity: { validFrom: Date; validUntil: Date }, use: UseContext,
): { ok: true; value: Usable } | { ok: false; refusal: Refusal } {
  const refuse = (reason: string, message: string) => ({ ok: false as const, refusal: { reason, message } });
  if (use.channel === 'mall' && coupon.scene === 'offline') return refuse('scene', '该券仅限门店使用');
  if (use.channel === 'pos' && coupon.scene === 'online') return refuse('scene', '该券仅限线上商城使用');
  if (!coupon.allStores && !coupon.storeIds.includes(use.storeId)) return refuse('store', '该券不适用于本门店');
  if (use.now < validity.validFrom) return refuse('not-started', '该券尚未到可用时间');
  if (use.now >= validity.validUntil) return refuse('expired', '该券已过期');
  if (!inWeeklySlots(coupon.weekly, use.now)) return refuse('time-slot', '当前时段不可用');
  const eligible = use.lines
    .map((line, lineIndex) => ({ lineIndex, amountFen: line.amountFen, ok: !line.gift && line.amountFen > 0 && (coupon.allStores || coupon.skuIds.includes(line.skuId)) }))
    .filter((line) => line.ok);
  if (eligible.length === 0) return refuse('products', '购物车中没有适用该券的商品');
  const eligibleFen = eligible.reduce((sum, line) => sum + line.amountFen, 0);
  if (eligibleFen < coupon.thresholdFen) return refuse('threshold', `适用商品满${yuan(coupon.thresholdFen)}元可用，还差${yuan(coupon.thresholdFen - eligibleFen)}元`);
  const discountFen = discountOn(coupon, eligibleFen);
  const split = allocate(eligible.map((line) => line.amountFen), discountFen);
  return { ok: true, value: { discountFen, eligibleFen, shares: eligible.map((line, i) => ({ lineIndex: line.lineIndex, amountFen: split[i]! })) } };
}
