import { pinyin } from 'pinyin-pro';
import type { Trx } from '../db/tenant-tx.ts';
import { newId } from '../db/ids.ts';
import { errors } from '../errors.ts';
import type { Storage } from '../storage/storage.ts';
import { categoryAndDescendants, getCategoryRow } from './categories.service.ts';
import { saveSkus, skusOf, type SkuInput, type SkuRow } from './product-skus.ts';
import { assertSpecs, resolveSkuSpecs, specTextOf, type SpecDef } from './specs.ts';

export type ProductStatus = 'on_sale' | 'off_sale';

export interface ProductRow {
  tenant_id: string;
  id: string;
  category_id: string | null;
  name: string;
  subtitle: string;
  description: string;
  specs: SpecDef[];
  labels: string[];
  images: string[];
  weighed: boolean;
  unit: string;
  status: ProductStatus;
  pinyin: string;
  created_at: Date;
  updated_at: Date;
}

export interface ProductInput {
  categoryId?: string | null;
  name: string;
  subtitle?: string;
  description?: string;
  specs?: SpecDef[];
  labels?: string[];
  images?: string[];
  weighed?: boolean;
  unit?: string;
  status?: ProductStatus;
  skus: SkuInput[];
}

export interface StockLevel {
  warehouseId: string;
  warehouseName: string;
  storeId: string | null;
  onHand: number;
}

/** A product as the service returns it; routes turn it into API JSON with productDetailToApi. */
export interface ProductDetail {
  product: ProductRow;
  skus: SkuRow[];
  /** By SKU id; only when asked for. */
  stock?: Map<string, StockLevel[]>;
}

/** Initials for search: 可口可乐330ml → kkkl330ml. Blanks dropped, letters lower-cased. */
export function pinyinInitials(name: string): string {
  return pinyin(name, { pattern: 'first', toneType: 'none', separator: '', nonZh: 'consecutive' })
    .replace(/\s+/g, '').toLowerCase().slice(0, 120);
}

export function productToApi(row: ProductRow, storage: Pick<Storage, 'url'>) {
  return {
    id: row.id, categoryId: row.category_id, name: row.name, subtitle: row.subtitle, description: row.description,
    specs: row.specs, labels: row.labels, images: row.images, imageUrls: row.images.map((key) => storage.url(key)),
    weighed: row.weighed, unit: row.unit, status: row.status, pinyin: row.pinyin,
    createdAt: row.created_at, updatedAt: row.updated_at,
  };
}

export function skuToApi(row: SkuRow, specs: SpecDef[], stock?: StockLevel[]) {
  return {
    id: row.id, productId: row.product_id, specValues: row.spec_values, specKey: row.spec_key,
    specText: specTextOf(specs, row.spec_values), code: row.code, barcode: row.barcode,
    priceFen: Number(row.price_fen), costFen: row.cost_fen === null ? null : Number(row.cost_fen), active: row.active,
    createdAt: row.created_at, updatedAt: row.updated_at,
    ...(stock ? { stock } : {}),
  };
}

export function productDetailToApi(detail: ProductDetail, storage: Pick<Storage, 'url'>) {
  const specs = detail.product.specs;
  return {
    ...productToApi(detail.product, storage),
    skus: detail.skus.map((sku) => skuToApi(sku, specs, detail.stock ? detail.stock.get(sku.id) ?? [] : undefined)),
  };
}

export async function getProductRow(trx: Trx, id: string, options: { lock?: boolean } = {}): Promise<ProductRow> {
  const query = trx<ProductRow>('products').where({ id }).first();
  if (options.lock) query.forUpdate();
  const row = await query;
  if (!row) throw errors.LS_RESOURCE_NOT_FOUND('Product not found');
  return row;
}

/**
 * A product with all its SKUs (inactive ones too, for the editor). With `withStock`, each SKU's
 * on-hand per warehouse; `storeIds` limits that to a store-bound employee's stores.
 */
export async function getProductDetail(
  trx: Trx, id: string, options: { withStock?: boolean; storeIds?: string[] | null } = {},
): Promise<ProductDetail> {
  const product = await getProductRow(trx, id);
  const skus = await skusOf(trx, id);
  if (!options.withStock) return { product, skus };
  const query = trx('stock_levels as l').join('warehouses as w', 'w.id', 'l.warehouse_id')
    .whereIn('l.sku_id', skus.map((sku) => sku.id))
    .select('l.sku_id', 'l.warehouse_id', 'l.on_hand', 'w.name', 'w.store_id')
    .orderBy('w.name');
  if (options.storeIds) query.whereIn('w.store_id', options.storeIds);
  const stock = new Map<string, StockLevel[]>();
  for (const row of await query as { sku_id: string; warehouse_id: string; on_hand: string; name: string; store_id: string | null }[]) {
    const levels = stock.get(row.sku_id) ?? [];
    levels.push({ warehouseId: row.warehouse_id, warehouseName: row.name, storeId: row.store_id, onHand: Number(row.on_hand) });
    stock.set(row.sku_id, levels);
  }
  return { product, skus, stock };
}

