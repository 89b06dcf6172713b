import type { Trx } from '../db/tenant-tx.ts';
import { newId } from '../db/ids.ts';
import { errors } from '../errors.ts';
import type { Permission } from './permissions.ts';
import { assertMayGrant, assertMerchantWide, type Actor } from './staff-access.ts';

export interface RoleRow {
  tenant_id: string;
  id: string;
  name: string;
  builtin: string | null;
  permissions: string[];
  staff_count: string | number;
  created_at: Date;
  updated_at: Date;
}

export interface RoleInput {
  name: string;
  permissions: Permission[];
}

export function roleToApi(row: RoleRow) {
  return {
    id: row.id, name: row.name, builtin: row.builtin, permissions: row.permissions,
    staffCount: Number(row.staff_count), createdAt: row.created_at, updatedAt: row.updated_at,
  };
}

/** Roles with how many staff hold each, so the editor knows which it may delete. */
export function rolesQuery(trx: Trx) {
  return trx('roles as r').select(
    'r.*',
    trx.raw('(select count(*) from staff s where s.tenant_id = r.tenant_id and s.role_id = r.id) as staff_count'),
  );
}

export async function getRoleRow(trx: Trx, id: string, field?: string): Promise<RoleRow> {
  const row = await rolesQuery(trx).where('r.id', id).first();
  if (!row) throw errors.LS_RESOURCE_NOT_FOUND('Role not found', field ? { field } : {});
  return row as RoleRow;
}

export async function createRole(trx: Trx, tenantId: string, actor: Actor, input: RoleInput) {
  assertMerchantWide(actor);
  assertMayGrant(actor, { builtin: null, permissions: input.permissions }, 'permissions');
  const id = newId();
  await trx('roles').insert({ tenant_id: tenantId, id, name: input.name, permissions: unique(input.permissions) });
  return roleToApi(await getRoleRow(trx, id));
}

/** Built-in roles keep their name; the merchant admin also keeps every permission. */
export async function updateRole(trx: Trx, actor: Actor, id: string, input: Partial<RoleInput>) {
  assertMerchantWide(actor);
  const role = await getRoleRow(trx, id);
  if (role.builtin && input.name !== undefined && input.name !== role.name) {
    throw errors.LS_STAFF_ROLE_BUILTIN('A built-in role cannot be renamed', { field: 'name' });
  }
  // An edit form sends the whole record back, so an unchanged set is not a change.
  if (role.builtin === 'merchant_admin' && input.permissions !== undefined && !sameSet(input.permissions, role.permissions)) {
    throw errors.LS_STAFF_ROLE_BUILTIN('The merchant admin always holds every permission', { field: 'permissions' });
  }
  if (input.permissions) assertMayGrant(actor, { builtin: null, permissions: input.permissions }, 'permissions');
  await trx('roles').where({ id }).update({
    ...(input.name === undefined ? {} : { name: input.name }),
    ...(input.permissions === undefined ? {} : { permissions: unique(input.permissions) }),
    updated_at: trx.fn.now(),
  });
  return roleToApi(await getRoleRow(trx, id));
}

export async function deleteRole(trx: Trx, actor: Actor, id: string): Promise<void> {
  assertMerchantWide(actor);
  const role = await getRoleRow(trx, id);
  if (role.builtin) throw errors.LS_STAFF_ROLE_BUILTIN('A built-in role cannot be deleted');
  // Any staff row counts, active or not: deactivated staff keep their role for the record.
  if (Number(role.staff_count) > 0) {
    throw errors.LS_RESOURCE_IN_USE(`${role.staff_count} staff members still hold this role`, { extra: { staffCount: Number(role.staff_count) } });
  }
  await trx('roles').where({ id }).delete();
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((v) => right.has(v));
}
