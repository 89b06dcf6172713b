import { LingshouError, newId, type PluginContext } from '@lingshou/plugin-sdk';
import type { PrintersConfig } from './config.ts';
import type { PrinterRow } from './printers.service.ts';
import type { PrintReason, ReceiptLine } from './receipt.ts';
import { vendorFor } from './vendors/vendor.ts';

export interface PrintJobRow {
  id: string;
  printer_id: string;
  store_id: string;
  order_id: string | null;
  reason: PrintReason;
  request_key: string;
  status: 'queued' | 'sent' | 'failed';
  vendor_order_id: string | null;
  error: string | null;
  attempts: number;
  next_attempt_at: Date | null;
  sent_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

/** A paid order's receipt is tried this many times in all (the first, then the retry job's). */
export const MAX_ATTEMPTS = 5;

/** Retries of a paid order's receipt wait 1, 2, 4, 8 minutes. */
const retryDelayMs = (attempts: number) => 60_000 * 2 ** (attempts - 1);

export const jobToApi = (row: PrintJobRow) => ({
  id: row.id, printerId: row.printer_id, storeId: row.store_id, orderId: row.order_id, reason: row.reason, status: row.status,
  vendorOrderId: row.vendor_order_id, error: row.error, attempts: row.attempts, nextAttemptAt: row.next_attempt_at,
  sentAt: row.sent_at, createdAt: row.created_at, updatedAt: row.updated_at,
});

/**
 * Writes the ledger rows for one print of an order (or a test page) on each printer and returns
 * them: a row already there (a redelivered event, a repeated request) is returned as it stands,
 * so a caller sends only those not yet sent.
 */
export async function queueJobs(
  ctx: PluginContext, printers: PrinterRow[], print: { orderId: string | null; reason: PrintReason; requestKey: string },
): Promise<PrintJobRow[]> {
  if (printers.length === 0) return [];
  const rows = printers.map((printer) => ({
    tenant_id: ctx.tenantId, id: newId(), printer_id: printer.id, store_id: printer.store_id,
    order_id: print.orderId, reason: print.reason, request_key: print.requestKey,
  }));
  await ctx.db('print_jobs').insert(rows).onConflict(['tenant_id', 'printer_id', 'order_id', 'reason', 'request_key']).ignore();
  const query = ctx.db('print_jobs').whereIn('printer_id', printers.map((p) => p.id))
    .where({ reason: print.reason, request_key: print.requestKey });
  if (print.orderId === null) query.whereIn('id', rows.map((r) => r.id));
  else query.where({ order_id: print.orderId });
  return query.select('*') as Promise<PrintJobRow[]>;
}

export type Outcome = { ok: true; vendorOrderId: string } | { ok: false; error: string };

/**
 * Sends one job to its printer's cloud. The cloud's refusals and failures to answer, and missing
 * credentials, are the job's outcome; anything else is a bug and is thrown.
 */
export async function sendJob(config: PrintersConfig, printer: PrinterRow, job: PrintJobRow, lines: ReceiptLine[]): Promise<Outcome> {
  try {
    const vendor = vendorFor(printer.brand, config);
    const vendorOrderId = await vendor.print(printer.sn, lines, { copies: printer.copies, originId: job.id.replaceAll('-', '') });
    return { ok: true, vendorOrderId };
  } catch (error) {
    if (!(error instanceof LingshouError)) throw error;
    return { ok: false, error: error.message.slice(0, 500) };
  }
}

/** Stores a send's outcome; a paid order's failed receipt is scheduled for the retry job until it runs out of tries. */
export async function recordOutcome(ctx: PluginContext, job: PrintJobRow, outcome: Outcome, now = new Date()): Promise<PrintJobRow> {
  const attempts = job.attempts + 1;
  const changes = outcome.ok
    ? { status: 'sent', vendor_order_id: outcome.vendorOrderId.slice(0, 64), error: null, next_attempt_at: null, sent_at: now }
    : {
      status: 'failed', error: outcome.error,
      next_attempt_at: job.reason === 'paid' && attempts < MAX_ATTEMPTS ? new Date(now.getTime() + retryDelayMs(attempts)) : null,
    };
  const [row] = await ctx.db('print_jobs').where({ id: job.id }).update({ ...changes, attempts, updated_at: now }).returning('*');
  return row as PrintJobRow;
}
