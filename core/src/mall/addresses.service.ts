import type { Trx } from '../db/tenant-tx.ts';
import { newId } from '../db/ids.ts';
import { errors } from '../errors.ts';

export interface AddressInput {
  name: string;
  phone: string;
  region?: string;
  detail: string;
  isDefault?: boolean;
}

interface AddressRow {
  id: string;
  name: string;
  phone: string;
  region: string;
  detail: string;
  is_default: boolean;
}

export function addressToApi(row: AddressRow) {
  return { id: row.id, name: row.name, phone: row.phone, region: row.region, detail: row.detail, isDefault: row.is_default };
}

export type Address = ReturnType<typeof addressToApi>;

/** The customer's address book, the default first. */
export async function listAddresses(trx: Trx, customerId: string): Promise<Address[]> {
  const rows: AddressRow[] = await trx('customer_addresses').where({ customer_id: customerId })
    .orderBy([{ column: 'is_default', order: 'desc' }, { column: 'created_at', order: 'desc' }]);
  return rows.map(addressToApi);
}

export async function getAddress(trx: Trx, customerId: string, id: string, field?: string): Promise<Address> {
  const row = await trx('customer_addresses').where({ customer_id: customerId, id }).first() as AddressRow | undefined;
  if (!row) throw errors.LS_RESOURCE_NOT_FOUND('Address not found', field ? { field } : undefined);
  return addressToApi(row);
}

/** One default per customer: making one the default clears the others. The first address is the default. */
async function settleDefault(trx: Trx, customerId: string, id: string, isDefault: boolean | undefined): Promise<void> {
  const others = await trx('customer_addresses').where({ customer_id: customerId }).whereNot({ id }).count({ n: '*' }).first();
  if (isDefault || Number(others?.n ?? 0) === 0) {
    await trx('customer_addresses').where({ customer_id: customerId }).update({ is_default: trx.raw('id = ?', [id]) });
  }
}

export async function createAddress(trx: Trx, tenantId: string, customerId: string, input: AddressInput): Promise<Address> {
  const id = newId();
  await trx('customer_addresses').insert({
    tenant_id: tenantId, id, customer_id: customerId, name: input.name, phone: input.phone, region: input.region ?? '', detail: input.detail,
  });
  await settleDefault(trx, customerId, id, input.isDefault);
  return getAddress(trx, customerId, id);
}

export async function updateAddress(trx: Trx, customerId: string, id: string, input: Partial<AddressInput>): Promise<Address> {
  await getAddress(trx, customerId, id);
  const columns: Record<string, unknown> = { name: input.name, phone: input.phone, region: input.region, detail: input.detail };
  for (const key of Object.keys(columns)) if (columns[key] === undefined) delete columns[key];
  await trx('customer_addresses').where({ customer_id: customerId, id }).update({ ...columns, updated_at: trx.fn.now() });
  if (input.isDefault) await settleDefault(trx, customerId, id, true);
  return getAddress(trx, customerId, id);
}

export async function deleteAddress(trx: Trx, customerId: string, id: string): Promise<void> {
  const removed = await trx('customer_addresses').where({ customer_id: customerId, id }).delete().returning('is_default');
  if (removed.length === 0) throw errors.LS_RESOURCE_NOT_FOUND('Address not found');
  if (removed[0]!.is_default) {
    const next = await trx('customer_addresses').where({ customer_id: customerId }).orderBy('created_at', 'desc').first('id');
    if (next) await settleDefault(trx, customerId, next.id as string, true);
  }
}
