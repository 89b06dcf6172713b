import type { Trx } from '../db/tenant-tx.ts';
import { newId } from '../db/ids.ts';
import { errors, LingshouError } from '../errors.ts';
import { moveStock, setOnHand } from './stock.service.ts';

/** One line sets a counted figure (onHand) or moves by an amount (delta); the schema allows exactly one. */
export interface AdjustmentLine {
  skuId: string;
  onHand?: number;
  delta?: number;
}

export interface AdjustmentInput {
  warehouseId: string;
  lines: AdjustmentLine[];
  note?: string;
}

/**
 * Applies a manual adjustment (盘点/报损/更正) in one transaction. The adjustment gets its own id
 * and each line the source key `adjustment:<id>:<skuId>`, so the ledger shows which lines came
 * together and no line can be booked twice. A delta below zero is refused unless the warehouse
 * allows negative stock (its store's zero-stock-sale setting), which the database enforces.
 */
export async function adjustStock(trx: Trx, tenantId: string, input: AdjustmentInput, staffId: string | null) {
  const seen = new Set<string>();
  input.lines.forEach((line, i) => {
    if (seen.has(line.skuId)) throw errors.LS_INPUT_INVALID('Each SKU may appear once per adjustment', { field: `lines.${i}.skuId` });
    seen.add(line.skuId);
  });
  const known = new Set(await trx('skus').whereIn('id', [...seen]).pluck('id'));
  input.lines.forEach((line, i) => {
    if (!known.has(line.skuId)) throw errors.LS_RESOURCE_NOT_FOUND('SKU not found', { field: `lines.${i}.skuId` });
  });

  const id = newId();
  const note = input.note ?? '';
  const sourceKey = (skuId: string) => `adjustment:${id}:${skuId}`;
  // SKU order, as moveStockMany does, so concurrent adjustments queue instead of deadlocking.
  const ordered = input.lines.map((line, index) => ({ line, index })).sort((a, b) => a.line.skuId.localeCompare(b.line.skuId));
  for (const { line, index } of ordered) {
    const common = { warehouseId: input.warehouseId, skuId: line.skuId, sourceKey: sourceKey(line.skuId), note, staffId };
    if (line.onHand !== undefined) {
      await setOnHand(trx, tenantId, { ...common, onHand: line.onHand });
      continue;
    }
    try {
      await moveStock(trx, tenantId, { ...common, delta: line.delta!, type: 'adjustment', mayGoNegative: true });
    } catch (error) {
      if (error instanceof LingshouError && error.code === errors.LS_STOCK_INSUFFICIENT.code) {
        throw errors.LS_STOCK_INSUFFICIENT('Not enough stock to take this much away', {
          field: `lines.${index}.delta`, extra: error.extra, cause: error,
        });
      }
      throw error;
    }
  }

  const levels = await trx('stock_levels').where({ warehouse_id: input.warehouseId }).whereIn('sku_id', [...seen]).select('sku_id', 'on_hand');
  const onHand = new Map(levels.map((r: { sku_id: string; on_hand: string | number }) => [r.sku_id, Number(r.on_hand)]));
  const movements = await trx('stock_movements').whereIn('source_key', input.lines.map((l) => sourceKey(l.skuId))).select('id', 'sku_id', 'delta');
  const moved = new Map(movements.map((r: { id: string; sku_id: string; delta: string | number }) => [r.sku_id, r]));
  return {
    id, warehouseId: input.warehouseId, note,
    lines: input.lines.map((line) => {
      const movement = moved.get(line.skuId);
      // A count equal to what is on hand changes nothing and writes no ledger row.
      return {
        skuId: line.skuId, delta: Number(movement?.delta ?? 0), onHand: onHand.get(line.skuId) ?? 0, movementId: movement?.id ?? null,
      };
    }),
  };
}
