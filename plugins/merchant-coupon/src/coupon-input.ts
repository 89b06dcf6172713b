import { objectSchema, text, timestamp, uuid } from '@lingshou/plugin-sdk';
import type { CodeMode, CouponType, Scene, WeeklySlots } from './coupon.ts';
import { errors } from './errors.ts';
import { checkText, NAME_LIMIT, SCOPE_LIMIT } from './text-limits.ts';

/**
 * The create fields. Titles and descriptions document them in the API docs; `maxLength` is
 * WeChat's character bound, and the description states the manual's byte rule, which the API
 * enforces (400 naming the field) and the admin page counts live (ui-src/coupon-form.tsx).
 */
export const couponFields = {
  scene: { type: 'string', enum: ['both', 'online', 'offline'], default: 'both', title: '可用场景', description: 'both 线上线下 / online 仅线上商城 / offline 仅门店' },
  name: { ...text(21, 1), title: '商家券名称', description: '最多20个字符：英文字母、数字算1个，汉字算3个（微信另限21字）' },
  scopeText: { ...text(15, 1), title: '适用商品范围', description: '必填（微信要求），最多15个字符：英文字母、数字算1个，汉字算3个' },
  type: { type: 'string', enum: ['fixed', 'discount', 'exchange'], default: 'fixed', title: '类型', description: 'fixed 满减 / discount 折扣 / exchange 换购' },
  // x-unit fen: the API speaks fen, the admin shows and takes 元 (docs/plugins.md §9).
  thresholdFen: { type: 'integer', minimum: 0, maximum: 100_000_000, default: 0, title: '门槛金额', 'x-unit': 'fen' },
  amountFen: { type: 'integer', minimum: 1, maximum: 100_000_000, title: '优惠金额或换购价', description: '满减：减多少；换购：付多少', 'x-unit': 'fen' },
  discountPercent: { type: 'integer', minimum: 1, maximum: 99, title: '折扣（88 = 8.8折）' },
  maxCoupons: { type: 'integer', minimum: 1, maximum: 1_000_000_000, title: '总库存（预算）' },
  perUserLimit: { type: 'integer', minimum: 1, maximum: 100, default: 1, title: '每人限领' },
  availableFrom: { ...timestamp, title: '生效时间', description: '可不填：保存即生效' },
  availableUntil: { ...timestamp, title: '核销截止时间' },
  daysAfterClaim: { type: 'integer', minimum: 1, maximum: 365, title: '领取后N天内有效' },
  weekly: {
    ...objectSchema({
      weekDays: { type: 'array', minItems: 1, maxItems: 7, uniqueItems: true, items: { type: 'integer', minimum: 0, maximum: 6 }, title: '每周可用日（0 = 周日）' },
      slots: {
        type: 'array', maxItems: 3, title: '可用时段（当日秒数）',
        items: objectSchema({ begin: { type: 'integer', minimum: 0, maximum: 86_399 }, end: { type: 'integer', minimum: 1, maximum: 86_400 } }, ['begin', 'end']),
      },
    }, ['weekDays']),
    title: '每周可用时段',
  },
  scope: { type: 'string', enum: ['all', 'chosen'], default: 'all', title: '适用范围', description: 'all 所有门店所有商品 / chosen 指定门店的指定商品' },
  storeIds: { type: 'array', maxItems: 500, uniqueItems: true, items: uuid, title: '指定门店' },
  skuIds: { type: 'array', maxItems: 2000, uniqueItems: true, items: uuid, title: '指定商品（SKU）' },
  codeMode: {
    type: 'string', enum: ['wechat', 'merchant', 'upload'], default: 'wechat', title: '券码',
    description: 'wechat 微信生成 / merchant 商户指定（每次领取由系统生成） / upload 商户上传券码（创建后在详情中上传，微信从中随机发放）',
  },
  state: { type: 'string', enum: ['running', 'paused', 'stopped'], title: '状态', description: 'running 发放中 / paused 暂停领取 / stopped 停止（不可恢复）' },
} as const;

export const couponBody = objectSchema(couponFields, ['name', 'scopeText', 'maxCoupons', 'availableUntil']);

