import type { Knex } from 'knex';
import { newId } from '../db/ids.ts';
import { enterTenant, inTenant, type Trx } from '../db/tenant-tx.ts';
import { errors } from '../errors.ts';
import { hashPassword } from '../auth/passwords.ts';
import { listPage, type ListQuery } from '../http/list-query.ts';
import { insertStaffAccount } from '../tenancy/accounts.service.ts';
import { getRoleRow } from './roles.service.ts';
import { assertAssignableStores, assertManages, assertMayGrant, sees, type Actor } from './staff-access.ts';

export interface StaffRow {
  tenant_id: string;
  id: string;
  name: string;
  phone: string;
  role_id: string;
  role_name: string;
  role_builtin: string | null;
  role_permissions: string[];
  account_id: string;
  active: boolean;
  store_ids: string[];
  created_at: Date;
  updated_at: Date;
}

export interface StaffInput {
  name: string;
  phone?: string;
  username: string;
  password: string;
  roleId: string;
  storeIds?: string[];
}

export interface StaffUpdate {
  name?: string;
  phone?: string;
  roleId?: string;
  storeIds?: string[];
  active?: boolean;
}

export interface StaffListQuery extends ListQuery {
  roleId?: string;
  storeId?: string;
  active?: boolean;
}

export function staffToApi(row: StaffRow, username: string) {
  return {
    id: row.id, name: row.name, phone: row.phone, username, roleId: row.role_id, roleName: row.role_name,
    storeIds: row.store_ids, active: row.active, createdAt: row.created_at, updatedAt: row.updated_at,
  };
}

/** Staff with their role and stores in one row each. */
function staffQuery(trx: Trx) {
  return trx('staff as s')
    .join('roles as r', function joinRole() {
      this.on('r.tenant_id', 's.tenant_id').andOn('r.id', 's.role_id');
    })
    .select(
      's.*', 'r.name as role_name', 'r.builtin as role_builtin', 'r.permissions as role_permissions',
      trx.raw(`coalesce((select json_agg(ss.store_id order by ss.store_id) from staff_stores ss
        where ss.tenant_id = s.tenant_id and ss.staff_id = s.id), '[]'::json) as store_ids`),
    );
}

function worksIn(trx: Trx, storeIds: string[]) {
  return trx('staff_stores as w').whereRaw('w.tenant_id = s.tenant_id and w.staff_id = s.id').whereIn('w.store_id', storeIds);
}

/**
 * Usernames live on the platform's accounts table, which the tenant role cannot read; this
 * reads them as the owner, limited to the tenant's own accounts.
 */
async function usernamesOf(knex: Knex, tenantId: string, staffIds: string[]): Promise<Map<string, string>> {
  const rows = await knex('accounts').where({ tenant_id: tenantId }).whereIn('staff_id', staffIds).select('staff_id', 'username');
  return new Map(rows.map((r: { staff_id: string; username: string }) => [r.staff_id, r.username]));
}

async function getStaffRow(trx: Trx, id: string): Promise<StaffRow | undefined> {
  return (await staffQuery(trx).where('s.id', id).first()) as StaffRow | undefined;
}

/** The staff member as the actor may see them; a member outside the actor's stores is "not found". */
async function visibleStaff(trx: Trx, actor: Actor, id: string): Promise<StaffRow> {
  const row = await getStaffRow(trx, id);
  if (!row || !sees(actor, row.store_ids)) throw errors.LS_RESOURCE_NOT_FOUND('Staff member not found');
  return row;
}

/** Locks the row so concurrent edits (and their store lists) apply one after the other. */
async function manageableStaff(trx: Trx, actor: Actor, id: string): Promise<StaffRow> {
  await trx('staff').where({ id }).forUpdate().first('id');
  const row = await visibleStaff(trx, actor, id);
  assertManages(actor, { storeIds: row.store_ids, role: { builtin: row.role_builtin, permissions: row.role_permissions } });
  return row;
}

async function assertStoresExist(trx: Trx, storeIds: string[]): Promise<void> {
  const found = new Set(await trx('stores').whereIn('id', storeIds).pluck('id'));
  storeIds.forEach((id, i) => {
    if (!found.has(id)) throw errors.LS_RESOURCE_NOT_FOUND('Store not found', { field: `storeIds.${i}` });
  });
}

async function setStores(trx: Trx, tenantId: string, staffId: string, storeIds: string[]): Promise<void> {
  await trx('staff_stores').where({ staff_id: staffId }).delete();
  const unique = [...new Set(storeIds)];
  if (unique.length > 0) {
    await trx('staff_stores').insert(unique.map((storeId) => ({ tenant_id: tenantId, staff_id: staffId, store_id: storeId })));
  }
}

/** Logs out everywhere: a deactivated account or a reset password must not live on in a refresh token. */
async function revokeSessions(trx: Trx, accountId: string): Promise<void> {
  await trx('refresh_tokens').where({ account_id: accountId }).whereNull('revoked_at').update({ revoked_at: trx.fn.now() });
}

