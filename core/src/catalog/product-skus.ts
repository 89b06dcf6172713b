import type { Trx } from '../db/tenant-tx.ts';
import { newId } from '../db/ids.ts';
import { errors } from '../errors.ts';
import { resolveSkuSpecs, type SpecDef, type SpecValues } from './specs.ts';

export interface SkuRow {
  tenant_id: string;
  id: string;
  product_id: string;
  spec_values: SpecValues;
  spec_key: string;
  code: string | null;
  barcode: string | null;
  /** bigint columns arrive as strings from pg. */
  price_fen: string | number;
  cost_fen: string | number | null;
  active: boolean;
  created_at: Date;
  updated_at: Date;
}

export interface SkuInput {
  /** An existing SKU of this product; without it a SKU is matched by its specs, else created. */
  id?: string;
  specValues?: SpecValues;
  priceFen: number;
  costFen?: number | null;
  barcode?: string | null;
  code?: string | null;
  active?: boolean;
}

type ResolvedSku = SkuInput & { specValues: SpecValues; specKey: string };

/** The SKUs of a product, oldest first. */
export function skusOf(trx: Trx, productId: string): Promise<SkuRow[]> {
  return trx<SkuRow>('skus').where({ product_id: productId }).orderBy('id');
}

/**
 * Makes a product's SKUs match `inputs`: each input updates the SKU it names (or that has its
 * specs) or is added. An active SKU left out is deleted if nothing ever referred to it; one that
 * was sold or moved stock is only deactivated, so orders and the stock ledger keep their SKU.
 */
export async function saveSkus(
  trx: Trx, tenantId: string, productId: string, specs: SpecDef[], inputs: SkuInput[], existing: SkuRow[],
): Promise<void> {
  const resolved = resolveSkuSpecs(specs, inputs);
  const byId = new Map(existing.map((row) => [row.id, row]));
  const claimed = new Map<string, number>();
  const targets: (SkuRow | undefined)[] = resolved.map((sku, i) => {
    if (sku.id === undefined) return undefined;
    const row = byId.get(sku.id);
    if (!row) throw errors.LS_RESOURCE_NOT_FOUND('This SKU is not one of the product\'s', { field: `skus.${i}.id` });
    if (claimed.has(row.id)) throw errors.LS_INPUT_INVALID(`The same SKU as skus.${claimed.get(row.id)}`, { field: `skus.${i}.id` });
    claimed.set(row.id, i);
    return row;
  });
  resolved.forEach((sku, i) => {
    if (targets[i]) return;
    const row = existing.find((r) => r.spec_key === sku.specKey && !claimed.has(r.id));
    if (row) {
      claimed.set(row.id, i);
      targets[i] = row;
    }
  });

  // Only active SKUs can be "left out": inactive ones are history, or were switched off on purpose.
  const leftOut = existing.filter((row) => !claimed.has(row.id) && row.active);
  const used = await usedSkuIds(trx, leftOut.map((row) => row.id));
  const unused = leftOut.filter((row) => !used.has(row.id)).map((row) => row.id);
  if (unused.length > 0) await trx('skus').whereIn('id', unused).delete();
  const deactivated = leftOut.filter((row) => used.has(row.id)).map((row) => row.id);
  if (deactivated.length > 0) await trx('skus').whereIn('id', deactivated).update({ active: false, updated_at: trx.fn.now() });
  const kept = existing.filter((row) => !claimed.has(row.id) && !unused.includes(row.id));
  resolved.forEach((sku, i) => {
    const holder = kept.find((row) => row.spec_key === sku.specKey);
    if (holder) {
      throw errors.LS_RESOURCE_CONFLICT('An inactive SKU with these specs is kept for its history; edit that SKU instead', {
        field: `skus.${i}.specValues`, extra: { skuId: holder.id },
      });
    }
  });

  await assertCodesFree(trx, resolved, [...claimed.keys()]);
  await writeSkus(trx, tenantId, productId, resolved, targets);
}

async function usedSkuIds(trx: Trx, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await trx('order_lines').whereIn('sku_id', ids).distinct('sku_id')
    .union((u) => u.from('stock_movements').whereIn('sku_id', ids).distinct('sku_id')) as { sku_id: string }[];
  return new Set(rows.map((row) => row.sku_id));
}

/** Barcodes and codes are unique per tenant: refuse a duplicate naming the SKU that carries it. */
async function assertCodesFree(trx: Trx, skus: ResolvedSku[], ownIds: string[]): Promise<void> {
  for (const column of ['barcode', 'code'] as const) {
    const seen = new Map<string, number>();
    skus.forEach((sku, i) => {
      const value = sku[column];
      if (!value) return;
      if (seen.has(value)) throw codeTaken(column, i, `The same ${column} as skus.${seen.get(value)}`);
      seen.set(value, i);
    });
    if (seen.size === 0) continue;
    const query = trx('skus as s').join('products as p', 'p.id', 's.product_id')
      .whereIn(`s.${column}`, [...seen.keys()]).first(`s.${column} as value`, 's.id', 's.product_id', 'p.name');
    if (ownIds.length > 0) query.whereNotIn('s.id', ownIds);
    const taken = await query as { value: string; id: string; product_id: string; name: string } | undefined;
    if (taken) {
      throw codeTaken(column, seen.get(taken.value)!, `${taken.value} is already used by ${taken.name}`, {
        skuId: taken.id, productId: taken.product_id,
      });
    }
  }
}

function codeTaken(column: 'barcode' | 'code', index: number, message: string, extra?: Record<string, unknown>) {
  const factory = column === 'barcode' ? errors.LS_CATALOG_BARCODE_TAKEN : errors.LS_RESOURCE_CONFLICT;
  return factory(message, { field: `skus.${index}.${column}`, ...(extra ? { extra } : {}) });
}

async function writeSkus(
  trx: Trx, tenantId: string, productId: string, skus: ResolvedSku[], targets: (SkuRow | undefined)[],
): Promise<void> {
  const values = (sku: ResolvedSku) => ({
    spec_values: JSON.stringify(sku.specValues), spec_key: sku.specKey, price_fen: sku.priceFen,
    cost_fen: sku.costFen ?? null, barcode: sku.barcode ?? null, code: sku.code ?? null, active: sku.active ?? true,
  });
  // Unique columns are checked per statement: park the changing ones first, so two SKUs can swap barcodes or specs.
  const moving = skus.flatMap((sku, i) => {
    const row = targets[i];
    const moves = row && (row.spec_key !== sku.specKey || row.barcode !== (sku.barcode ?? null) || row.code !== (sku.code ?? null));
    return moves ? [row.id] : [];
  });
  if (moving.length > 0) {
    await trx('skus').whereIn('id', moving).update({ spec_key: trx.raw(`'moving:' || id::text`), barcode: null, code: null });
  }
  const inserts = [];
  for (const [i, sku] of skus.entries()) {
    const row = targets[i];
    if (row && !moving.includes(row.id) && unchanged(row, sku)) continue;
    if (row) await trx('skus').where({ id: row.id }).update({ ...values(sku), updated_at: trx.fn.now() });
    else inserts.push({ tenant_id: tenantId, id: newId(), product_id: productId, ...values(sku) });
  }
  if (inserts.length > 0) await trx('skus').insert(inserts);
}

function unchanged(row: SkuRow, sku: ResolvedSku): boolean {
  return Number(row.price_fen) === sku.priceFen && (row.cost_fen === null ? null : Number(row.cost_fen)) === (sku.costFen ?? null)
    && row.active === (sku.active ?? true);
}
