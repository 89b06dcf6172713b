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

/** Several moves in one transaction, in SKU order so that concurrent orders never deadlock. */
export async function moveStockMany(trx: Trx, tenantId: string, moves: StockMove[]): Promise<StockMoveResult[]> {
  const ordered = [...moves].sort((a, b) => (a.warehouseId + a.skuId).localeCompare(b.warehouseId + b.skuId));
  const results: StockMoveResult[] = [];
  for (const move of ordered) results.push(await moveStock(trx, tenantId, move));
  return results;
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
