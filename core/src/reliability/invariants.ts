import type { Knex } from 'knex';

/**
 * The data invariants a crash must not break, read as the owner across every tenant. Each
 * query returns the rows that break its rule, so an empty list is a pass and a failure shows them.
 */
export const INVARIANTS: Record<string, string> = {
  'every order has lines': `
    select o.tenant_id, o.id from orders o
    where not exists (select 1 from order_lines l where l.tenant_id = o.tenant_id and l.order_id = o.id)`,
  'order totals add up: the lines sum to the total, base plus adjustments to the subtotal': `
    select o.tenant_id, o.id, o.total_fen, sum(l.total_fen) as lines_fen from orders o
    join order_lines l on l.tenant_id = o.tenant_id and l.order_id = o.id
    group by o.tenant_id, o.id having o.total_fen <> sum(l.total_fen) or o.subtotal_fen <> sum(l.base_total_fen)`,
  'stock ledger sums equal on-hand for every SKU': `
    select s.tenant_id, s.warehouse_id, s.sku_id, s.on_hand, coalesce(m.moved, 0) as moved from stock_levels s
    left join (select tenant_id, warehouse_id, sku_id, sum(delta) as moved from stock_movements group by 1, 2, 3) m
      on m.tenant_id = s.tenant_id and m.warehouse_id = s.warehouse_id and m.sku_id = s.sku_id
    where s.on_hand <> coalesce(m.moved, 0)`,
  'every paid order\'s succeeded payments cover its total, once (a payment replayed under its Idempotency-Key pays nothing more)': `
    select o.tenant_id, o.id, o.status, o.total_fen, coalesce(sum(p.amount_fen) filter (where p.status = 'succeeded'), 0) as succeeded_fen
    from orders o left join payments p on p.tenant_id = o.tenant_id and p.order_id = o.id
    where o.status in ('paid', 'fulfilled', 'completed', 'partially_refunded', 'refunded')
    group by o.tenant_id, o.id having coalesce(sum(p.amount_fen) filter (where p.status = 'succeeded'), 0) <> o.total_fen`,
  'an order\'s paid_fen is what its succeeded payments add up to': `
    select o.tenant_id, o.id, o.paid_fen, coalesce(sum(p.amount_fen) filter (where p.status = 'succeeded'), 0) as succeeded_fen
    from orders o left join payments p on p.tenant_id = o.tenant_id and p.order_id = o.id
    group by o.tenant_id, o.id having coalesce(sum(p.amount_fen) filter (where p.status = 'succeeded'), 0) <> o.paid_fen`,
};

/** Each invariant with the rows that break it (none when the data is sound). */
export async function brokenInvariants(knex: Knex): Promise<Record<string, unknown[]>> {
  const broken: Record<string, unknown[]> = {};
  for (const [rule, sql] of Object.entries(INVARIANTS)) broken[rule] = ((await knex.raw(sql)) as { rows: unknown[] }).rows;
  return broken;
}
