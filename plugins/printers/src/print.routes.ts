import { LingshouError, listPage, listQueryProperties, newId, objectSchema, problemResponses, uuid, type ListQuery, type PluginContext } from '@lingshou/plugin-sdk';
import type { PrintersConfig } from './config.ts';
import { errors } from './errors.ts';
import { jobToApi, queueJobs, recordOutcome, sendJob, type Outcome, type PrintJobRow } from './print-jobs.service.ts';
import { printerParams, vendorProblems } from './printers.schemas.ts';
import { findPrinter, storeOf, storePrinters, type PrinterRow } from './printers.service.ts';
import { receiptLines, testPage, type ReceiptLine } from './receipt.ts';
import type { FastifyRequest, InContext, PluginRoutes } from './types.ts';

const tags = ['plugin: printers'];

const jobOutput = {
  type: 'object',
  properties: {
    id: uuid, printerId: uuid, storeId: uuid, orderId: { type: ['string', 'null'] }, reason: { type: 'string' }, status: { type: 'string' },
    vendorOrderId: { type: ['string', 'null'] }, error: { type: ['string', 'null'] }, attempts: { type: 'integer' },
    nextAttemptAt: { type: ['string', 'null'], format: 'date-time' }, sentAt: { type: ['string', 'null'], format: 'date-time' },
    createdAt: { type: 'string', format: 'date-time' }, updatedAt: { type: 'string', format: 'date-time' },
  },
} as const;

const printResult = objectSchema({ message: { type: 'string' }, jobs: { type: 'array', items: jobOutput } }, ['message', 'jobs']);

/** A retried request (same Idempotency-Key) finds its jobs in the ledger instead of printing again. */
const requestKeyHeader = { type: 'object', properties: { 'idempotency-key': { type: 'string', minLength: 8, maxLength: 64 } } } as const;
const requestKeyOf = (request: FastifyRequest) => (request.headers['idempotency-key'] as string | undefined) ?? newId();

interface Planned {
  printers: PrinterRow[];
  jobs: PrintJobRow[];
  lines: (printer: PrinterRow) => ReceiptLine[];
}

/**
 * Prints what `plan` queued (in one short transaction): the clouds are called with no
 * transaction held, then the outcomes are stored. All failed: the first cloud error is the
 * answer; otherwise a message the till shows as it is.
 */
async function printPlanned(inContext: InContext, request: FastifyRequest, plan: (ctx: PluginContext) => Promise<Planned>) {
  const { printers, jobs, lines, config } = await inContext(request, async (ctx) => ({ ...(await plan(ctx)), config: ctx.config as PrintersConfig }));
  const byId = new Map(printers.map((p) => [p.id, p]));
  const outcomes: [PrintJobRow, Outcome][] = [];
  for (const job of jobs) {
    if (job.status === 'sent') continue;
    const printer = byId.get(job.printer_id)!;
    outcomes.push([job, await sendJob(config, printer, job, lines(printer))]);
  }
  const recorded = await inContext(request, async (ctx) => {
    const rows = new Map(jobs.map((job) => [job.id, job]));
    for (const [job, outcome] of outcomes) rows.set(job.id, await recordOutcome(ctx, job, outcome));
    return [...rows.values()];
  });
  const failed = recorded.filter((job) => job.status === 'failed');
  if (failed.length === recorded.length) {
    throw errors.LS_PRINTERS_VENDOR_UNAVAILABLE(`打印失败：${failed[0]!.error}`, { extra: { jobs: recorded.map(jobToApi) } });
  }
  const sent = recorded.length - failed.length;
  const message = failed.length === 0
    ? `已发送到 ${sent} 台打印机`
    : `已发送到 ${sent} 台打印机，${failed.length} 台失败：${failed.map((job) => `${byId.get(job.printer_id)!.name}（${job.error}）`).join('；')}`;
  return { message, jobs: recorded.map(jobToApi) };
}

/**
 * The order to reprint: the one given, if it is the store's, else the store's last paid one
 * (ctx.kernel.orders.list, newest first).
 */
