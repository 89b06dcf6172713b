import type { BundleApi, BundleProps } from '@lingshou/plugin-sdk/bundle-api';
import type { WeeklySlots } from '../../src/coupon.ts';

/** What the admin hands a bundle page: the plugin's routes, and the kernel's, with the user's token. */
export type PluginApi = BundleApi;
export type PageProps = BundleProps;

/** A coupon as GET /coupons answers it (coupons.schemas.ts couponOutput). */
export interface Coupon {
  id: string; name: string; scopeText: string; scene: 'both' | 'online' | 'offline'; type: 'fixed' | 'discount' | 'exchange';
  thresholdFen: number; amountFen: number | null; discountPercent: number | null; maxCoupons: number; perUserLimit: number;
  availableFrom: string; availableUntil: string; daysAfterClaim: number | null; weekly: WeeklySlots | null;
  scope: 'all' | 'chosen'; storeIds: string[]; skuIds: string[]; codeMode: 'wechat' | 'merchant' | 'upload';
  state: 'creating' | 'running' | 'paused' | 'stopped'; stockId: string | null; claimedCount: number; usedCount: number;
  uploadedCount: number; budgetLeft: number; ruleText: string; valueText: string;
}

/** An upload-mode coupon's codes (GET /coupons/:id/codes, codes.routes.ts). */
export interface CodeSummary { total: number; claimed: number; used: number; unused: number; budgetLeft: number; lastUploadAt: string | null }

/** What POST /coupons/:id/codes answers for a batch; `failed` are the codes WeChat refused, by their index in the batch. */
export interface UploadResult { uploaded: number; total: number; unused: number; failed: { index: number; code: string; message: string }[] }

export interface DayCount { day: string; claimed: number; used: number }

export interface ClaimEntry {
  id: string; customerName: string | null; customerPhone: string | null; code: string | null; state: string;
  claimedAt: string | null; usedAt: string | null; orderNumber: string | null; returnedAt: string | null;
  deactivatedAt: string | null; deactivateReason: string | null;
}

export interface Checklist {
  ready: boolean;
  sandbox: boolean | null;
  message: string | null;
  items: { key: string; label: string; state: 'valid' | 'missing' | 'invalid' | 'unchecked' }[];
}

/** The admin's ApiError carries the problem's `field` and its message (docs/errors.md). */
export function problemOf(error: unknown): { field: string | null; message: string } {
  const problem = error as { field?: unknown; message?: unknown };
  return { field: typeof problem.field === 'string' ? problem.field : null, message: typeof problem.message === 'string' ? problem.message : String(error) };
}

/** A time as the merchant reads it: China time, whatever the browser's zone. */
export const chinaTime = (iso: string | null): string => (iso
  ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
  : '—');

export const chinaDate = (iso: string): string => new Date(iso).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
