import type { Trx } from '../../db/tenant-tx.ts';
import { LingshouError } from '../../errors.ts';
import { toLingshouError } from '../../http/problem.ts';
import { moveStock } from '../../stock/stock.service.ts';
import { ensureCategoryPath } from '../categories.service.ts';
import { createProduct, getProductRow, updateProduct, type ProductDetail, type ProductInput } from '../products.service.ts';
import { skusOf, type SkuInput } from '../product-skus.ts';
import type { SpecDef } from '../specs.ts';
import type { ImportColumnKey } from './import-columns.ts';
import type { ImportRow, RowError } from './import-rows.ts';

export interface ImportContext {
  tenantId: string;
  jobId: string;
  /** Where 初始库存 goes; without it the column is ignored. */
  warehouseId: string | null;
  staffId: string | null;
  header(column: ImportColumnKey): string;
}

export interface GroupOutcome {
  created: number;
  updated: number;
  errors: RowError[];
}

/** A row the group cannot take; the others are written without it. */
class RowRefused extends Error {
  constructor(readonly row: ImportRow, readonly column: ImportColumnKey, message: string) {
    super(message);
  }
}

/** Service fields of a SKU input → the sheet column they came from. */
const skuFieldColumns: Record<string, ImportColumnKey> = {
  barcode: 'barcode', code: 'code', priceFen: 'price', costFen: 'cost', specValues: 'spec', id: 'barcode',
};

/**
 * Writes the rows of one product name, atomically: each attempt runs in a savepoint, and a row
 * the services refuse is dropped and the rest tried again, so one bad row never stops the others
 * and no row is ever half-written.
 */
export async function applyGroup(trx: Trx, ctx: ImportContext, group: ImportRow[]): Promise<GroupOutcome> {
  const errors: RowError[] = [];
  let rows = group;
  while (rows.length > 0) {
    try {
      const written = await trx.transaction((sp) => writeGroup(sp, ctx, rows));
      return { ...written, errors };
    } catch (error) {
      if (error instanceof RowRefused) {
        errors.push({ row: error.row.row, field: ctx.header(error.column), message: error.message });
        rows = rows.filter((row) => row !== error.row);
        continue;
      }
      const refused = toLingshouError(error);
      if (refused.statusCode >= 500) throw error;
      for (const row of rows) errors.push({ row: row.row, field: ctx.header('name'), message: refused.message });
      break;
    }
  }
  return { created: 0, updated: 0, errors };
}

async function writeGroup(trx: Trx, ctx: ImportContext, rows: ImportRow[]): Promise<{ created: number; updated: number }> {
  const first = rows[0]!;
  const seen = new Map<string, ImportRow>();
  for (const row of rows) {
    const earlier = seen.get(row.specKey);
    if (earlier) throw new RowRefused(row, 'spec', `Row ${earlier.row} has the same product and specs`);
    seen.set(row.specKey, row);
  }
  const categoryPath = rows.find((row) => row.categoryPath.length > 0)?.categoryPath;
  const categoryId = categoryPath ? await ensureCategoryPath(trx, ctx.tenantId, categoryPath) : undefined;
  const fields = productFields(rows, categoryId);
  const existing = await findProduct(trx, first.name, rows);
  // Each entry of `skus` is one row; entries for existing SKUs the sheet does not mention have none.
  const skuRows: (ImportRow | undefined)[] = [];
  const skus: SkuInput[] = [];
  const created = new Set<ImportRow>();
  let detail: ProductDetail;
  try {
    if (!existing) {
      const specs = specsFrom(first.spec.map(([name]) => name), rows);
      for (const row of rows) {
        skus.push(skuInput(row));
        skuRows.push(row);
        created.add(row);
      }
      detail = await createProduct(trx, ctx.tenantId, { ...fields, name: first.name, specs, skus });
    } else {
      const product = await getProductRow(trx, existing);
      const specs = specsFrom(product.specs.map((spec) => spec.name), rows, product.specs);
      const current = await skusOf(trx, existing);
      const matched = new Map<string, ImportRow>();
      for (const row of rows) {
        const sku = current.find((s) => s.barcode !== null && s.barcode === row.barcode)
          ?? current.find((s) => s.code !== null && s.code === row.code)
          ?? current.find((s) => s.spec_key === row.specKey);
        if (sku && !matched.has(sku.id)) matched.set(sku.id, row);
        else created.add(row);
      }
      // SKUs the sheet does not mention go first, so a clash with one of them is blamed on a row.
      for (const sku of current) {
        if (!sku.active || matched.has(sku.id)) continue;
        skus.push({
          id: sku.id, specValues: sku.spec_values, priceFen: Number(sku.price_fen),
          costFen: sku.cost_fen === null ? null : Number(sku.cost_fen), barcode: sku.barcode, code: sku.code,
        });
        skuRows.push(undefined);
      }
      // Blank optional cells keep what the SKU has.
      for (const [id, row] of matched) {
        const sku = current.find((s) => s.id === id)!;
        skus.push({
          ...skuInput(row), id, barcode: row.barcode ?? sku.barcode, code: row.code ?? sku.code,
          costFen: row.costFen ?? (sku.cost_fen === null ? null : Number(sku.cost_fen)),
        });
        skuRows.push(row);
      }
      for (const row of created) {
        skus.push(skuInput(row));
        skuRows.push(row);
      }
      detail = await updateProduct(trx, ctx.tenantId, existing, { ...fields, specs, skus });
    }
  } catch (error) {
    throw blame(error, skuRows);
  }
  await addInitialStock(trx, ctx, detail, [...created]);
  return { created: created.size, updated: rows.length - created.size };
}

