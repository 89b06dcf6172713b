import type { Trx } from '../db/tenant-tx.ts';
import { newId } from '../db/ids.ts';
import { errors } from '../errors.ts';

export interface StockMove {
  warehouseId: string;
  skuId: string;
  /** Positive adds stock, negative takes it. Pieces, or grams for weighed goods. */
  delta: number;
  /** `sale`, `refund`, `adjustment`, ... (plugins add theirs). */
  type: string;
  /** The cause, unique per tenant: the same cause never moves stock twice. */
  sourceKey: string;
  note?: string;
  staffId?: string | null;
  /** The till selling with the store's zero-stock setting on may take stock below zero. */
  mayGoNegative?: boolean;
}

export interface StockMoveResult {
  movementId: string;
  balanceAfter: number;
}

/**
 * Moves stock and writes the ledger row in one statement. The conditional update (and behind
 * it the CHECK on stock_levels) is what prevents overselling: concurrent sales queue on the row,
 * and a sale that would go below zero updates nothing and is refused.
 */
export async function moveStock(trx: Trx, tenantId: string, move: StockMove): Promise<StockMoveResult> {
  if (!Number.isSafeInteger(move.delta) || move.delta === 0) throw new Error(`moveStock: bad delta ${move.delta}`);
  if (move.delta > 0) {
    await trx.raw(
      `insert into stock_levels (tenant_id, warehouse_id, sku_id, on_hand, allow_negative)
       select ?, w.id, ?, 0, w.allow_negative from warehouses w where w.id = ?
       on conflict do nothing`,
      [tenantId, move.skuId, move.warehouseId],
    );
  }
  const movementId = newId();
  const result = await trx.raw(
    `with level as (
       update stock_levels set on_hand = on_hand + :delta, updated_at = now()
        where warehouse_id = :warehouseId and sku_id = :skuId
          and (on_hand + :delta >= 0 or :delta > 0 or (allow_negative and :mayGoNegative))
       returning on_hand)
     insert into stock_movements (tenant_id, id, warehouse_id, sku_id, delta, balance_after, type, source_key, note, staff_id)
     select :tenantId, :movementId, :warehouseId, :skuId, :delta, level.on_hand, :type, :sourceKey, :note, :staffId from level
     returning balance_after`,
    {
      delta: move.delta, warehouseId: move.warehouseId, skuId: move.skuId, mayGoNegative: move.mayGoNegative ?? false,
      tenantId, movementId, type: move.type, sourceKey: move.sourceKey, note: move.note ?? '', staffId: move.staffId ?? null,
    },
  );
  const row = (result.rows as { balance_after: string }[])[0];
  if (!row) {
    throw errors.LS_STOCK_INSUFFICIENT('Not enough stock', { extra: { skuId: move.skuId, warehouseId: move.warehouseId } });
  }
  return { movementId, balanceAfter: Number(row.balance_after) };
}

/**
 * Several moves in one statement, whatever their number (a 50-line sale is one round trip). The
 * rows are locked in warehouse and SKU order, so concurrent orders queue instead of deadlocking;
 * moves of one SKU add up against its row, each writing its own ledger row with the balance it
 * left. The first move (in the given order) that would oversell refuses the whole batch.
 * Results come back in the order of `moves`.
 */
