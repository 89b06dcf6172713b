import { createHash } from 'node:crypto';
import { uploadBusifavorCouponCodes, type PluginContext } from '@lingshou/plugin-sdk';
import { budgetLeft, type Coupon } from './coupon.ts';
import { findCoupon } from './coupons.store.ts';
import { errors } from './errors.ts';

export interface UploadResult {
  /** Codes of this batch now at WeChat and ours. */
  uploaded: number;
  /** Every code uploaded to the coupon. */
  total: number;
  /** Uploaded codes WeChat has not sent yet. */
  unused: number;
  /** Codes WeChat refused, by their place in the request's list. */
  failed: { index: number; code: string; message: string }[];
}

export interface CodeSummary {
  total: number; claimed: number; used: number; unused: number; budgetLeft: number; lastUploadAt: Date | null;
}

/** `upload_request_no`: the coupon and the batch's hash, so a retry of the same batch is the same request at WeChat. */
export function uploadRequestNo(couponId: string, codes: string[]): string {
  return `UP${couponId.replaceAll('-', '')}${createHash('sha256').update(codes.join('\n')).digest('hex').slice(0, 32)}`;
}

function uploadable(coupon: Coupon): void {
  if (coupon.codeMode !== 'upload') throw errors.LS_MERCHANT_COUPON_STATE_INVALID('Only a coupon with codeMode upload takes uploaded codes', { field: 'id' });
}

/**
 * A code names one coupon in the shop (checkout and the till find a coupon by its code alone),
 * so a code already uploaded, to this coupon or another, or already handed out, is refused,
 * naming its place in the list.
 */
async function refuseKnown(ctx: PluginContext, couponId: string, codes: string[]): Promise<void> {
  const unique = [...new Set(codes)];
  const known = new Map<string, string>();
  for (const row of await ctx.db('coupon_codes').whereIn('code', unique).select('code', 'coupon_id') as { code: string; coupon_id: string }[]) {
    known.set(row.code, row.coupon_id === couponId ? 'is already uploaded to this coupon' : 'is already uploaded to another coupon');
  }
  for (const code of await ctx.db('claims').whereIn('coupon_code', unique).pluck('coupon_code') as string[]) {
    if (!known.has(code)) known.set(code, 'is already the code of a coupon handed out');
  }
  const index = codes.findIndex((code) => known.has(code));
  if (index >= 0) throw errors.LS_MERCHANT_COUPON_INPUT_INVALID(`${codes[index]} ${known.get(codes[index]!)}`, { field: `codes.${index}` });
}

/**
 * Uploads a batch of codes to the coupon's stock (上传预存code), duplicates dropped, under the
 * coupon's row lock: the codes are stored and counted in the same transaction as the call, so a
 * failed call leaves nothing, and a retry of the batch sends the same upload_request_no (WeChat
 * answers with the first result). The codes WeChat already held (an earlier try whose commit was
 * lost) are ours now too; those it refused are answered with why.
 */
export async function uploadCodes(ctx: PluginContext, couponId: string, codes: string[]): Promise<UploadResult> {
  const coupon = await findCoupon(ctx, couponId, { lock: true });
  uploadable(coupon);
  if (coupon.state === 'creating') throw errors.LS_MERCHANT_COUPON_STATE_INVALID('The stock is not created at WeChat yet: sync it first', { field: 'id' });
  if (coupon.state === 'stopped') throw errors.LS_MERCHANT_COUPON_STATE_INVALID('A stopped coupon takes no more codes', { field: 'id' });
  await refuseKnown(ctx, couponId, codes);
  const batch = [...new Set(codes)];
  const requestNo = uploadRequestNo(couponId, batch);
  const answer = await uploadBusifavorCouponCodes(await ctx.kernel.wechatpay.client(), coupon.stockId!, { coupon_code_list: batch, upload_request_no: requestNo });
  const refused = new Map((answer.fail_codes ?? []).map((failure) => [failure.coupon_code, failure.message]));
  const taken = batch.filter((code) => !refused.has(code));
  if (taken.length > 0) {
    const stored = await ctx.db('coupon_codes').insert(taken.map((code) => ({ tenant_id: ctx.tenantId, code, coupon_id: couponId, upload_request_no: requestNo })))
      .onConflict(['tenant_id', 'code']).ignore().returning('code') as { code: string }[];
    if (stored.length < taken.length) {
      // The same code went up to another coupon at this very moment: its commit won the key.
      const mine = new Set(stored.map((row) => row.code));
      const index = codes.findIndex((code) => taken.includes(code) && !mine.has(code));
      throw errors.LS_MERCHANT_COUPON_INPUT_INVALID(`${codes[index]} is already uploaded to another coupon`, { field: `codes.${index}` });
    }
    await ctx.db('coupons').where({ id: couponId }).increment('uploaded_count', taken.length);
  }
  const summary = await codeSummary(ctx, couponId);
  return {
    uploaded: taken.length, total: summary.total, unused: summary.unused,
    failed: [...refused].map(([code, message]) => ({ index: codes.indexOf(code), code, message })),
  };
}

/** The admin's view of a coupon's uploaded codes: how many, sent by WeChat (claimed), used, unused, and the last upload. */
export async function codeSummary(ctx: PluginContext, couponId: string): Promise<CodeSummary> {
  const coupon = await findCoupon(ctx, couponId);
  uploadable(coupon);
  const counted = await ctx.db('coupon_codes').where({ coupon_id: couponId })
    .count({ sent: 'sent_at' }).max({ lastUploadAt: 'uploaded_at' }).first() as { sent: string | number; lastUploadAt: Date | null };
  const claimed = Number(counted.sent);
  return {
    total: coupon.uploadedCount, claimed, used: coupon.usedCount, unused: coupon.uploadedCount - claimed,
    budgetLeft: budgetLeft(coupon), lastUploadAt: counted.lastUploadAt,
  };
}
