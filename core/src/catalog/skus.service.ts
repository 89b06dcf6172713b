import type { Trx } from '../db/tenant-tx.ts';
import { errors } from '../errors.ts';
import type { Storage } from '../storage/storage.ts';
import type { SkuRow } from './product-skus.ts';
import { containsPattern, type ProductStatus } from './products.service.ts';
import { specTextOf, type SpecDef } from './specs.ts';

/** A SKU with what selling it needs from its product: the till's and the orders domain's view. */
export interface SaleSku {
  skuId: string;
  productId: string;
  name: string;
  /** `红 / M`; empty for a single-spec product. */
  specText: string;
  barcode: string | null;
  code: string | null;
  /** Per piece; for weighed goods per kilogram. */
  priceFen: number;
  costFen: number | null;
  /** Weighed goods are sold by the gram at priceFen per kilogram. */
  weighed: boolean;
  unit: string;
  active: boolean;
  productStatus: ProductStatus;
  /** The cover image's storage key, if any. */
  image: string | null;
}

export type SaleRow = SkuRow & { name: string; specs: SpecDef[]; weighed: boolean; unit: string; status: ProductStatus; images: string[] };

function saleRows(trx: Trx) {
  // Joined on tenant_id too, so the join stays co-located when tables are distributed by tenant.
  return trx('skus as s').join('products as p', function joinProduct() {
    this.on('p.tenant_id', 's.tenant_id').andOn('p.id', 's.product_id');
  })
    .select('s.*', 'p.name', 'p.specs', 'p.weighed', 'p.unit', 'p.status', 'p.images');
}

export function toSaleSku(row: SaleRow): SaleSku {
  return {
    skuId: row.id, productId: row.product_id, name: row.name, specText: specTextOf(row.specs, row.spec_values),
    barcode: row.barcode, code: row.code, priceFen: Number(row.price_fen),
    costFen: row.cost_fen === null ? null : Number(row.cost_fen), weighed: row.weighed, unit: row.unit,
    active: row.active, productStatus: row.status, image: row.images[0] ?? null,
  };
}

/**
 * What the orders domain prices lines from: each found SKU by id, active or not, with its
 * product's status. Ids of other tenants or unknown ids are simply absent from the map.
 */
export async function findSkusForSale(trx: Trx, skuIds: string[]): Promise<Map<string, SaleSku>> {
  if (skuIds.length === 0) return new Map();
  const rows = await saleRows(trx).whereIn('s.id', [...new Set(skuIds)]) as SaleRow[];
  return new Map(rows.map((row) => [row.id, toSaleSku(row)]));
}

/** The till's scan: an active SKU by barcode, else by SKU code. */
export async function findSkuByCode(trx: Trx, code: string): Promise<SaleSku> {
  const rows = await saleRows(trx).where('s.active', true)
    .where((w) => w.where('s.barcode', code).orWhere('s.code', code)) as SaleRow[];
  const row = rows.find((r) => r.barcode === code) ?? rows[0];
  if (!row) throw errors.LS_RESOURCE_NOT_FOUND('No active SKU has this barcode or code', { field: 'code' });
  return toSaleSku(row);
}

/** The till's search: active SKUs of products on sale, by name, pinyin initials, code or barcode. */
export function saleSearchQuery(trx: Trx, q: string | undefined, ids?: string[]) {
  const query = saleRows(trx).where('s.active', true).where('p.status', 'on_sale');
  if (ids) query.whereIn('s.id', ids);
  if (q) {
    const pattern = containsPattern(q);
    query.where((w) => w.whereILike('p.name', pattern).orWhereILike('p.pinyin', pattern)
      .orWhereILike('s.code', pattern).orWhereILike('s.barcode', pattern));
  }
  return query;
}

/** The till's compact shape; the cost stays in the back office. */
export function saleSkuToApi(sku: SaleSku, storage: Pick<Storage, 'url'>) {
  const { skuId, costFen: _cost, image, ...rest } = sku;
  return { id: skuId, ...rest, imageUrl: image ? storage.url(image) : null };
}
