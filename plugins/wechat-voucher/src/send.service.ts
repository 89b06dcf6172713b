import { LingshouError, newId, sendFavorCoupon, type PluginContext } from '@lingshou/plugin-sdk';
import { MAX_SEGMENT, type BatchInput } from './batches.schemas.ts';
import { errors } from './errors.ts';
import { findStock } from './stocks.service.ts';
import { describeError, isRefusal, wechatOf, type Wechat } from './wechat.ts';

export const SEND_JOB = 'send-batch';

/** Recipients per job run: each run commits its results, so progress shows and a crash loses one chunk at most. */
const CHUNK = 20;

interface BatchRow {
  id: string;
  stock_id: string;
  status: 'queued' | 'running' | 'done';
  total: number;
  created_at: Date;
  finished_at: Date | null;
  pending?: string | number;
  sent?: string | number;
  failed?: string | number;
  skipped?: string | number;
}

interface RecipientRow {
  id: string;
  customer_id: string;
  out_request_no: string;
  status: string;
  coupon_id: string | null;
  error_code: string | null;
  error_message: string | null;
  updated_at: Date;
}

const hex = (id: string) => id.replaceAll('-', '');

export function batchesWithCounts(ctx: PluginContext) {
  const counted = (status: string) => ctx.db('send_recipients as r').count('*').whereRaw('r.batch_id = b.id').where('r.status', status).as(status);
  return ctx.db('send_batches as b').select('b.*', counted('pending'), counted('sent'), counted('failed'), counted('skipped'));
}

export function batchToApi(row: BatchRow) {
  const pending = Number(row.pending ?? 0);
  return {
    id: row.id, stockId: row.stock_id, status: row.status, total: row.total, pending,
    sent: Number(row.sent ?? 0), failed: Number(row.failed ?? 0), skipped: Number(row.skipped ?? 0),
    progress: row.total === 0 ? 1 : (row.total - pending) / row.total, createdAt: row.created_at, finishedAt: row.finished_at,
  };
}

export function recipientToApi(row: RecipientRow) {
  return {
    customerId: row.customer_id, status: row.status, outRequestNo: row.out_request_no, couponId: row.coupon_id,
    errorCode: row.error_code, errorMessage: row.error_message, updatedAt: row.updated_at,
  };
}

export async function findBatch(ctx: PluginContext, id: string): Promise<BatchRow> {
  const row = (await batchesWithCounts(ctx).where('b.id', id).first()) as BatchRow | undefined;
  if (!row) throw errors.LS_WECHAT_VOUCHER_BATCH_NOT_FOUND();
  return row;
}

/**
 * Queues a send: the batch and one row per member, each with its out_request_no (derived from
 * the batch and the customer, so every try for that member sends the same number), and the job.
 */
export async function createBatch(ctx: PluginContext, input: BatchInput, staffId: string | null): Promise<string> {
  const stock = await findStock(ctx, input.stockId).catch((error: unknown) => {
    throw error instanceof LingshouError && error.statusCode === 404 ? errors.LS_WECHAT_VOUCHER_STOCK_NOT_FOUND(undefined, { field: 'stockId' }) : error;
  });
  if (stock.status !== 'running') {
    throw errors.LS_WECHAT_VOUCHER_STOCK_STATE(`Coupons are sent from a running stock; this one is ${stock.status}`, { field: 'stockId' });
  }
  // Refused now rather than queued to fail: the merchant must still be a sub-merchant of its partner.
  await wechatOf(ctx);
  const customerIds = input.customerIds ?? await segmentMembers(ctx, input.storeId!);
  if (customerIds.length === 0) throw errors.LS_WECHAT_VOUCHER_NO_RECIPIENTS(undefined, { field: 'storeId' });
  const id = newId();
  await ctx.db('send_batches').insert({ tenant_id: ctx.tenantId, id, stock_id: stock.id, total: customerIds.length, created_by: staffId });
  for (let from = 0; from < customerIds.length; from += 1000) {
    await ctx.db('send_recipients').insert(customerIds.slice(from, from + 1000).map((customerId) => ({
      tenant_id: ctx.tenantId, id: newId(), batch_id: id, stock_id: stock.id, customer_id: customerId, out_request_no: `WVS${hex(id)}${hex(customerId)}`,
    })));
  }
  await ctx.jobs.enqueue(SEND_JOB, { batchId: id });
  return id;
}

