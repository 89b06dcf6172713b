import type { Trx } from '../db/tenant-tx.ts';
import { errors } from '../errors.ts';
import type { Storage } from '../storage/storage.ts';
import { listPage, type ListQuery } from '../http/list-query.ts';
import { categoryAndDescendants } from '../catalog/categories.service.ts';
import { containsPattern } from '../catalog/products.service.ts';
import { specTextOf, type SpecDef } from '../catalog/specs.ts';
import { defaultWarehouseOf } from '../stock/warehouses.service.ts';

/**
 * The home page's goods blocks (seed 2.4.3.1–3) are the products the merchant labels so: the
 * labels the admin already offers, so no separate list has to be kept.
 */
export const HOME_BLOCKS = {
  recommended: ['推荐', '热卖'],
  promoted: ['促销'],
  newest: ['新品'],
} as const;

const HOME_BLOCK_SIZE = 6;

export interface ProductFilters {
  categoryId?: string;
  q?: string;
  /** Any of these labels. */
  labels?: readonly string[];
}

interface CardRow {
  id: string;
  name: string;
  subtitle: string;
  images: string[];
  labels: string[];
  unit: string;
  weighed: boolean;
  min_price: string;
  max_price: string;
  stock: string;
}

/**
 * The page first, on products alone (products_mall_listing: on sale, with an active SKU as the
 * skus trigger keeps it), so the cost is the page's, not the catalog's. Only the price sort
 * reads each product's lowest price (through skus_by_product): the page's count runs over every
 * matching product, and would otherwise look up a price for each of them on every page.
 */
function pageQuery(trx: Trx, filters: ProductFilters, byPrice: boolean) {
  // Only columns of the listing index, so a page (and its count) is an index-only scan.
  const query = trx('products as p')
    .where({ 'p.status': 'on_sale', 'p.has_active_sku': true })
    .select('p.id', 'p.created_at');
  if (byPrice) query.select(trx.raw('(select min(s.price_fen) from skus s where s.tenant_id = p.tenant_id and s.product_id = p.id and s.active) as min_price'));
  if (filters.categoryId) query.whereIn('p.category_id', categoryAndDescendants(trx, filters.categoryId));
  // The name or its pinyin, case-folded by PostgreSQL on both sides (products.search_text).
  if (filters.q) query.whereRaw('p.search_text like lower(?)', [containsPattern(filters.q)]);
  if (filters.labels?.length) query.whereRaw('p.labels && ?::text[]', [[...filters.labels]]);
  return query;
}

/** The cards of one page: price range and stock in the store's warehouse, one grouped query. */
async function cardsOf(trx: Trx, warehouseId: string, ids: string[]): Promise<Map<string, CardRow>> {
  if (ids.length === 0) return new Map();
  const rows = await trx('products as p')
    .join('skus as s', function joinSkus() {
      this.on('s.tenant_id', 'p.tenant_id').andOn('s.product_id', 'p.id').andOnVal('s.active', true);
    })
    .leftJoin('stock_levels as l', function joinStock() {
      this.on('l.tenant_id', 's.tenant_id').andOn('l.sku_id', 's.id').andOnVal('l.warehouse_id', warehouseId);
    })
    .whereIn('p.id', ids)
    .groupBy('p.tenant_id', 'p.id')
    .select(
      'p.id', 'p.name', 'p.subtitle', 'p.images', 'p.labels', 'p.unit', 'p.weighed',
      trx.raw('min(s.price_fen) as min_price'), trx.raw('max(s.price_fen) as max_price'),
      trx.raw('coalesce(sum(greatest(l.on_hand, 0)), 0) as stock'),
    ) as CardRow[];
  return new Map(rows.map((row) => [row.id, row]));
}

