import type { PluginContext, Receipt } from '@lingshou/plugin-sdk';
import type { PrintersConfig } from './config.ts';
import { MAX_ATTEMPTS, queueJobs, recordOutcome, sendJob, type PrintJobRow } from './print-jobs.service.ts';
import { storePrinters, type PrinterRow } from './printers.service.ts';
import { receiptLines } from './receipt.ts';

export const RETRY_JOB = 'retry-prints';

/** What a paid order's receipt is printed from: the kernel's receipt and its store's name. */
interface PaidReceipt {
  receipt: Receipt;
  storeName: string;
}

async function paidReceipt(ctx: PluginContext, orderId: string, storeId: string): Promise<PaidReceipt> {
  const receipt = await ctx.kernel.orders.receipt(orderId);
  return { receipt, storeName: (await ctx.kernel.stores.get(storeId)).name };
}

/** Sends the jobs not yet sent, each with its printer's receipt, and records every outcome. */
async function sendPending(ctx: PluginContext, paid: PaidReceipt, printers: PrinterRow[], jobs: PrintJobRow[]): Promise<void> {
  const byId = new Map(printers.map((p) => [p.id, p]));
  for (const job of jobs) {
    const printer = byId.get(job.printer_id);
    if (job.status === 'sent' || !printer) continue;
    const lines = receiptLines(paid.receipt, { paper: printer.paper_width, header: printer.title || paid.storeName, storeName: paid.storeName, reason: job.reason });
    await recordOutcome(ctx, job, await sendJob(ctx.config as PrintersConfig, printer, job, lines));
  }
}

/**
 * order.paid (after commit, retried by the kernel): the kernel's receipt goes to every
 * auto-print printer of the order's store. The ledger's (printer, order, reason) key makes a
 * second delivery a no-op; a cloud that fails is recorded on the job, not thrown, so the record
 * survives and the retry job tries again.
 */
export async function printPaidOrder(ctx: PluginContext, payload: Record<string, unknown>): Promise<void> {
  const orderId = payload.orderId as string;
  const storeId = payload.storeId as string;
  const printers = await storePrinters(ctx, storeId, { autoPrintOnly: true });
  const jobs = (await queueJobs(ctx, printers, { orderId, reason: 'paid', requestKey: '' })).filter((job) => job.status === 'queued');
  if (jobs.length === 0) return;
  await sendPending(ctx, await paidReceipt(ctx, orderId, storeId), printers, jobs);
}

/**
 * The retry job (every minute, per tenant): paid orders' receipts that failed and are due. Rows
 * are claimed with SKIP LOCKED, so two overlapping runs never send the same one.
 */
export async function retryFailedPrints(ctx: PluginContext): Promise<void> {
  const due = await ctx.db('print_jobs')
    .where({ status: 'failed', reason: 'paid' }).where('attempts', '<', MAX_ATTEMPTS).where('next_attempt_at', '<=', new Date())
    .orderBy('next_attempt_at').limit(50).forUpdate().skipLocked().select('*') as PrintJobRow[];
  const orders = new Map<string, PrintJobRow[]>();
  for (const job of due) orders.set(job.order_id!, [...(orders.get(job.order_id!) ?? []), job]);
  for (const [orderId, jobs] of orders) {
    const printers = await ctx.db('printers').whereIn('id', jobs.map((j) => j.printer_id)).select('*') as PrinterRow[];
    await sendPending(ctx, await paidReceipt(ctx, orderId, jobs[0]!.store_id), printers, jobs);
  }
}