async function orderToReprint(ctx: PluginContext, storeId: string, orderId: string | undefined): Promise<string> {
  if (orderId === undefined) {
    const [last] = await ctx.kernel.orders.list({ storeId, paid: true, limit: 1 });
    if (!last) throw errors.LS_PRINTERS_ORDER_NOT_FOUND('No paid order at this store yet', { field: 'orderId' });
    return last.id;
  }
  try {
    if ((await ctx.kernel.orders.get(orderId)).storeId === storeId) return orderId;
  } catch (error) {
    if (!(error instanceof LingshouError && error.statusCode === 404)) throw error;
  }
  throw errors.LS_PRINTERS_ORDER_NOT_FOUND(undefined, { field: 'orderId' });
}

/**
 * 重打小票 from the till (F9), a test page from the admin, and the print-job ledger.
 */
export const printRoutes: PluginRoutes = async (app, { inContext }) => {
  app.post<{ Body: { storeId: string; orderId?: string } }>('/reprint', {
    config: { auth: 'staff', permission: 'order.create' },
    schema: {
      tags, description: 'Reprints an order (or the store\'s last paid one) on every printer of the store; answers a message for the till.',
      headers: requestKeyHeader, body: objectSchema({ storeId: uuid, orderId: uuid }, ['storeId']), response: { 200: printResult, ...vendorProblems },
    },
  }, async (request) => {
    const { storeId, orderId } = request.body;
    const requestKey = requestKeyOf(request);
    return printPlanned(inContext, request, async (ctx) => {
      const store = await storeOf(ctx, storeId, request.auth);
      const printers = await storePrinters(ctx, storeId, { autoPrintOnly: false });
      if (printers.length === 0) throw errors.LS_PRINTERS_NO_PRINTERS('该门店没有打印机', { field: 'storeId' });
      const id = await orderToReprint(ctx, storeId, orderId);
      const receipt = await ctx.kernel.orders.receipt(id);
      const jobs = await queueJobs(ctx, printers, { orderId: id, reason: 'reprint', requestKey });
      return {
        printers, jobs,
        lines: (printer) => receiptLines(receipt, { paper: printer.paper_width, header: printer.title || store.name, storeName: store.name, reason: 'reprint' }),
      };
    });
  });

  app.post<{ Params: { id: string } }>('/printers/:id/test', {
    config: { auth: 'staff', permission: 'plugin.manage' },
    schema: { tags, description: 'Prints a test page on the printer.', headers: requestKeyHeader, params: printerParams, response: { 200: printResult, ...vendorProblems } },
  }, async (request) => {
    const requestKey = requestKeyOf(request);
    const now = new Date();
    return printPlanned(inContext, request, async (ctx) => {
      const printer = await findPrinter(ctx, request.params.id, request.auth);
      const jobs = await queueJobs(ctx, [printer], { orderId: null, reason: 'test', requestKey });
      return { printers: [printer], jobs, lines: () => testPage({ name: printer.name, sn: printer.sn, paperWidth: printer.paper_width }, now) };
    });
  });

  app.get<{ Querystring: ListQuery & { printerId?: string; orderId?: string; status?: string } }>('/print-jobs', {
    config: { auth: 'staff', permission: 'plugin.manage' },
    schema: {
      tags, description: 'The print-job ledger, newest first.',
      querystring: objectSchema({
        ...listQueryProperties, _order: { ...listQueryProperties._order, default: 'desc' },
        printerId: uuid, orderId: uuid, status: { type: 'string', enum: ['queued', 'sent', 'failed'] },
      }),
      response: { 200: { type: 'array', items: jobOutput }, ...problemResponses },
    },
  }, async (request, reply) => {
    const { printerId, orderId, status } = request.query;
    const page = await inContext(request, (ctx) => {
      const base = ctx.db('print_jobs').select('*');
      if (printerId) base.where({ printer_id: printerId });
      if (orderId) base.where({ order_id: orderId });
      if (status) base.where({ status });
      if (request.auth?.storeIds) base.whereIn('store_id', request.auth.storeIds);
      return listPage<PrintJobRow>(base, request.query, { sortable: { id: 'id', createdAt: 'created_at' }, defaultSort: 'createdAt', search: ['error', 'vendor_order_id'] });
    });
    reply.header('x-total-count', page.total);
    return page.rows.map(jobToApi);
  });
};
