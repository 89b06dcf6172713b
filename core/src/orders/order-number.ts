import type { Trx } from '../db/tenant-tx.ts';

// Built once: a formatter costs far more to make than to use.
const chinaDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The business day in China, which is what an order number's date means. */
export function businessDate(at: Date = new Date()): string {
  return chinaDay.format(at);
}

/**
 * The next order number for a store and day: `<store code><yyyymmdd><4+ digit sequence>`, e.g.
 * `01202611280007`. The counter row stays locked until the transaction ends: the till takes its
 * number in a short transaction of its own (POST /pos/orders); other orders take it late.
 */
export async function nextOrderNumber(trx: Trx, tenantId: string, storeId: string, storeCode: string, at?: Date): Promise<string> {
  const day = businessDate(at);
  const result = await trx.raw(
    `insert into order_sequences (tenant_id, store_id, business_date, last_number) values (?, ?, ?, 1)
     on conflict (tenant_id, store_id, business_date) do update set last_number = order_sequences.last_number + 1
     returning last_number`,
    [tenantId, storeId, day],
  );
  const n = (result.rows as { last_number: number }[])[0]!.last_number;
  return `${storeCode}${day.replaceAll('-', '')}${String(n).padStart(4, '0')}`;
}
