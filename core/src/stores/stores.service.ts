import type { Trx } from '../db/tenant-tx.ts';
import { newId } from '../db/ids.ts';
import { errors } from '../errors.ts';
import { createStoreWarehouse, syncNegativeStockRule } from '../stock/warehouses.service.ts';
import { mergeSettings, resolveSettings, type StoreSettings } from './store-settings.ts';

export interface StoreRow {
  tenant_id: string;
  id: string;
  code: string;
  name: string;
  address: string;
  phone: string;
  franchise: boolean;
  consignment: boolean;
  active: boolean;
  settings: unknown;
  created_at: Date;
  updated_at: Date;
}

export interface StoreInput {
  code: string;
  name: string;
  address?: string;
  phone?: string;
  franchise?: boolean;
  consignment?: boolean;
  active?: boolean;
}

export function storeToApi(row: StoreRow) {
  return {
    id: row.id, code: row.code, name: row.name, address: row.address, phone: row.phone,
    franchise: row.franchise, consignment: row.consignment, active: row.active,
    createdAt: row.created_at, updatedAt: row.updated_at,
  };
}

/** Creates a store with default settings and its own warehouse. */
export async function createStore(trx: Trx, tenantId: string, input: StoreInput) {
  const [row] = await trx('stores').insert({
    tenant_id: tenantId, id: newId(), code: input.code, name: input.name, address: input.address ?? '',
    phone: input.phone ?? '', franchise: input.franchise ?? false, consignment: input.consignment ?? false,
    active: input.active ?? true, settings: JSON.stringify(resolveSettings({})),
  }).returning('*');
  const store = row as StoreRow;
  await createStoreWarehouse(trx, tenantId, store.id, `${store.name}仓库`);
  return storeToApi(store);
}

export async function getStoreRow(trx: Trx, id: string): Promise<StoreRow> {
  const row = await trx<StoreRow>('stores').where({ id }).first();
  if (!row) throw errors.LS_RESOURCE_NOT_FOUND('Store not found');
  return row;
}

export async function updateStore(trx: Trx, id: string, input: Partial<StoreInput>) {
  const [row] = await trx('stores').where({ id }).update({ ...input, updated_at: trx.fn.now() }).returning('*');
  if (!row) throw errors.LS_RESOURCE_NOT_FOUND('Store not found');
  return storeToApi(row as StoreRow);
}

export async function getStoreSettings(trx: Trx, storeId: string): Promise<StoreSettings> {
  return resolveSettings((await getStoreRow(trx, storeId)).settings);
}

export async function updateStoreSettings(trx: Trx, storeId: string, patch: Record<string, unknown>): Promise<StoreSettings> {
  // Row lock: two managers saving at once must not lose one another's fields.
  const row = await trx<StoreRow>('stores').where({ id: storeId }).forUpdate().first();
  if (!row) throw errors.LS_RESOURCE_NOT_FOUND('Store not found');
  const next = mergeSettings(resolveSettings(row.settings), patch);
  await trx('stores').where({ id: storeId }).update({ settings: JSON.stringify(next), updated_at: trx.fn.now() });
  await syncNegativeStockRule(trx, storeId, next.zeroStockSale);
  return next;
}
