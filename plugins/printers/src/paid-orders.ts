import { newId, type PluginContext } from '@lingshou/plugin-sdk';
import type { PrintersConfig } from './config.ts';
import { MAX_ATTEMPTS, queueJobs, recordOutcome, sendJob, type PrintJobRow } from './print-jobs.service.ts';
import { storePrinters, type PrinterRow } from './printers.service.ts';
import { orderReceipt, type OrderDetail } from './receipt.ts';

export const RETRY_JOB = 'retry-prints';

/** Keeps the store's last paid order for 重打小票; an older order delivered late does not replace a newer one. */
async function rememberLastOrder(ctx: PluginContext, order: OrderDetail): Promise<void> {
  const paidAt = new Date(order.paidAt ?? order.createdAt);
  await ctx.db('store_last_orders')
    .insert({ tenant_id: ctx.tenantId, id: newId(), store_id: order.storeId, order_id: order.id, paid_at: paidAt })
    .onConflict(['tenant_id', 'store_id'])
    .merge({ order_id: order.id, paid_at: paidAt, updated_at: new Date() })
    .where('store_last_orders.paid_at', '<', paidAt);
}

/** Sends the jobs not yet sent, each with its printer's receipt, and records every outcome. */
async function sendPending(ctx: PluginContext, order: OrderDetail, printers: PrinterRow[], jobs: PrintJobRow[]): Promise<void> {
  const byId = new Map(printers.map((p) => [p.id, p]));
  for (const job of jobs) {
    const printer = byId.get(job.printer_id);
    if (job.status === 'sent' || !printer) continue;
    const lines = orderReceipt(order, { paper: printer.paper_width, title: printer.title, reason: job.reason });
    await recordOutcome(ctx, job, await sendJob(ctx.config as PrintersConfig, printer, job, lines));
  }
}

/**
 * order.paid (after commit, retried by the kernel): the receipt goes to every auto-print printer
 * of the order's store. The ledger's (printer, order, reason) key makes a second delivery a
 * no-op; a cloud that fails is recorded on the job, not thrown, so the record survives and the
 * retry job tries again.
 */
export async function printPaidOrder(ctx: PluginContext, payload: Record<string, unknown>): Promise<void> {
  const order = await ctx.kernel.orders.get(payload.orderId as string);
  await rememberLastOrder(ctx, order);
  const printers = await storePrinters(ctx, order.storeId, { autoPrintOnly: true });
  const jobs = await queueJobs(ctx, printers, { orderId: order.id, reason: 'paid', requestKey: '' });
  await sendPending(ctx, order, printers, jobs.filter((job) => job.status === 'queued'));
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
    const order = await ctx.kernel.orders.get(orderId);
    const printers = await ctx.db('printers').whereIn('id', jobs.map((j) => j.printer_id)).select('*') as PrinterRow[];
    await sendPending(ctx, order, printers, jobs);
  }
}
