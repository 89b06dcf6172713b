/** A coupon as the plugin works with it (a `coupons` row, in the API's names). */
export type CouponType = 'fixed' | 'discount' | 'exchange';
export type Scene = 'online' | 'offline' | 'both';
/** wechat: WeChat assigns the code; merchant: we name one per claim; upload: WeChat picks one of the codes the merchant uploaded. */
export type CodeMode = 'wechat' | 'merchant' | 'upload';
/** creating: saved, the stock not yet confirmed by WeChat; the others follow the merchant's actions. */
export type CouponState = 'creating' | 'running' | 'paused' | 'stopped';

export interface WeeklySlots {
  /** 0 = Sunday … 6 = Saturday, as WeChat's available_week.week_day. */
  weekDays: number[];
  /** Seconds since midnight, China time; none means the whole day. */
  slots?: { begin: number; end: number }[];
}

export interface Coupon {
  id: string;
  name: string;
  scopeText: string;
  scene: Scene;
  type: CouponType;
  thresholdFen: number;
  amountFen: number | null;
  discountPercent: number | null;
  maxCoupons: number;
  perUserLimit: number;
  availableFrom: Date;
  availableUntil: Date;
  daysAfterClaim: number | null;
  weekly: WeeklySlots | null;
  allStores: boolean;
  storeIds: string[];
  skuIds: string[];
  codeMode: CodeMode;
  state: CouponState;
  outRequestNo: string;
  stockId: string | null;
  wechatState: string | null;
  wechatSentCount: number | null;
  syncedAt: Date | null;
  claimedCount: number;
  usedCount: number;
  /** Codes uploaded (code mode `upload`); 0 otherwise. */
  uploadedCount: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface CouponRow {
  id: string; name: string; scope_text: string; scene: Scene; type: CouponType; threshold_fen: string | number;
  amount_fen: string | number | null; discount_percent: number | null; max_coupons: number; per_user_limit: number;
  available_from: Date; available_until: Date; days_after_claim: number | null; weekly: WeeklySlots | null;
  all_stores: boolean; store_ids: string[]; sku_ids: string[]; code_mode: CodeMode; state: CouponState;
  out_request_no: string; wechat_request: Record<string, unknown>; stock_id: string | null; wechat_state: string | null;
  wechat_sent_count: number | null; synced_at: Date | null; claimed_count: number; used_count: number; uploaded_count: number;
  created_at: Date; updated_at: Date;
}

export function fromRow(row: CouponRow): Coupon {
  return {
    id: row.id, name: row.name, scopeText: row.scope_text, scene: row.scene, type: row.type,
    thresholdFen: Number(row.threshold_fen), amountFen: row.amount_fen === null ? null : Number(row.amount_fen),
    discountPercent: row.discount_percent, maxCoupons: row.max_coupons, perUserLimit: row.per_user_limit,
    availableFrom: new Date(row.available_from), availableUntil: new Date(row.available_until), daysAfterClaim: row.days_after_claim,
    weekly: row.weekly, allStores: row.all_stores, storeIds: row.store_ids, skuIds: row.sku_ids, codeMode: row.code_mode,
    state: row.state, outRequestNo: row.out_request_no, stockId: row.stock_id, wechatState: row.wechat_state,
    wechatSentCount: row.wechat_sent_count, syncedAt: row.synced_at, claimedCount: row.claimed_count, usedCount: row.used_count,
    uploadedCount: row.uploaded_count, createdAt: row.created_at, updatedAt: row.updated_at,
  };
}

/** How many can be claimed in all: the budget, and in code mode `upload` no more than the codes uploaded. */
export function claimableBudget(coupon: Pick<Coupon, 'codeMode' | 'maxCoupons' | 'uploadedCount'>): number {
  return coupon.codeMode === 'upload' ? Math.min(coupon.maxCoupons, coupon.uploadedCount) : coupon.maxCoupons;
}

/** What can still be claimed (a coupon WeChat sent after its reservation lapsed may have taken one more). */
export function budgetLeft(coupon: Pick<Coupon, 'codeMode' | 'maxCoupons' | 'uploadedCount' | 'claimedCount'>): number {
  return Math.max(0, claimableBudget(coupon) - coupon.claimedCount);
}

const yuan = (fen: number) => (fen / 100).toFixed(2).replace(/\.?0+$/, '');

/** The face of a coupon, as the mall, the till and the receipt show it: 满100减10, 8.8折, 9.9元兑换. */
export function valueText(coupon: Pick<Coupon, 'type' | 'amountFen' | 'discountPercent'>): string {
  if (coupon.type === 'fixed') return `减${yuan(coupon.amountFen!)}元`;
  if (coupon.type === 'discount') return `${coupon.discountPercent! / 10}折`;
  return `${yuan(coupon.amountFen!)}元兑换`;
}

export function ruleText(coupon: Pick<Coupon, 'type' | 'thresholdFen' | 'amountFen' | 'discountPercent'>): string {
  const threshold = coupon.thresholdFen > 0 ? `满${yuan(coupon.thresholdFen)}元` : '无门槛';
  return `${threshold}${valueText(coupon)}`;
}
