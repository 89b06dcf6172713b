import type { Trx } from '../db/tenant-tx.ts';

/** What pricing needs to know about a SKU, read in one query for the whole cart. */
export interface SaleSku {
  skuId: string;
  productId: string;
  name: string;
  specText: string;
  barcode: string | null;
  priceFen: number;
  weighed: boolean;
  active: boolean;
  productStatus: string;
}

export async function loadSaleSkus(trx: Trx, skuIds: string[]): Promise<Map<string, SaleSku>> {
  const rows = await trx('skus as s')
    .join('products as p', function joinProduct() {
      this.on('p.tenant_id', 's.tenant_id').andOn('p.id', 's.product_id');
    })
    .whereIn('s.id', [...new Set(skuIds)])
    .select('s.id', 's.product_id', 'p.name', 's.spec_values', 's.barcode', 's.price_fen', 'p.weighed', 's.active', 'p.status');
  return new Map(rows.map((row) => [row.id as string, {
    skuId: row.id, productId: row.product_id, name: row.name,
    specText: Object.values(row.spec_values as Record<string, string>).join(' / '),
    barcode: row.barcode, priceFen: Number(row.price_fen), weighed: row.weighed, active: row.active, productStatus: row.status,
  }]));
}