export interface CouponInput {
  scene?: Scene;
  name: string;
  scopeText: string;
  type?: CouponType;
  thresholdFen?: number;
  amountFen?: number;
  discountPercent?: number;
  maxCoupons: number;
  perUserLimit?: number;
  availableFrom?: string;
  availableUntil: string;
  daysAfterClaim?: number;
  weekly?: WeeklySlots;
  scope?: 'all' | 'chosen';
  storeIds?: string[];
  skuIds?: string[];
  codeMode?: CodeMode;
  /** Saving a coupon paused keeps it from the mall until the merchant starts it; stopped is for edits only. */
  state?: 'running' | 'paused' | 'stopped';
}

/** A create input with its defaults filled and the rules between fields checked. */
export interface CouponSpec {
  scene: Scene; name: string; scopeText: string; type: CouponType; thresholdFen: number; amountFen: number | null;
  discountPercent: number | null; maxCoupons: number; perUserLimit: number; availableFrom: Date; availableUntil: Date;
  daysAfterClaim: number | null; weekly: WeeklySlots | null; allStores: boolean; storeIds: string[]; skuIds: string[]; codeMode: CodeMode;
}

const invalid = (message: string, field: string) => errors.LS_MERCHANT_COUPON_INPUT_INVALID(message, { field });

/** What the schema cannot say: byte limits, which amount goes with which type, the window, the scope. */
export function checkCouponInput(input: CouponInput, now: Date): CouponSpec {
  const name = input.name.trim();
  const scopeText = input.scopeText.trim();
  checkText(name, NAME_LIMIT);
  checkText(scopeText, SCOPE_LIMIT);
  const type = input.type ?? 'fixed';
  const thresholdFen = input.thresholdFen ?? 0;
  if (type === 'discount') {
    if (input.discountPercent === undefined) throw invalid('A discount coupon needs discountPercent (88 = 8.8折)', 'discountPercent');
    if (input.amountFen !== undefined) throw invalid('A discount coupon takes discountPercent, not amountFen', 'amountFen');
  } else {
    if (input.amountFen === undefined) throw invalid(`A ${type} coupon needs amountFen`, 'amountFen');
    if (input.discountPercent !== undefined) throw invalid(`A ${type} coupon takes amountFen, not discountPercent`, 'discountPercent');
    if (type === 'fixed' && thresholdFen > 0 && input.amountFen > thresholdFen) {
      throw invalid('The amount off cannot be more than the threshold', 'amountFen');
    }
  }
  const availableFrom = input.availableFrom ? new Date(input.availableFrom) : now;
  const availableUntil = new Date(input.availableUntil);
  if (availableUntil <= availableFrom) throw invalid('availableUntil must be after availableFrom', 'availableUntil');
  if (availableUntil <= now) throw invalid('availableUntil is in the past', 'availableUntil');
  input.weekly?.slots?.forEach((slot, i) => {
    if (slot.end <= slot.begin) throw invalid('A time slot ends after it begins', `weekly.slots.${i}.end`);
  });
  const allStores = (input.scope ?? 'all') === 'all';
  const storeIds = input.storeIds ?? [];
  const skuIds = input.skuIds ?? [];
  if (allStores && (storeIds.length > 0 || skuIds.length > 0)) throw invalid('Chosen stores and products need scope "chosen"', storeIds.length > 0 ? 'storeIds' : 'skuIds');
  if (!allStores && storeIds.length === 0) throw invalid('Choose at least one store', 'storeIds');
  if (!allStores && skuIds.length === 0) throw invalid('Choose at least one product', 'skuIds');
  if (input.state === 'stopped') throw invalid('A new coupon starts running or paused', 'state');
  return {
    scene: input.scene ?? 'both', name, scopeText, type, thresholdFen,
    amountFen: input.amountFen ?? null, discountPercent: input.discountPercent ?? null,
    maxCoupons: input.maxCoupons, perUserLimit: input.perUserLimit ?? 1, availableFrom, availableUntil,
    daysAfterClaim: input.daysAfterClaim ?? null, weekly: input.weekly ?? null, allStores, storeIds, skuIds,
    codeMode: input.codeMode ?? 'wechat',
  };
}
