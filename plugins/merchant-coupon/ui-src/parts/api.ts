/** What the admin hands a bundle page (admin/src/plugins/bundle-page.tsx): the plugin's routes with the user's token. */
export interface PluginApi {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
  patch<T>(path: string, body: unknown): Promise<T>;
  put<T>(path: string, body: unknown): Promise<T>;
  delete<T>(path: string): Promise<T>;
}

export interface PageProps {
  api: PluginApi;
  tenant: { id: string | null; storeIds: string[] | null };
}

/** A coupon as GET /coupons answers it (coupons.schemas.ts couponOutput). */
export interface Coupon {
  id: string; name: string; scopeText: string; scene: 'both' | 'online' | 'offline'; type: 'fixed' | 'discount' | 'exchange';
  thresholdFen: number; amountFen: number | null; discountPercent: number | null; maxCoupons: number; perUserLimit: number;
  availableFrom: string; availableUntil: string; daysAfterClaim: number | null; codeMode: 'wechat' | 'merchant';
  state: 'creating' | 'running' | 'paused' | 'stopped'; stockId: string | null; claimedCount: number; usedCount: number;
  budgetLeft: number; ruleText: string; valueText: string;
}

export interface DayCount { day: string; claimed: number; used: number }

export interface ClaimEntry {
  id: string; customerName: string | null; customerPhone: string | null; code: string | null; state: string;
  claimedAt: string | null; usedAt: string | null; orderNumber: string | null; returnedAt: string | null;
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