export async function moveStockMany(trx: Trx, tenantId: string, moves: StockMove[]): Promise<StockMoveResult[]> {
  if (moves.length === 0) return [];
  if (moves.length === 1) return [await moveStock(trx, tenantId, moves[0]!)];
  for (const move of moves) if (!Number.isSafeInteger(move.delta) || move.delta === 0) throw new Error(`moveStockMany: bad delta ${move.delta}`);
  const rows = moves.map((move, ord) => ({
    ord, movement_id: newId(), warehouse_id: move.warehouseId, sku_id: move.skuId, delta: move.delta, type: move.type,
    source_key: move.sourceKey, note: move.note ?? '', staff_id: move.staffId ?? null, may_go_negative: move.mayGoNegative ?? false,
  }));
  if (moves.some((move) => move.delta > 0)) {
    await trx.raw(
      `insert into stock_levels (tenant_id, warehouse_id, sku_id, on_hand, allow_negative)
       select distinct ?::uuid, w.id, m.sku_id, 0::bigint, w.allow_negative
         from jsonb_to_recordset(?::jsonb) as m(warehouse_id uuid, sku_id uuid) join warehouses w on w.id = m.warehouse_id
       on conflict do nothing`,
      [tenantId, JSON.stringify(rows.filter((row) => row.delta > 0).map(({ warehouse_id, sku_id }) => ({ warehouse_id, sku_id })))],
    );
  }
  const result = await trx.raw(
    `with moves as (
       select * from jsonb_to_recordset(:moves::jsonb) as m(ord int, movement_id uuid, warehouse_id uuid, sku_id uuid, delta bigint,
         type text, source_key text, note text, staff_id uuid, may_go_negative boolean)),
     wanted as (
       select warehouse_id, sku_id, sum(delta)::bigint as delta, bool_and(may_go_negative) as may_go_negative
         from moves group by warehouse_id, sku_id),
     locked as (
       select l.warehouse_id, l.sku_id from stock_levels l join wanted w using (warehouse_id, sku_id)
        where l.warehouse_id = any(:warehouseIds::uuid[]) and l.sku_id = any(:skuIds::uuid[])
        order by l.warehouse_id, l.sku_id for update of l),
     level as (
       update stock_levels l set on_hand = l.on_hand + w.delta, updated_at = now()
         from wanted w join locked k using (warehouse_id, sku_id)
        where l.warehouse_id = w.warehouse_id and l.sku_id = w.sku_id
          and l.warehouse_id = any(:warehouseIds::uuid[]) and l.sku_id = any(:skuIds::uuid[])
          and (l.on_hand + w.delta >= 0 or w.delta > 0 or (l.allow_negative and w.may_go_negative))
       returning l.warehouse_id, l.sku_id, l.on_hand)
     insert into stock_movements (tenant_id, id, warehouse_id, sku_id, delta, balance_after, type, source_key, note, staff_id)
     select :tenantId, m.movement_id, m.warehouse_id, m.sku_id, m.delta,
            level.on_hand - coalesce(sum(m.delta) over (partition by m.warehouse_id, m.sku_id order by m.ord
              rows between 1 following and unbounded following), 0),
            m.type, m.source_key, m.note, m.staff_id
       from moves m join level using (warehouse_id, sku_id)
     returning id, balance_after`,
    // The key lists let the planner reach the rows by primary key: it cannot tell how few rows
    // jsonb_to_recordset gives, and would otherwise scan every stock row of the merchant.
    {
      moves: JSON.stringify(rows), tenantId,
      warehouseIds: [...new Set(rows.map((row) => row.warehouse_id))], skuIds: [...new Set(rows.map((row) => row.sku_id))],
    },
  );
  const balances = new Map((result.rows as { id: string; balance_after: string }[]).map((row) => [row.id, Number(row.balance_after)]));
  const refused = rows.find((row) => !balances.has(row.movement_id));
  if (refused) {
    throw errors.LS_STOCK_INSUFFICIENT('Not enough stock', { extra: { skuId: refused.sku_id, warehouseId: refused.warehouse_id } });
  }
  return rows.map((row) => ({ movementId: row.movement_id, balanceAfter: balances.get(row.movement_id)! }));
}

/** Sets on-hand to a counted figure (a stocktake or a correction) as one adjustment movement. */
export async function setOnHand(
  trx: Trx, tenantId: string, input: { warehouseId: string; skuId: string; onHand: number; sourceKey: string; note?: string; staffId?: string | null },
): Promise<StockMoveResult | null> {
  const current = await trx('stock_levels')
    .where({ warehouse_id: input.warehouseId, sku_id: input.skuId })
    .forUpdate()
    .first('on_hand');
  const delta = input.onHand - Number(current?.on_hand ?? 0);
  if (delta === 0) return null;
  return moveStock(trx, tenantId, {
    warehouseId: input.warehouseId, skuId: input.skuId, delta, type: 'adjustment', sourceKey: input.sourceKey,
    note: input.note, staffId: input.staffId, mayGoNegative: true,
  });
}