/** Every member of a store (their home store), paged through the kernel in id order. */
async function segmentMembers(ctx: PluginContext, storeId: string): Promise<string[]> {
  const ids: string[] = [];
  for (;;) {
    const page = await ctx.kernel.customers.list({ homeStoreId: storeId, limit: 500, ...(ids.length ? { afterId: ids.at(-1) } : {}) });
    ids.push(...page.map((customer) => customer.id as string));
    if (page.length < 500) return ids;
    if (ids.length > MAX_SEGMENT) throw errors.LS_WECHAT_VOUCHER_NO_RECIPIENTS(`A segment is sent at most ${MAX_SEGMENT} members at a time`, { field: 'storeId' });
  }
}

type Outcome = { status: 'sent'; appid: string; openid: string; couponId: string } | { status: 'failed' | 'skipped'; code: string; message: string; appid?: string; openid?: string };

/** The member's openid for the appid coupons are sent under (undefined: no such member). */
async function openidOf(ctx: PluginContext, customerId: string, appid: string): Promise<string | null | undefined> {
  const customer = await ctx.kernel.customers.get(customerId).catch((error: unknown) => {
    if (error instanceof LingshouError && error.statusCode === 404) return undefined;
    throw error;
  });
  if (!customer) return undefined;
  const identities = await ctx.kernel.customers.wechatIdentities(customerId);
  return identities.find((identity) => identity.appid === appid)?.openid ?? null;
}

async function sendOne(ctx: PluginContext, wechat: Wechat, wechatStockId: string, recipient: RecipientRow): Promise<Outcome> {
  // The member signed in through the merchant's own mini program, or the partner's.
  const appid = wechat.binding.subAppid ?? wechat.binding.spAppid;
  const openid = await openidOf(ctx, recipient.customer_id, appid);
  if (openid === undefined) return { status: 'skipped', code: 'CUSTOMER_NOT_FOUND', message: 'No such member' };
  if (openid === null) return { status: 'skipped', code: 'NO_OPENID', message: `The member has not signed in through WeChat app ${appid}` };
  try {
    const sent = await sendFavorCoupon(wechat.client, openid, { stock_id: wechatStockId, out_request_no: recipient.out_request_no, appid });
    return { status: 'sent', appid, openid, couponId: sent.coupon_id };
  } catch (error) {
    // A refusal (budget used up, the member's limit) is this member's result; anything else
    // fails the run, which the queue retries with the same request numbers.
    if (!isRefusal(error)) throw error;
    return { status: 'failed', appid, openid, ...describeError(error) };
  }
}

/**
 * One run of the send job: the next chunk of pending members, then itself again while any are
 * left. Run twice, or after a crash, it sends nobody twice: done members are no longer pending,
 * and a member whose run was lost is sent again under the same out_request_no, to which WeChat
 * answers with the coupon it already sent.
 */
export async function runSendBatch(ctx: PluginContext, data: Record<string, unknown>): Promise<void> {
  const batch = (await ctx.db('send_batches').where({ id: data.batchId }).forUpdate().first()) as BatchRow | undefined;
  if (!batch || batch.status === 'done') return;
  const stock = await findStock(ctx, batch.stock_id);
  const pending = (await ctx.db('send_recipients').where({ batch_id: batch.id, status: 'pending' }).orderBy('id').limit(CHUNK)) as RecipientRow[];
  if (pending.length > 0) {
    const wechat = await wechatOf(ctx);
    for (const recipient of pending) {
      const outcome = await sendOne(ctx, wechat, stock.wechat_stock_id!, recipient);
      await ctx.db('send_recipients').where({ id: recipient.id }).update({
        status: outcome.status, appid: outcome.appid ?? null, openid: outcome.openid ?? null,
        coupon_id: outcome.status === 'sent' ? outcome.couponId : null,
        error_code: outcome.status === 'sent' ? null : outcome.code, error_message: outcome.status === 'sent' ? null : outcome.message,
        updated_at: new Date(),
      });
    }
  }
  const left = await ctx.db('send_recipients').where({ batch_id: batch.id, status: 'pending' }).first('id');
  if (left) {
    await ctx.db('send_batches').where({ id: batch.id }).update({ status: 'running', updated_at: new Date() });
    await ctx.jobs.enqueue(SEND_JOB, { batchId: batch.id });
  } else {
    await ctx.db('send_batches').where({ id: batch.id }).update({ status: 'done', finished_at: new Date(), updated_at: new Date() });
  }
}
