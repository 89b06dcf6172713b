import type { Knex } from 'knex';
import { newId } from '../db/ids.ts';
import { enterTenant } from '../db/tenant-tx.ts';
import { errors } from '../errors.ts';
import { builtinRoles } from '../staff/permissions.ts';
import { insertStaffAccount } from './accounts.service.ts';

export interface MerchantInput {
  name: string;
  partnerId?: string;
  subMchid?: string;
  subAppid?: string;
  admin: { username: string; password: string; name: string; phone?: string };
}

interface TenantRow {
  id: string;
  name: string;
  partner_id: string | null;
  sub_mchid: string | null;
  sub_appid: string | null;
  status: string;
  created_at: Date;
}

export function merchantToApi(row: TenantRow) {
  return {
    id: row.id, name: row.name, partnerId: row.partner_id, subMchid: row.sub_mchid, subAppid: row.sub_appid,
    status: row.status, createdAt: row.created_at,
  };
}

/**
 * Creates a merchant (tenant) with its built-in roles and first admin, in one transaction:
 * the platform half as the owner, then the tenant half under the tenant's row-level security.
 */
export async function createMerchant(knex: Knex, input: MerchantInput) {
  return knex.transaction(async (trx) => {
    if (input.partnerId) {
      const partner = await trx('partners').where({ id: input.partnerId }).first('id');
      if (!partner) throw errors.LS_RESOURCE_NOT_FOUND('Partner not found', { field: 'partnerId' });
    }
    const tenantId = newId();
    const staffId = newId();
    const [tenant] = await trx('tenants')
      .insert({ id: tenantId, name: input.name, partner_id: input.partnerId ?? null, sub_mchid: input.subMchid ?? null, sub_appid: input.subAppid ?? null })
      .returning('*');
    const accountId = await insertStaffAccount(trx, tenantId, staffId, input.admin.username, input.admin.password);
    await enterTenant(trx, tenantId);
    const roleIds = await seedBuiltinRoles(trx, tenantId);
    await trx('staff').insert({
      tenant_id: tenantId, id: staffId, name: input.admin.name, phone: input.admin.phone ?? '',
      role_id: roleIds.merchant_admin, account_id: accountId,
    });
    return merchantToApi(tenant as TenantRow);
  });
}

async function seedBuiltinRoles(trx: Knex.Transaction, tenantId: string): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  const rows = Object.entries(builtinRoles).map(([builtin, role]) => {
    ids[builtin] = newId();
    return { tenant_id: tenantId, id: ids[builtin], name: role.name, builtin, permissions: [...role.permissions] };
  });
  await trx('roles').insert(rows);
  return ids;
}

export async function getMerchant(knex: Knex, id: string) {
  const row = await knex<TenantRow>('tenants').where({ id }).first();
  if (!row) throw errors.LS_RESOURCE_NOT_FOUND('Merchant not found');
  return merchantToApi(row);
}

export interface MerchantUpdate {
  name?: string;
  partnerId?: string | null;
  subMchid?: string | null;
  subAppid?: string | null;
  status?: 'active' | 'suspended';
}

/** The platform's half of a merchant: its name, partner, WeChat Pay sub-merchant and state. */
export async function updateMerchant(knex: Knex, id: string, input: MerchantUpdate) {
  if (input.partnerId) {
    const partner = await knex('partners').where({ id: input.partnerId }).first('id');
    if (!partner) throw errors.LS_RESOURCE_NOT_FOUND('Partner not found', { field: 'partnerId' });
  }
  const columns: Record<string, unknown> = {};
  if (input.name !== undefined) columns.name = input.name;
  if (input.partnerId !== undefined) columns.partner_id = input.partnerId;
  if (input.subMchid !== undefined) columns.sub_mchid = input.subMchid;
  if (input.subAppid !== undefined) columns.sub_appid = input.subAppid;
  if (input.status !== undefined) columns.status = input.status;
  const [row] = Object.keys(columns).length > 0
    ? await knex<TenantRow>('tenants').where({ id }).update(columns).returning('*')
    : await knex<TenantRow>('tenants').where({ id }).select('*');
  if (!row) throw errors.LS_RESOURCE_NOT_FOUND('Merchant not found');
  return merchantToApi(row as TenantRow);
}
