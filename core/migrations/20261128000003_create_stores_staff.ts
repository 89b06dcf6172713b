import type { Knex } from 'knex';
import { protectTenantTable, tenantForeignKey, tenantKeyColumns, timestamps } from '../src/db/schema-helpers.ts';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('stores', (t) => {
    tenantKeyColumns(t);
    t.string('code', 16).notNullable();
    t.string('name', 60).notNullable();
    t.string('address', 200).notNullable().defaultTo('');
    t.string('phone', 32).notNullable().defaultTo('');
    t.boolean('franchise').notNullable().defaultTo(false);
    t.boolean('consignment').notNullable().defaultTo(false);
    t.boolean('active').notNullable().defaultTo(true);
    t.jsonb('settings').notNullable().defaultTo('{}');
    timestamps(t, knex);
    t.unique(['tenant_id', 'code']);
  });
  await knex.schema.createTable('roles', (t) => {
    tenantKeyColumns(t);
    t.string('name', 40).notNullable();
    // Built-in roles carry a stable key; merchant-made roles have none.
    t.string('builtin', 32);
    t.specificType('permissions', 'text[]').notNullable().defaultTo('{}');
    timestamps(t, knex);
    t.unique(['tenant_id', 'name']);
    t.unique(['tenant_id', 'builtin']);
  });
  await knex.schema.createTable('staff', (t) => {
    tenantKeyColumns(t);
    t.string('name', 40).notNullable();
    t.string('phone', 32).notNullable().defaultTo('');
    t.uuid('role_id').notNullable();
    t.uuid('account_id').notNullable().references('id').inTable('accounts').onDelete('restrict');
    t.boolean('active').notNullable().defaultTo(true);
    timestamps(t, knex);
    tenantForeignKey(t, 'role_id', 'roles');
    t.unique(['tenant_id', 'account_id']);
  });
  await knex.schema.createTable('staff_stores', (t) => {
    t.uuid('tenant_id').notNullable();
    t.uuid('staff_id').notNullable();
    t.uuid('store_id').notNullable();
    t.primary(['tenant_id', 'staff_id', 'store_id']);
    tenantForeignKey(t, 'staff_id', 'staff', 'cascade');
    tenantForeignKey(t, 'store_id', 'stores', 'cascade');
  });
  for (const table of ['stores', 'roles', 'staff', 'staff_stores']) await protectTenantTable(knex, table);
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['staff_stores', 'staff', 'roles', 'stores']) await knex.schema.dropTable(table);
}