function cardToApi(row: CardRow, storage: Pick<Storage, 'url'>) {
  return {
    id: row.id, name: row.name, subtitle: row.subtitle, labels: row.labels, unit: row.unit, weighed: row.weighed,
    imageUrl: row.images[0] ? storage.url(row.images[0]) : null,
    minPriceFen: Number(row.min_price), maxPriceFen: Number(row.max_price), stock: Number(row.stock),
  };
}

export type ProductCard = ReturnType<typeof cardToApi>;

export async function listProducts(
  trx: Trx, storage: Pick<Storage, 'url'>, storeId: string, filters: ProductFilters, page: ListQuery,
): Promise<{ rows: ProductCard[]; total: number }> {
  const warehouse = await defaultWarehouseOf(trx, storeId);
  const { rows, total } = await listPage<{ id: string }>(pageQuery(trx, filters, page._sort === 'price'), { ...page, q: undefined }, {
    sortable: { id: 'p.id', createdAt: 'p.created_at', name: 'p.name', price: 'min_price' },
    defaultSort: 'createdAt',
  });
  const cards = await cardsOf(trx, warehouse.id, rows.map((row) => row.id));
  return { rows: rows.map((row) => cardToApi(cards.get(row.id)!, storage)), total };
}

/** The home page: banners, then the recommended / promoted / new goods blocks. */
export async function homePage(trx: Trx, storage: Pick<Storage, 'url'>, storeId: string) {
  const settings = await trx('mall_settings').first('banners');
  const block = async (labels: readonly string[]) =>
    (await listProducts(trx, storage, storeId, { labels }, { _start: 0, _end: HOME_BLOCK_SIZE, _sort: 'createdAt', _order: 'desc' })).rows;
  return {
    banners: (settings?.banners ?? []) as { imageUrl: string; title: string; productId?: string }[],
    recommended: await block(HOME_BLOCKS.recommended),
    promoted: await block(HOME_BLOCKS.promoted),
    newest: await block(HOME_BLOCKS.newest),
  };
}

/** A product page: its specs and every active SKU with its price and stock in the store. */
export async function productForMall(trx: Trx, storage: Pick<Storage, 'url'>, storeId: string, productId: string) {
  const product = await trx('products').where({ id: productId, status: 'on_sale' })
    .first('id', 'name', 'subtitle', 'description', 'specs', 'labels', 'images', 'unit', 'weighed', 'category_id');
  if (!product) throw errors.LS_RESOURCE_NOT_FOUND('Product not found');
  const warehouse = await defaultWarehouseOf(trx, storeId);
  const skus = await trx('skus as s')
    .leftJoin('stock_levels as l', function joinStock() {
      this.on('l.tenant_id', 's.tenant_id').andOn('l.sku_id', 's.id').andOnVal('l.warehouse_id', warehouse.id);
    })
    .where({ 's.product_id': productId, 's.active': true })
    .select('s.id', 's.spec_values', 's.price_fen', trx.raw('coalesce(greatest(l.on_hand, 0), 0) as stock'));
  const specs = product.specs as SpecDef[];
  return {
    id: product.id as string, name: product.name as string, subtitle: product.subtitle as string, description: product.description as string,
    categoryId: product.category_id as string | null, specs, labels: product.labels as string[], unit: product.unit as string,
    weighed: product.weighed as boolean, imageUrls: (product.images as string[]).map((key) => storage.url(key)),
    // In the order the specs list their values (红 before 蓝), not by collation.
    skus: skus.sort((a, b) => specRank(specs, a.spec_values) - specRank(specs, b.spec_values)).map((s) => ({
      id: s.id as string, specValues: s.spec_values as Record<string, string>, specText: specTextOf(specs, s.spec_values as Record<string, string>),
      priceFen: Number(s.price_fen), stock: Number(s.stock),
    })),
  };
}

function specRank(specs: SpecDef[], values: Record<string, string>): number {
  return specs.reduce((rank, spec) => rank * (spec.values.length + 1) + spec.values.indexOf(values[spec.name] ?? ''), 0);
}
