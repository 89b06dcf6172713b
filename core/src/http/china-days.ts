import type { Knex } from 'knex';
import { errors } from '../errors.ts';

/**
 * List filters by merchant day: `dateFrom` and `dateTo` are calendar days in Asia/Shanghai, both
 * included, so a day runs from Shanghai midnight to the next (16:00 to 16:00 UTC).
 */
export const chinaDayQueryProperties = {
  dateFrom: { type: 'string', format: 'date', description: 'First day (Asia/Shanghai), included' },
  dateTo: { type: 'string', format: 'date', description: 'Last day (Asia/Shanghai), included' },
} as const;

export interface ChinaDayQuery {
  dateFrom?: string;
  dateTo?: string;
}

// China has kept UTC+8 all year since 1991: a fixed offset is exact for the dates a shop lists.
const midnight = (date: string) => new Date(`${date}T00:00:00+08:00`);

/** Narrows `base` to rows whose `column` falls on the asked Shanghai days. */
export function whereChinaDays(base: Knex.QueryBuilder, column: string, query: ChinaDayQuery): void {
  const { dateFrom, dateTo } = query;
  if (dateFrom && dateTo && dateTo < dateFrom) {
    throw errors.LS_INPUT_INVALID('dateTo is before dateFrom', { field: 'dateTo' });
  }
  if (dateFrom) base.where(column, '>=', midnight(dateFrom));
  if (dateTo) {
    const next = midnight(dateTo);
    next.setUTCDate(next.getUTCDate() + 1);
    base.where(column, '<', next);
  }
}
