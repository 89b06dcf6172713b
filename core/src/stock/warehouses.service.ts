import type { Trx } from '../db/tenant-tx.ts';
import { newId } from '../db/ids.ts';
import { errors } from '../errors.ts';

export interface WarehouseRow {
  tenant_id: string;
  id: string;
  store_id: string | null;
  name: string;
  is_default: boolean;
  allow_negative: boolean;
  created_at: Date;
  updated_at: Date;
}

export function warehouseToApi(row: WarehouseRow) {
  return {
    id: row.id, storeId: row.store_id, name: row.name, isDefault: row.is_default,
    kind: row.store_id ? 'store' : 'merchant', createdAt: row.created_at,
  };
}

export async function createWarehouse(trx: Trx, tenantId: string, input: { name: string; storeId?: string | null }) {
  let allowNegative = false;
  if (input.storeId) {
    const store = await trx('stores').where({ id: input.storeId }).first('settings');
    if (!store) throw errors.LS_RESOURCE_NOT_FOUND('Store not found', { field: 'storeId' });
    allowNegative = Boolean((store.settings as { zeroStockSale?: boolean }).zeroStockSale);
  }
  const [row] = await trx('warehouses').insert({
    tenant_id: tenantId, id: newId(), store_id: input.storeId ?? null, name: input.name, allow_negative: allowNegative,
  }).returning('*');
  return warehouseToApi(row as WarehouseRow);
}

/** Every store gets one default warehouse, where the till sells from. */
export async function createStoreWarehouse(trx: Trx, tenantId: string, storeId: string, name: string): Promise<string> {
  const id = newId();
  await trx('warehouses').insert({ tenant_id: tenantId, id, store_id: storeId, name, is_default: true });
  return id;
}

export async function defaultWarehouseOf(trx: Trx, storeId: string): Promise<WarehouseRow> {
  const row = await trx<WarehouseRow>('warehouses').where({ store_id: storeId, is_default: true }).first();
  if (!row) throw errors.LS_RESOURCE_NOT_FOUND('Store not found', { field: 'storeId' });
  return row;
}

/**
 * Copies the store's zero-stock-sale setting onto its warehouses and their stock rows, where
 * the CHECK constraint reads it: the guard stays in the database whichever way it is set.
 */
export async function syncNegativeStockRule(trx: Trx, storeId: string, allowNegative: boolean): Promise<void> {
  const warehouseIds = trx('warehouses').where({ store_id: storeId }).select('id');
  await trx('warehouses').where({ store_id: storeId }).update({ allow_negative: allowNegative });
  await trx('stock_levels').whereIn('warehouse_id', warehouseIds).update({ allow_negative: allowNegative });
}

/**
 * Warehouses a caller may see: store-bound staff (scope = their store ids) see their stores'
 * warehouses and the merchant's central ones; null scope sees all.
 */
export function visibleWarehouses(trx: Trx, scope: readonly string[] | null) {
  const query = trx<WarehouseRow>('warehouses as w');
  if (scope) query.where((w) => w.whereIn('w.store_id', scope).orWhereNull('w.store_id'));
  return query;
}

/** A warehouse the caller may see; any other id is "not found", whichever tenant or store owns it. */
export async function getVisibleWarehouse(trx: Trx, scope: readonly string[] | null, id: string, field?: string): Promise<WarehouseRow> {
  const row = await visibleWarehouses(trx, scope).where('w.id', id).first('w.*');
  if (!row) throw errors.LS_RESOURCE_NOT_FOUND('Warehouse not found', field ? { field } : {});
  return row as WarehouseRow;
}

/** Store-bound staff may look into the central warehouses but change only their own stores'. */
export function assertWarehouseWritable(scope: readonly string[] | null, warehouse: WarehouseRow): void {
  if (scope && warehouse.store_id === null) throw errors.LS_AUTH_FORBIDDEN('Only merchant-wide staff may change a central warehouse');
}

export async function renameWarehouse(trx: Trx, id: string, name: string) {
  const [row] = await trx('warehouses').where({ id }).update({ name, updated_at: trx.fn.now() }).returning('*');
  return warehouseToApi(row as WarehouseRow);
}
