import type { Knex } from 'knex';
import { protectTenantTable, tenantForeignKey, tenantKeyColumns, timestamps } from '../src/db/schema-helpers.ts';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('warehouses', (t) => {
    tenantKeyColumns(t);
    // null: a merchant (central) warehouse; otherwise the store it belongs to.
    t.uuid('store_id');
    t.string('name', 60).notNullable();
    t.boolean('is_default').notNullable().defaultTo(false);
    // Mirrors the store's zero-stock-sale setting onto its stock rows (see stock_levels).
    t.boolean('allow_negative').notNullable().defaultTo(false);
    timestamps(t, knex);
    tenantForeignKey(t, 'store_id', 'stores', 'cascade');
  });
  await knex.raw(`create unique index warehouses_default_per_store on warehouses (tenant_id, store_id) where is_default`);
  await knex.schema.createTable('stock_levels', (t) => {
    t.uuid('tenant_id').notNullable();
    t.uuid('warehouse_id').notNullable();
    t.uuid('sku_id').notNullable();
    // Pieces, or grams for weighed goods.
    t.bigInteger('on_hand').notNullable().defaultTo(0);
    t.boolean('allow_negative').notNullable().defaultTo(false);
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['tenant_id', 'warehouse_id', 'sku_id']);
    tenantForeignKey(t, 'warehouse_id', 'warehouses', 'cascade');
    tenantForeignKey(t, 'sku_id', 'skus', 'cascade');
    // The database, not the code, is what keeps stock from going below zero.
    t.check('on_hand >= 0 or allow_negative', [], 'stock_levels_on_hand_nonnegative');
    t.index(['tenant_id', 'sku_id']);
  });
  await knex.schema.createTable('stock_movements', (t) => {
    tenantKeyColumns(t);
    t.uuid('warehouse_id').notNullable();
    t.uuid('sku_id').notNullable();
    t.bigInteger('delta').notNullable();
    t.bigInteger('balance_after').notNullable();
    // Kernel types: initial, adjustment, sale, refund, cancel; plugins add their own (`purchase`, `transfer_in`, ...).
    t.string('type', 32).notNullable();
    // What caused the movement (`order:<id>:line:<id>`): the same cause never moves stock twice.
    t.string('source_key', 200).notNullable();
    t.string('note', 200).notNullable().defaultTo('');
    t.uuid('staff_id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    tenantForeignKey(t, 'warehouse_id', 'warehouses', 'cascade');
    tenantForeignKey(t, 'sku_id', 'skus', 'cascade');
    t.unique(['tenant_id', 'source_key']);
    t.check('delta <> 0', [], 'stock_movements_delta_nonzero');
    t.check(`type ~ '^[a-z][a-z0-9_.]*$'`, [], 'stock_movements_type_format');
    t.index(['tenant_id', 'sku_id', 'created_at']);
  });
  for (const table of ['warehouses', 'stock_levels', 'stock_movements']) await protectTenantTable(knex, table);
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['stock_movements', 'stock_levels', 'warehouses']) await knex.schema.dropTable(table);
}
