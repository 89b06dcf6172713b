import type { Trx } from '../db/tenant-tx.ts';

// Built once: a formatter costs far more to make than to use.
const chinaDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The business day in China, which is what an order number's date means. */
export function businessDate(at: Date = new Date()): string {
  return chinaDay.format(at);
}

function formatOrderNumber(storeCode: string, day: string, sequence: number): string {
  return `${storeCode}${day.replaceAll('-', '')}${String(sequence).padStart(4, '0')}`;
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
  return formatOrderNumber(storeCode, day, (result.rows as { last_number: number }[])[0]!.last_number);
}

/**
 * What the till needs before a sale, in one statement: the order an earlier upload of this
 * clientOrderId made, or else the next number of the store's day (none for an unknown store:
 * the sale itself then says so).
 */
export async function takeTillOrderNumber(
  trx: Trx, tenantId: string, storeId: string, clientOrderId: string, at?: Date,
): Promise<{ existingId: string } | { number: string | undefined }> {
  const day = businessDate(at);
  const result = await trx.raw(
    `with existing as (select id from orders where client_order_id = :clientOrderId),
          store as (select code from stores where id = :storeId),
          counter as (
            insert into order_sequences (tenant_id, store_id, business_date, last_number)
            select :tenantId, :storeId, :day, 1 from store where not exists (select 1 from existing)
            on conflict (tenant_id, store_id, business_date) do update set last_number = order_sequences.last_number + 1
            returning last_number)
     select (select id from existing) as existing_id, (select code from store) as code, (select last_number from counter) as last_number`,
    { clientOrderId, storeId, tenantId, day },
  );
  const row = (result.rows as { existing_id: string | null; code: string | null; last_number: number | null }[])[0]!;
  if (row.existing_id) return { existingId: row.existing_id };
  if (row.code === null || row.last_number === null) return { number: undefined };
  return { number: formatOrderNumber(row.code, day, row.last_number) };
}