async function assertCategory(trx: Trx, categoryId: string | null | undefined): Promise<void> {
  if (categoryId) await getCategoryRow(trx, categoryId, 'categoryId');
}

/** Creates a product with its SKUs; any refusal leaves nothing behind (the caller's transaction). */
export async function createProduct(trx: Trx, tenantId: string, input: ProductInput): Promise<ProductDetail> {
  const specs = input.specs ?? [];
  assertSpecs(specs);
  resolveSkuSpecs(specs, input.skus);
  await assertCategory(trx, input.categoryId);
  const weighed = input.weighed ?? false;
  const [product] = await trx('products').insert({
    tenant_id: tenantId, id: newId(), category_id: input.categoryId ?? null, name: input.name,
    subtitle: input.subtitle ?? '', description: input.description ?? '', specs: JSON.stringify(specs),
    labels: uniqueLabels(input.labels), images: input.images ?? [], weighed, unit: input.unit ?? (weighed ? '千克' : '件'),
    status: input.status ?? 'on_sale', pinyin: pinyinInitials(input.name),
  }).returning('*') as ProductRow[];
  await saveSkus(trx, tenantId, product!.id, specs, input.skus, []);
  return { product: product!, skus: await skusOf(trx, product!.id) };
}

/**
 * Updates the fields given. With `skus`, the SKU list becomes exactly that (see saveSkus); with
 * new `specs` but no `skus`, the active SKUs must still fit them.
 */
export async function updateProduct(trx: Trx, tenantId: string, id: string, patch: Partial<ProductInput>): Promise<ProductDetail> {
  // Locked: two editors saving SKUs at once would otherwise each delete the other's additions.
  const current = await getProductRow(trx, id, { lock: true });
  const specs = patch.specs ?? current.specs;
  if (patch.specs) assertSpecs(specs);
  await assertCategory(trx, patch.categoryId);
  const existing = await skusOf(trx, id);
  if (patch.skus) {
    await saveSkus(trx, tenantId, id, specs, patch.skus, existing);
  } else if (patch.specs) {
    try {
      resolveSkuSpecs(specs, existing.filter((sku) => sku.active).map((sku) => ({ specValues: sku.spec_values })));
    } catch (error) {
      throw errors.LS_CATALOG_SPEC_MISMATCH('The current SKUs do not fit the new specs; send skus as well', { field: 'skus', cause: error });
    }
  }
  const { skus: _skus, categoryId, specs: _specs, labels, ...fields } = patch;
  const [product] = await trx('products').where({ id }).update({
    ...fields,
    ...(categoryId === undefined ? {} : { category_id: categoryId }),
    ...(patch.specs ? { specs: JSON.stringify(specs) } : {}),
    ...(labels ? { labels: uniqueLabels(labels) } : {}),
    ...(patch.name ? { pinyin: pinyinInitials(patch.name) } : {}),
    updated_at: trx.fn.now(),
  }).returning('*') as ProductRow[];
  return { product: product!, skus: await skusOf(trx, id) };
}

function uniqueLabels(labels: string[] | undefined): string[] {
  return [...new Set(labels ?? [])];
}

export interface ProductFilters {
  categoryId?: string;
  status?: ProductStatus;
  label?: string;
  weighed?: boolean;
  q?: string;
}

export type ProductListRow = ProductRow & { price_min_fen: string | null; price_max_fen: string | null; sku_count: string };

/** `%text%` for ILIKE, with the wildcards in the text escaped. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Products with their active SKUs' price range, filtered. A category filter includes its
 * subcategories; `q` matches the name, its pinyin initials, or a SKU's code or barcode.
 */
export function productsQuery(trx: Trx, filters: ProductFilters) {
  const query = trx('products')
    .joinRaw(`left join lateral (
      select min(s.price_fen) as price_min_fen, max(s.price_fen) as price_max_fen, count(*) as sku_count
        from skus s where s.tenant_id = products.tenant_id and s.product_id = products.id and s.active) agg on true`)
    .select('products.*', 'agg.price_min_fen', 'agg.price_max_fen', 'agg.sku_count');
  if (filters.categoryId) query.whereIn('products.category_id', categoryAndDescendants(trx, filters.categoryId));
  if (filters.status) query.where('products.status', filters.status);
  if (filters.weighed !== undefined) query.where('products.weighed', filters.weighed);
  if (filters.label) query.whereRaw('? = any(products.labels)', [filters.label]);
  if (filters.q) {
    const pattern = containsPattern(filters.q);
    query.where((w) => w.whereILike('products.name', pattern).orWhereILike('products.pinyin', pattern).orWhereExists(
      trx('skus as s').whereRaw('s.tenant_id = products.tenant_id and s.product_id = products.id')
        .where((s) => s.whereILike('s.code', pattern).orWhereILike('s.barcode', pattern)).select(trx.raw('1')),
    ));
  }
  return query;
}

export function productListItemToApi(row: ProductListRow, storage: Pick<Storage, 'url'>) {
  return {
    ...productToApi(row, storage),
    priceMinFen: row.price_min_fen === null ? null : Number(row.price_min_fen),
    priceMaxFen: row.price_max_fen === null ? null : Number(row.price_max_fen),
    skuCount: Number(row.sku_count),
  };
}
