import { randomInt } from 'node:crypto';
import type { Trx } from '../db/tenant-tx.ts';
import { newId } from '../db/ids.ts';
import { errors } from '../errors.ts';

export interface CustomerRow {
  tenant_id: string;
  id: string;
  phone: string | null;
  name: string;
  member_code: string;
  home_store_id: string | null;
  gender: 'unknown' | 'male' | 'female';
  /** YYYY-MM-DD, read as text so no time zone can shift the day. */
  birthday: string | null;
  note: string;
  created_at: Date;
  updated_at: Date;
}

export interface CustomerInput {
  phone: string;
  name?: string;
  memberCode?: string;
  homeStoreId?: string | null;
  gender?: CustomerRow['gender'];
  birthday?: string | null;
  note?: string;
}

export interface CustomerListQuery {
  homeStoreId?: string;
}

export function customerToApi(row: CustomerRow) {
  return {
    id: row.id, phone: row.phone, name: row.name, memberCode: row.member_code, homeStoreId: row.home_store_id,
    gender: row.gender, birthday: row.birthday, note: row.note, createdAt: row.created_at, updatedAt: row.updated_at,
  };
}

export function customersQuery(trx: Trx) {
  return trx('customers').select(
    'tenant_id', 'id', 'phone', 'name', 'member_code', 'home_store_id', 'gender',
    trx.raw(`to_char(birthday, 'YYYY-MM-DD') as birthday`), 'note', 'created_at', 'updated_at',
  );
}

export async function getCustomerRow(trx: Trx, id: string): Promise<CustomerRow> {
  const row = await customersQuery(trx).where({ id }).first();
  if (!row) throw errors.LS_RESOURCE_NOT_FOUND('Customer not found');
  return row as CustomerRow;
}

/** Eight digits: short enough to read out at the till, never mistaken for an 11-digit phone. */
function newMemberCode(): string {
  return String(randomInt(10_000_000, 100_000_000));
}

const MEMBER_CODE_ATTEMPTS = 8;

/**
 * Inserts a customer row and returns its id. Without a member code one is drawn at random;
 * a code already taken inserts nothing (ON CONFLICT on that key only) and another is drawn,
 * while a clash on anything else, such as the phone, still fails as a conflict.
 */
export async function insertCustomer(trx: Trx, tenantId: string, fields: Record<string, unknown>): Promise<string> {
  const id = newId();
  if (fields.member_code) {
    await trx('customers').insert({ ...fields, tenant_id: tenantId, id });
    return id;
  }
  for (let attempt = 0; attempt < MEMBER_CODE_ATTEMPTS; attempt++) {
    const inserted = await trx('customers')
      .insert({ ...fields, tenant_id: tenantId, id, member_code: newMemberCode() })
      .onConflict(['tenant_id', 'member_code']).ignore()
      .returning('id');
    if (inserted.length > 0) return id;
  }
  throw errors.LS_INTERNAL('No free member code was found');
}

async function assertStoreExists(trx: Trx, storeId: string | null | undefined): Promise<void> {
  if (!storeId) return;
  if (!(await trx('stores').where({ id: storeId }).first('id'))) {
    throw errors.LS_RESOURCE_NOT_FOUND('Store not found', { field: 'homeStoreId' });
  }
}

function toColumns(input: Partial<CustomerInput>): Record<string, unknown> {
  const columns: Record<string, unknown> = {
    phone: input.phone, name: input.name, member_code: input.memberCode, home_store_id: input.homeStoreId,
    gender: input.gender, birthday: input.birthday, note: input.note,
  };
  for (const key of Object.keys(columns)) if (columns[key] === undefined) delete columns[key];
  return columns;
}

export async function createCustomer(trx: Trx, tenantId: string, input: CustomerInput) {
  await assertStoreExists(trx, input.homeStoreId);
  const id = await insertCustomer(trx, tenantId, toColumns(input));
  return customerToApi(await getCustomerRow(trx, id));
}

export async function updateCustomer(trx: Trx, id: string, input: Partial<CustomerInput>) {
  await assertStoreExists(trx, input.homeStoreId);
  const updated = await trx('customers').where({ id }).update({ ...toColumns(input), updated_at: trx.fn.now() }).returning('id');
  if (updated.length === 0) throw errors.LS_RESOURCE_NOT_FOUND('Customer not found');
  return customerToApi(await getCustomerRow(trx, id));
}

/** The till's member lookup: what the cashier types or scans is a phone or a member code. */
export async function lookupCustomer(trx: Trx, code: string) {
  const row = await customersQuery(trx)
    .where((w) => w.where('phone', code).orWhere('member_code', code))
    // A phone match wins should a hand-entered member code look like someone else's phone.
    .orderByRaw('coalesce(phone = ?, false) desc', [code])
    .first();
  if (!row) throw errors.LS_RESOURCE_NOT_FOUND('No member has this phone or member code', { field: 'code' });
  return customerToApi(row as CustomerRow);
}
