import type { WeeklySlots } from '../../src/coupon.ts';
import { chinaDate, type Coupon } from './api.ts';

/** The form's values: money in 元 (the API takes fen), dates as China dates, the weekly slots behind a switch. */
export interface FormValues {
  scene: Coupon['scene']; name: string; scopeText: string; type: Coupon['type'];
  thresholdFen: number; amountFen?: number; discountPercent?: number; maxCoupons: number; perUserLimit: number;
  availableFrom?: string; availableUntil: string; daysAfterClaim?: number; codeMode: Coupon['codeMode'];
  scope: Coupon['scope']; storeIds?: string[]; skuIds?: string[]; weeklyOn: boolean; weekly?: WeeklySlots;
}

const toFen = (yuan: number | undefined) => (yuan === undefined || yuan === null ? undefined : Math.round(yuan * 100));
const toYuan = (fen: number | null) => (fen === null ? undefined : fen / 100);
const inDays = (days: number) => chinaDate(new Date(Date.now() + days * 86_400_000).toISOString());

export const newCouponValues = (): Partial<FormValues> => ({
  scene: 'both', type: 'fixed', thresholdFen: 0, perUserLimit: 1, maxCoupons: 100, codeMode: 'wechat', availableUntil: inDays(30),
  scope: 'all', weeklyOn: false,
});

/** The weekly slots as the API takes them: days in order, no `slots` for the whole day. */
function weeklyBody({ weekDays, slots }: WeeklySlots): WeeklySlots {
  return { weekDays: [...weekDays].sort((a, b) => a - b), ...(slots?.length ? { slots } : {}) };
}

/** What the API takes from the form: fen, the window's China dates as instants, scope and slots only when set. */
export function toBody(values: FormValues) {
  const { thresholdFen, amountFen, availableFrom, availableUntil, storeIds, skuIds, weeklyOn, weekly, ...rest } = values;
  return {
    ...rest, thresholdFen: toFen(thresholdFen) ?? 0, amountFen: values.type === 'discount' ? undefined : toFen(amountFen),
    discountPercent: values.type === 'discount' ? values.discountPercent : undefined,
    availableFrom: availableFrom ? new Date(`${availableFrom}T00:00:00+08:00`).toISOString() : undefined,
    availableUntil: new Date(`${availableUntil}T23:59:59+08:00`).toISOString(),
    ...(values.scope === 'chosen' ? { storeIds, skuIds } : {}),
    weekly: weeklyOn && weekly ? weeklyBody(weekly) : undefined,
  };
}

export function toValues(coupon: Coupon): FormValues {
  return {
    scene: coupon.scene, name: coupon.name, scopeText: coupon.scopeText, type: coupon.type, thresholdFen: coupon.thresholdFen / 100,
    amountFen: toYuan(coupon.amountFen), discountPercent: coupon.discountPercent ?? undefined, maxCoupons: coupon.maxCoupons,
    perUserLimit: coupon.perUserLimit, availableFrom: chinaDate(coupon.availableFrom), availableUntil: chinaDate(coupon.availableUntil),
    daysAfterClaim: coupon.daysAfterClaim ?? undefined, codeMode: coupon.codeMode,
    scope: coupon.scope, storeIds: coupon.storeIds, skuIds: coupon.skuIds, weeklyOn: coupon.weekly !== null, weekly: coupon.weekly ?? undefined,
  };
}
