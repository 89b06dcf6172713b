import type { Trx } from '../db/tenant-tx.ts';

/** Orders that took money: a refund later lowers the figure, a cancelled or unpaid order never counts. */
const SALE_STATES = ['paid', 'fulfilled', 'completed', 'partially_refunded', 'refunded'];
const SERIES_DAYS = 30;

export interface DayFigures {
  /** A calendar day in Asia/Shanghai, YYYY-MM-DD. */
  date: string;
  /** What was paid on orders paid that day, less what has been refunded on them. */
  salesFen: number;
  orders: number;
}

export interface Dashboard {
  today: DayFigures & { averageTicketFen: number };
  series: DayFigures[];
}

const chinaDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today's date in Asia/Shanghai: the merchant's business day, whatever the server's zone. */
export function chinaToday(now = new Date()): string {
  return chinaDay.format(now);
}

/** The `count` days ending on `last` (inclusive), oldest first. */
export function daysEnding(last: string, count: number): string[] {
  const end = Date.parse(`${last}T00:00:00Z`);
  return Array.from({ length: count }, (_, i) => new Date(end - (count - 1 - i) * 86_400_000).toISOString().slice(0, 10));
}

/**
 * Sales per Asia/Shanghai day for the 30 days ending `today`. `storeIds` narrows to the stores
 * asked for (or the ones a store-bound staff member works in); undefined means every store.
 */
export async function dashboardFigures(trx: Trx, today: string, storeIds: string[] | undefined): Promise<Dashboard> {
  const days = daysEnding(today, SERIES_DAYS);
  const chinaDate = trx.raw("(paid_at at time zone 'Asia/Shanghai')::date");
  const query = trx('orders')
    .select(trx.raw(`to_char(${chinaDate.toQuery()}, 'YYYY-MM-DD') as day`))
    .sum({ sales: trx.raw('paid_fen - refunded_fen') })
    .count({ orders: '*' })
    .whereIn('status', SALE_STATES)
    .whereNotNull('paid_at')
    .whereRaw(`${chinaDate.toQuery()} between ?::date and ?::date`, [days[0]!, today])
    .groupByRaw(chinaDate.toQuery());
  if (storeIds) query.whereIn('store_id', storeIds);
  const rows = (await query) as unknown as { day: string; sales: string | number; orders: string | number }[];
  const byDay = new Map(rows.map((row) => [row.day, { salesFen: Number(row.sales), orders: Number(row.orders) }]));
  const series = days.map((date) => ({ date, ...(byDay.get(date) ?? { salesFen: 0, orders: 0 }) }));
  const last = series[series.length - 1]!;
  return {
    today: { ...last, averageTicketFen: last.orders > 0 ? Math.round(last.salesFen / last.orders) : 0 },
    series,
  };
}
