import type { FastifyInstance } from 'fastify';
import { errors } from '../../errors.ts';
import { tenantOf } from '../../http/auth-guard.ts';
import { listPage, type ListQuery } from '../../http/list-query.ts';
import { idParams, listQueryProperties, objectSchema, problemResponses, timestamp, uuid } from '../../http/schemas.ts';
import { importColumns } from './import-columns.ts';
import { createImportJob, getImportJob, importJobToApi, type ImportJobRow } from './import-jobs.service.ts';
import { MAX_IMPORT_ROWS, readSheet } from './import-parse.ts';
import { ImportRunner, planImport } from './import.runner.ts';
import { csvTemplate, xlsxTemplate } from './import-template.ts';

const str = { type: 'string' } as const;
const int = { type: 'integer' } as const;

const jobOutput = {
  type: 'object',
  properties: {
    id: uuid, kind: str, filename: str, status: { type: 'string', enum: ['pending', 'running', 'done', 'failed'] },
    totalRows: int, processedRows: int, percent: { type: 'integer', description: '0–100' },
    createdCount: { type: 'integer', description: 'Rows that added a SKU (and its product if new).' },
    updatedCount: { type: 'integer', description: 'Rows that updated an existing SKU.' },
    errorCount: int,
    errors: {
      type: 'array', description: 'Refused rows (the first 500). row counts as in the sheet, header = 1; field is the column header.',
      items: { type: 'object', properties: { row: int, field: str, message: str } },
    },
    createdAt: timestamp, finishedAt: { type: ['string', 'null'], format: 'date-time' },
  },
} as const;

const columnsDoc = importColumns.map((column) => `${column.header}: ${column.note}`).join('\n');

export async function importsRoutes(app: FastifyInstance): Promise<void> {
  const runner = new ImportRunner(app.db.knex, app.log);
  app.addHook('onClose', () => runner.drain());

  app.post<{ Querystring: { warehouseId?: string } }>('/imports/products', {
    config: { auth: 'staff', permission: 'catalog.write' },
    schema: {
      tags: ['catalog'],
      description: `multipart/form-data with one file part: a .csv (UTF-8 or GBK) or .xlsx sheet, header in row 1, at most ${MAX_IMPORT_ROWS} rows. `
        + 'Answers 202 with the job at once; poll GET /imports/{id}. With warehouseId (needs stock.write), 初始库存 of new SKUs is booked there.\n'
        + columnsDoc,
      consumes: ['multipart/form-data'],
      querystring: objectSchema({ warehouseId: uuid }),
      response: { 202: jobOutput, ...problemResponses, 415: problemResponses[400] },
    },
  }, async (request, reply) => {
    const auth = request.auth!;
    const { warehouseId } = request.query;
    if (warehouseId && !auth.permissions.includes('stock.write')) throw errors.LS_AUTH_FORBIDDEN('Booking initial stock needs the stock.write permission');
    const part = await request.file();
    if (!part) throw errors.LS_INPUT_INVALID('Send the sheet as a file part', { field: 'file' });
    const sheet = await readSheet(await part.toBuffer());
    const chunks = planImport(sheet);
    const tenantId = tenantOf(request);
    const job = await request.inTenant(async (trx) => {
      if (warehouseId) {
        const warehouse = await trx('warehouses').where({ id: warehouseId }).first('store_id');
        // A store-bound employee may only book stock into their stores: others look missing.
        if (!warehouse || (warehouse.store_id && auth.storeIds && !auth.storeIds.includes(warehouse.store_id))) {
          throw errors.LS_RESOURCE_NOT_FOUND('Warehouse not found', { field: 'warehouseId' });
        }
      }
      return createImportJob(trx, tenantId, { kind: 'products', filename: part.filename || 'products', totalRows: sheet.rows.length, createdBy: auth.staffId });
    });
    runner.start({ tenantId, jobId: job.id, warehouseId: warehouseId ?? null, staffId: auth.staffId, sheet, chunks });
    return reply.code(202).send(importJobToApi(job));
  });

  app.get<{ Querystring: ListQuery }>('/imports', {
    config: { auth: 'staff', permission: 'catalog.read' },
    schema: {
      tags: ['catalog'], querystring: objectSchema(listQueryProperties),
      response: { 200: { type: 'array', items: jobOutput }, ...problemResponses },
    },
  }, async (request, reply) => {
    const page = await request.inTenant((trx) => listPage<ImportJobRow>(trx('import_jobs').select('*'), request.query, {
      sortable: { id: 'id', createdAt: 'created_at', filename: 'filename' }, defaultSort: 'createdAt', search: ['filename'],
    }));
    reply.header('x-total-count', page.total);
    return page.rows.map(importJobToApi);
  });

  app.get<{ Params: { id: string } }>('/imports/:id', {
    config: { auth: 'staff', permission: 'catalog.read' },
    schema: { tags: ['catalog'], description: 'An import\'s progress and refused rows.', params: idParams, response: { 200: jobOutput, ...problemResponses } },
  }, async (request) => importJobToApi(await request.inTenant((trx) => getImportJob(trx, request.params.id))));

  app.get('/imports/products/template.csv', {
    config: { auth: 'staff', permission: 'catalog.read' },
    schema: { tags: ['catalog'], description: `The product import template (CSV, UTF-8 with BOM).\n${columnsDoc}`, response: { 200: { type: 'string', format: 'binary' } } },
  }, (_request, reply) => reply.type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="products-template.csv"`).send(csvTemplate()));

  app.get('/imports/products/template.xlsx', {
    config: { auth: 'staff', permission: 'catalog.read' },
    schema: { tags: ['catalog'], description: 'The product import template (XLSX, with a 说明 sheet).', response: { 200: { type: 'string', format: 'binary' } } },
  }, async (_request, reply) => reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .header('content-disposition', `attachment; filename="products-template.xlsx"`).send(await xlsxTemplate()));
}