/** Product-level columns come from the first row that fills them; blank means "keep" (or the default when new). */
function productFields(rows: ImportRow[], categoryId: string | undefined): Partial<ProductInput> {
  const weighed = rows.find((row) => row.weighed !== null)?.weighed;
  const unit = rows.find((row) => row.unit !== null)?.unit;
  const labels = rows.find((row) => row.labels !== null)?.labels;
  return {
    ...(categoryId ? { categoryId } : {}),
    ...(weighed === undefined || weighed === null ? {} : { weighed }),
    ...(unit ? { unit } : {}),
    ...(labels ? { labels } : {}),
  };
}

/** The product with this name: the one that owns a barcode or code of the rows, else the oldest. */
async function findProduct(trx: Trx, name: string, rows: ImportRow[]): Promise<string | undefined> {
  const candidates = (await trx('products').where({ name }).orderBy('id').select('id') as { id: string }[]).map((p) => p.id);
  if (candidates.length <= 1) return candidates[0];
  const barcodes = rows.flatMap((row) => (row.barcode ? [row.barcode] : []));
  const codes = rows.flatMap((row) => (row.code ? [row.code] : []));
  const owner = await trx('skus').whereIn('product_id', candidates)
    .where((w) => w.whereIn('barcode', barcodes).orWhereIn('code', codes)).first('product_id') as { product_id: string } | undefined;
  return owner?.product_id ?? candidates[0];
}

/** The specs the rows use, in the order of `names`, merged into the product's existing values. */
function specsFrom(names: string[], rows: ImportRow[], existing: SpecDef[] = []): SpecDef[] {
  const specs = names.map((name) => ({ name, values: [...(existing.find((s) => s.name === name)?.values ?? [])] }));
  for (const row of rows) {
    const rowNames = row.spec.map(([name]) => name);
    if (rowNames.length !== names.length || rowNames.some((name) => !names.includes(name))) {
      throw new RowRefused(row, 'spec', names.length === 0 ? 'This product has no specs' : `Name exactly the specs ${names.join(', ')}`);
    }
    for (const [name, value] of row.spec) {
      const spec = specs.find((s) => s.name === name)!;
      if (!spec.values.includes(value)) spec.values.push(value);
    }
  }
  return specs;
}

function skuInput(row: ImportRow): SkuInput {
  return {
    specValues: Object.fromEntries(row.spec), priceFen: row.priceFen, costFen: row.costFen,
    barcode: row.barcode, code: row.code, active: true,
  };
}

/** Turns a service refusal that names `skus.<i>.<field>` into a refusal of that row. */
function blame(error: unknown, skuRows: (ImportRow | undefined)[]): unknown {
  if (!(error instanceof LingshouError) || !error.field) return error;
  const match = /^skus\.(\d+)\.(\w+)/.exec(error.field);
  const row = match ? skuRows[Number(match[1])] : undefined;
  if (!row) return error;
  return new RowRefused(row, skuFieldColumns[match![2]!] ?? 'name', error.message);
}

async function addInitialStock(trx: Trx, ctx: ImportContext, detail: ProductDetail, rows: ImportRow[]): Promise<void> {
  if (!ctx.warehouseId) return;
  for (const row of rows) {
    if (!row.stockMilli) continue;
    const weighed = detail.product.weighed;
    if (!weighed && row.stockMilli % 1000 !== 0) throw new RowRefused(row, 'stock', 'Stock is a whole number of pieces');
    const sku = detail.skus.find((s) => s.spec_key === row.specKey)!;
    await moveStock(trx, ctx.tenantId, {
      warehouseId: ctx.warehouseId, skuId: sku.id, delta: weighed ? row.stockMilli : row.stockMilli / 1000, type: 'initial',
      sourceKey: `import:${ctx.jobId}:row:${row.row}`, note: 'import', staffId: ctx.staffId,
    });
  }
}
