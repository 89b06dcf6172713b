import type { Knex } from 'knex';
import { APP_ROLE } from './tenant-tx.ts';

/**
 * The policy expression every tenant table uses: an empty setting means "no tenant". A scalar
 * subquery, so PostgreSQL reads the setting once per statement rather than once per row
 * (migration 035).
 */
export const CURRENT_TENANT = `(select nullif(current_setting('app.tenant_id', true), '')::uuid)`;

/** Turns row-level security on and forced for a tenant table, with the tenant policy. */
export async function protectTenantTable(knex: Knex, table: string): Promise<void> {
  await knex.raw(`alter table ?? enable row level security`, [table]);
  await knex.raw(`alter table ?? force row level security`, [table]);
  await knex.raw(
    `create policy tenant_isolation on ?? using (tenant_id = ${CURRENT_TENANT}) with check (tenant_id = ${CURRENT_TENANT})`,
    [table],
  );
}

/** Columns every tenant table starts with: tenant_id and id, keyed together. */
export function tenantKeyColumns(t: Knex.CreateTableBuilder): void {
  t.uuid('tenant_id').notNullable();
  t.uuid('id').notNullable();
  t.primary(['tenant_id', 'id']);
}

/** A foreign key that carries tenant_id, as every tenant-scoped reference must. */
export function tenantForeignKey(
  t: Knex.CreateTableBuilder,
  column: string,
  table: string,
  onDelete: 'cascade' | 'restrict' | 'set null' = 'restrict',
): void {
  // "set null" on a composite key would null tenant_id too; PG 15+ can limit it to the one column.
  const action = onDelete === 'set null' ? `set null (${column})` : onDelete;
  t.foreign(['tenant_id', column])
    .references(['tenant_id', 'id'])
    .inTable(table)
    .onDelete(action);
}

export function timestamps(t: Knex.CreateTableBuilder, knex: Knex): void {
  t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
}

export { APP_ROLE };
