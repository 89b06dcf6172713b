import type { Trx } from '../../db/tenant-tx.ts';
import { newId } from '../../db/ids.ts';
import { errors } from '../../errors.ts';
import type { RowError } from './import-rows.ts';

/** A job keeps the first errors only; error_count still counts them all. */
export const MAX_STORED_ERRORS = 500;

export interface ImportJobRow {
  tenant_id: string;
  id: string;
  kind: string;
  filename: string;
  status: 'pending' | 'running' | 'done' | 'failed';
  total_rows: number;
  processed_rows: number;
  created_count: number;
  updated_count: number;
  error_count: number;
  errors: RowError[];
  created_by: string | null;
  created_at: Date;
  finished_at: Date | null;
}

export function importJobToApi(row: ImportJobRow) {
  return {
    id: row.id, kind: row.kind, filename: row.filename, status: row.status,
    totalRows: row.total_rows, processedRows: row.processed_rows,
    percent: row.total_rows === 0 ? 100 : Math.floor((row.processed_rows * 100) / row.total_rows),
    createdCount: row.created_count, updatedCount: row.updated_count, errorCount: row.error_count,
    errors: row.errors, createdAt: row.created_at, finishedAt: row.finished_at,
  };
}

export async function createImportJob(
  trx: Trx, tenantId: string, input: { kind: string; filename: string; totalRows: number; createdBy: string | null },
): Promise<ImportJobRow> {
  const [row] = await trx('import_jobs').insert({
    tenant_id: tenantId, id: newId(), kind: input.kind, filename: input.filename.slice(0, 200),
    total_rows: input.totalRows, created_by: input.createdBy,
  }).returning('*');
  return row as ImportJobRow;
}

export async function getImportJob(trx: Trx, id: string): Promise<ImportJobRow> {
  const row = await trx<ImportJobRow>('import_jobs').where({ id }).first();
  if (!row) throw errors.LS_RESOURCE_NOT_FOUND('Import not found');
  return row;
}

/** Adds one chunk's outcome, in the chunk's own transaction: progress never runs ahead of the writes. */
export async function recordChunk(
  trx: Trx, id: string, chunk: { processed: number; created: number; updated: number; errors: RowError[] },
): Promise<void> {
  await trx('import_jobs').where({ id }).update({
    status: 'running',
    processed_rows: trx.raw('processed_rows + ?', [chunk.processed]),
    created_count: trx.raw('created_count + ?', [chunk.created]),
    updated_count: trx.raw('updated_count + ?', [chunk.updated]),
    error_count: trx.raw('error_count + ?', [chunk.errors.length]),
    errors: trx.raw(
      `(select coalesce(jsonb_agg(e order by i), '[]'::jsonb)
          from jsonb_array_elements(errors || ?::jsonb) with ordinality as t(e, i) where i <= ?)`,
      [JSON.stringify(chunk.errors), MAX_STORED_ERRORS],
    ),
  });
}

export async function finishImportJob(trx: Trx, id: string, status: 'done' | 'failed', failure?: string): Promise<void> {
  await trx('import_jobs').where({ id }).update({
    status, finished_at: trx.fn.now(),
    ...(failure ? { errors: trx.raw(`errors || ?::jsonb`, [JSON.stringify([{ row: 0, field: '', message: failure }])]) } : {}),
  });
}
