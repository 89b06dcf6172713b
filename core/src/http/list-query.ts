import type { Knex } from 'knex';
import { errors } from '../errors.ts';

export interface ListQuery {
  _start?: number;
  _end?: number;
  _sort?: string;
  _order?: 'asc' | 'desc' | 'ASC' | 'DESC';
  q?: string;
}

export interface ListSpec {
  /** API field name → SQL column that may be sorted on. */
  sortable: Record<string, string>;
  defaultSort: string;
  /** Columns matched by `q` (case-insensitive substring). */
  search?: string[];
}

/**
 * Applies the list conventions (docs/api.md) to a query: text search, sort, then a slice.
 * Returns the page and the total before slicing, for the `x-total-count` header.
 */
export async function listPage<Row>(
  base: Knex.QueryBuilder,
  query: ListQuery,
  spec: ListSpec,
): Promise<{ rows: Row[]; total: number }> {
  const filtered = base.clone();
  if (query.q && spec.search?.length) {
    const pattern = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    filtered.where((w) => {
      for (const column of spec.search ?? []) w.orWhereILike(column, pattern);
    });
  }
  const sortField = query._sort ?? spec.defaultSort;
  const column = spec.sortable[sortField];
  if (!column) {
    throw errors.LS_INPUT_INVALID(`_sort must be one of ${Object.keys(spec.sortable).join(', ')}`, { field: '_sort' });
  }
  const start = query._start ?? 0;
  const end = Math.max(start, query._end ?? start + 25);
  const direction = (query._order ?? 'asc').toLowerCase() as 'asc' | 'desc';
  // One statement: the window count rides along with the page.
  const rows = (await filtered
    .clone()
    .select(filtered.client.raw('count(*) over () as __total'))
    .orderBy(column, direction)
    .orderBy(spec.sortable.id ?? column, direction)
    .offset(start)
    .limit(Math.min(end - start, 500))) as (Row & { __total: string })[];
  // A page past the end has no row to carry the count: count on its own, without the base's columns.
  const total = rows.length > 0 ? Number(rows[0]!.__total) : start === 0 ? 0
    : Number((await filtered.clone().clearSelect().clearOrder().count({ n: '*' }).first())?.n ?? 0);
  for (const row of rows) delete (row as { __total?: string }).__total;
  return { rows, total };
}
