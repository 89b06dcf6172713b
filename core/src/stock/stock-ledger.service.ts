import type { Knex } from 'knex';
import type { Trx } from '../db/tenant-tx.ts';

export interface StockLevelRow {
  warehouse_id: string;
  warehouse_name: string;
  store_id: string | null;
  sku_id: string;
  product_id: string;
  product_name: string;
  spec_key: string;
  sku_code: string | null;
  barcode: string | null;
  unit: string;
  weighed: boolean;
  on_hand: string | number;
  allow_negative: boolean;
  updated_at: Date;
}

export interface MovementRow {
  id: string;
  warehouse_id: string;
  warehouse_name: string;
  sku_id: string;
  product_name: string;
  spec_key: string;
  delta: string | number;
  balance_after: string | number;
  type: string;
  source_key: string;
  note: string;
  staff_id: string | null;
  created_at: Date;
}

/** Tenant-keyed joins: every reference carries tenant_id, as the composite foreign keys do. */
function joinSkuAndWarehouse(query: Knex.QueryBuilder, alias: string) {
  return query
    .join('warehouses as w', function joinWarehouse() {
      this.on('w.tenant_id', `${alias}.tenant_id`).andOn('w.id', `${alias}.warehouse_id`);
    })
    .join('skus as k', function joinSku() {
      this.on('k.tenant_id', `${alias}.tenant_id`).andOn('k.id', `${alias}.sku_id`);
    })
    .join('products as p', function joinProduct() {
      this.on('p.tenant_id', 'k.tenant_id').andOn('p.id', 'k.product_id');
    });
}

/** On-hand per warehouse and SKU, with the names a stock list shows. */
export function stockLevelsQuery(trx: Trx) {
  return joinSkuAndWarehouse(trx('stock_levels as l'), 'l').select(
    'l.warehouse_id', 'w.name as warehouse_name', 'w.store_id', 'l.sku_id', 'k.product_id', 'p.name as product_name',
    'k.spec_key', 'k.code as sku_code', 'k.barcode', 'p.unit', 'p.weighed', 'l.on_hand', 'l.allow_negative', 'l.updated_at',
  );
}

export function stockLevelToApi(row: StockLevelRow) {
  return {
    warehouseId: row.warehouse_id, warehouseName: row.warehouse_name, storeId: row.store_id, skuId: row.sku_id,
    productId: row.product_id, productName: row.product_name, specKey: row.spec_key, skuCode: row.sku_code,
    barcode: row.barcode, unit: row.unit, weighed: row.weighed, onHand: Number(row.on_hand),
    allowNegative: row.allow_negative, updatedAt: row.updated_at,
  };
}

/** The ledger: one row per stock movement, never updated. */
export function movementsQuery(trx: Trx) {
  return joinSkuAndWarehouse(trx('stock_movements as m'), 'm').select(
    'm.id', 'm.warehouse_id', 'w.name as warehouse_name', 'm.sku_id', 'p.name as product_name', 'k.spec_key',
    'm.delta', 'm.balance_after', 'm.type', 'm.source_key', 'm.note', 'm.staff_id', 'm.created_at',
  );
}

export function movementToApi(row: MovementRow) {
  return {
    id: row.id, warehouseId: row.warehouse_id, warehouseName: row.warehouse_name, skuId: row.sku_id,
    productName: row.product_name, specKey: row.spec_key, delta: Number(row.delta), balanceAfter: Number(row.balance_after),
    type: row.type, sourceKey: row.source_key, note: row.note, staffId: row.staff_id, createdAt: row.created_at,
  };
}