export async function listStaff(knex: Knex, tenantId: string, actor: Actor, query: StaffListQuery) {
  const page = await inTenant(knex, tenantId, (trx) => {
    const base = staffQuery(trx);
    if (actor.storeIds) base.whereExists(worksIn(trx, actor.storeIds));
    if (query.storeId) base.whereExists(worksIn(trx, [query.storeId]));
    if (query.roleId) base.where('s.role_id', query.roleId);
    if (query.active !== undefined) base.where('s.active', query.active);
    return listPage<StaffRow>(base, query, {
      sortable: { id: 's.id', name: 's.name', active: 's.active', createdAt: 's.created_at' },
      defaultSort: 'createdAt', search: ['s.name', 's.phone'],
    });
  });
  const usernames = await usernamesOf(knex, tenantId, page.rows.map((r) => r.id));
  return { total: page.total, rows: page.rows.map((r) => staffToApi(r, usernames.get(r.id) ?? '')) };
}

export async function getStaff(knex: Knex, tenantId: string, actor: Actor, id: string) {
  const row = await inTenant(knex, tenantId, (trx) => visibleStaff(trx, actor, id));
  return staffToApi(row, (await usernamesOf(knex, tenantId, [id])).get(id) ?? '');
}

/**
 * Creates the login and the staff row in one transaction: the account as the owner (accounts
 * is a platform table), then the staff row under the tenant's row-level security. Anything
 * refused after the account is written (unknown role or store) rolls the account back too.
 */
export async function createStaff(knex: Knex, tenantId: string, actor: Actor, input: StaffInput) {
  const storeIds = input.storeIds ?? [];
  assertAssignableStores(actor, storeIds);
  return knex.transaction(async (trx) => {
    const staffId = newId();
    const accountId = await insertStaffAccount(trx, tenantId, staffId, input.username, input.password);
    await enterTenant(trx, tenantId);
    assertMayGrant(actor, await getRoleRow(trx, input.roleId, 'roleId'), 'roleId');
    await assertStoresExist(trx, storeIds);
    await trx('staff').insert({
      tenant_id: tenantId, id: staffId, name: input.name, phone: input.phone ?? '', role_id: input.roleId, account_id: accountId,
    });
    await setStores(trx, tenantId, staffId, storeIds);
    return staffToApi((await getStaffRow(trx, staffId))!, input.username);
  });
}

/**
 * Edits a staff member. Deactivating also disables the login: the account is updated as the
 * owner first, in the same transaction, so a refusal further on leaves the login as it was.
 */
export async function updateStaff(knex: Knex, tenantId: string, actor: Actor, id: string, input: StaffUpdate) {
  return knex.transaction(async (trx) => {
    const account = await trx('accounts').where({ tenant_id: tenantId, staff_id: id }).first('id', 'username');
    if (account && input.active !== undefined) {
      await trx('accounts').where({ id: account.id }).update({ disabled: !input.active });
      if (!input.active) await revokeSessions(trx, account.id);
    }
    await enterTenant(trx, tenantId);
    const target = await manageableStaff(trx, actor, id);
    // Nobody locks themselves out or changes their own powers; another manager must do it.
    if (id === actor.staffId && input.active === false) {
      throw errors.LS_INPUT_INVALID('You cannot deactivate yourself', { field: 'active' });
    }
    if (input.roleId !== undefined && input.roleId !== target.role_id) {
      if (id === actor.staffId) throw errors.LS_INPUT_INVALID('You cannot change your own role', { field: 'roleId' });
      assertMayGrant(actor, await getRoleRow(trx, input.roleId, 'roleId'), 'roleId');
    }
    if (input.storeIds) {
      assertAssignableStores(actor, input.storeIds);
      await assertStoresExist(trx, input.storeIds);
      await setStores(trx, tenantId, id, input.storeIds);
    }
    const { storeIds: _storeIds, roleId, ...fields } = input;
    await trx('staff').where({ id }).update({
      ...fields, ...(roleId === undefined ? {} : { role_id: roleId }), updated_at: trx.fn.now(),
    });
    return staffToApi((await getStaffRow(trx, id))!, (account as { username: string }).username);
  });
}

/** Sets a new password for a staff member's login and ends their sessions. */
export async function resetStaffPassword(knex: Knex, tenantId: string, actor: Actor, id: string, password: string): Promise<void> {
  const passwordHash = await hashPassword(password);
  await knex.transaction(async (trx) => {
    const [account] = await trx('accounts').where({ tenant_id: tenantId, staff_id: id }).update({ password_hash: passwordHash }).returning('id');
    if (account) await revokeSessions(trx, (account as { id: string }).id);
    await enterTenant(trx, tenantId);
    await manageableStaff(trx, actor, id);
  });
}
