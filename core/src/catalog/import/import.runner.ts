import type { FastifyBaseLogger } from 'fastify';
import type { Knex } from 'knex';
import { inTenant } from '../../db/tenant-tx.ts';
import { applyGroup, type ImportContext } from './import-apply.ts';
import { finishImportJob, recordChunk } from './import-jobs.service.ts';
import type { Sheet } from './import-parse.ts';
import { headerOf, isRowError, parseRow, type ImportRow, type RowError } from './import-rows.ts';

/** About this many rows are written per transaction: progress shows, and no transaction grows large. */
const CHUNK_ROWS = 50;

/** A slice of the file processed in one transaction: whole product groups, never half of one. */
export interface ImportChunk {
  rows: number;
  errors: RowError[];
  groups: ImportRow[][];
}

/** Parses every row and groups the good ones by product name, in the order the names first appear. */
export function planImport(sheet: Sheet): ImportChunk[] {
  const units: { first: number; rows: number; error?: RowError; group?: ImportRow[] }[] = [];
  const groups = new Map<string, { first: number; rows: number; group: ImportRow[] }>();
  for (const sheetRow of sheet.rows) {
    const parsed = parseRow(sheet, sheetRow);
    if (isRowError(parsed)) {
      units.push({ first: parsed.row, rows: 1, error: parsed });
      continue;
    }
    const unit = groups.get(parsed.name);
    if (unit) {
      unit.group.push(parsed);
      unit.rows++;
    } else {
      const created = { first: parsed.row, rows: 1, group: [parsed] };
      groups.set(parsed.name, created);
      units.push(created);
    }
  }
  const chunks: ImportChunk[] = [];
  let chunk: ImportChunk = { rows: 0, errors: [], groups: [] };
  for (const unit of units.sort((a, b) => a.first - b.first)) {
    if (unit.error) chunk.errors.push(unit.error);
    if (unit.group) chunk.groups.push(unit.group);
    chunk.rows += unit.rows;
    if (chunk.rows >= CHUNK_ROWS) {
      chunks.push(chunk);
      chunk = { rows: 0, errors: [], groups: [] };
    }
  }
  if (chunk.rows > 0) chunks.push(chunk);
  return chunks;
}

export interface ImportRun {
  tenantId: string;
  jobId: string;
  warehouseId: string | null;
  staffId: string | null;
  sheet: Sheet;
  chunks: ImportChunk[];
}

/**
 * Runs imports in this process after the upload has been answered with 202, one transaction per
 * chunk. The plugin-host work will move this onto pg-boss jobs (durable, retried, run by any
 * worker); until then an import cut short by a restart stays `running` and is uploaded again.
 */
export class ImportRunner {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly knex: Knex, private readonly log: FastifyBaseLogger) {}

  start(run: ImportRun): void {
    const task: Promise<void> = this.process(run).finally(() => this.running.delete(task));
    this.running.add(task);
  }

  /** Waits for the imports in progress; the server calls it on close, before the database goes. */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.running]);
  }

  private async process(run: ImportRun): Promise<void> {
    const ctx: ImportContext = {
      tenantId: run.tenantId, jobId: run.jobId, warehouseId: run.warehouseId, staffId: run.staffId,
      header: (column) => headerOf(run.sheet.headers, column),
    };
    try {
      for (const chunk of run.chunks) {
        await inTenant(this.knex, run.tenantId, async (trx) => {
          const outcome = { processed: chunk.rows, created: 0, updated: 0, errors: [...chunk.errors] };
          for (const group of chunk.groups) {
            const result = await applyGroup(trx, ctx, group);
            outcome.created += result.created;
            outcome.updated += result.updated;
            outcome.errors.push(...result.errors);
          }
          outcome.errors.sort((a, b) => a.row - b.row);
          await recordChunk(trx, run.jobId, outcome);
        });
      }
      await inTenant(this.knex, run.tenantId, (trx) => finishImportJob(trx, run.jobId, 'done'));
    } catch (error) {
      this.log.error({ err: error, jobId: run.jobId }, 'product import failed');
      await inTenant(this.knex, run.tenantId, (trx) => finishImportJob(trx, run.jobId, 'failed', 'The import stopped on an internal error'))
        .catch((finishError: unknown) => this.log.error({ err: finishError, jobId: run.jobId }, 'could not mark the import failed'));
    }
  }
}
