import type { Knex } from 'knex';
import { protectTenantTable, tenantForeignKey, tenantKeyColumns, timestamps } from '../src/db/schema-helpers.ts';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('categories', (t) => {
    tenantKeyColumns(t);
    t.uuid('parent_id');
    t.string('name', 40).notNullable();
    t.integer('sort').notNullable().defaultTo(0);
    timestamps(t, knex);
    tenantForeignKey(t, 'parent_id', 'categories', 'restrict');
  });
  await knex.schema.createTable('products', (t) => {
    tenantKeyColumns(t);
    t.uuid('category_id');
    t.string('name', 60).notNullable();
    t.string('subtitle', 120).notNullable().defaultTo('');
    t.text('description').notNullable().defaultTo('');
    // [{ name: '颜色', values: ['红', '蓝'] }, ...]; empty for single-spec goods.
    t.jsonb('specs').notNullable().defaultTo('[]');
    t.specificType('labels', 'text[]').notNullable().defaultTo('{}');
    // Storage keys (see catalog/storage); the first is the cover.
    t.specificType('images', 'text[]').notNullable().defaultTo('{}');
    // Weighed goods: quantities and stock in grams, prices per kilogram.
    t.boolean('weighed').notNullable().defaultTo(false);
    t.string('unit', 8).notNullable().defaultTo('件');
    t.string('status', 16).notNullable().defaultTo('on_sale').checkIn(['on_sale', 'off_sale']);
    // Pinyin initials of the name (可口可乐 → kkkl) for till and mall search.
    t.string('pinyin', 120).notNullable().defaultTo('');
    timestamps(t, knex);
    tenantForeignKey(t, 'category_id', 'categories', 'set null');
    t.index(['tenant_id', 'category_id']);
  });
  await knex.schema.createTable('skus', (t) => {
    tenantKeyColumns(t);
    t.uuid('product_id').notNullable();
    // { 颜色: '红', 尺码: 'M' }; {} for a single-spec product.
    t.jsonb('spec_values').notNullable().defaultTo('{}');
    // Canonical text of spec_values ("颜色:红|尺码:M"), unique within the product.
    t.string('spec_key', 200).notNullable().defaultTo('');
    t.string('code', 40);
    t.string('barcode', 40);
    t.bigInteger('price_fen').notNullable();
    t.bigInteger('cost_fen');
    t.boolean('active').notNullable().defaultTo(true);
    timestamps(t, knex);
    tenantForeignKey(t, 'product_id', 'products', 'cascade');
    t.unique(['tenant_id', 'barcode']);
    t.unique(['tenant_id', 'code']);
    t.unique(['tenant_id', 'product_id', 'spec_key']);
    t.check('price_fen >= 0', [], 'skus_price_nonnegative');
    t.check('cost_fen is null or cost_fen >= 0', [], 'skus_cost_nonnegative');
  });
  await knex.schema.createTable('import_jobs', (t) => {
    tenantKeyColumns(t);
    t.string('kind', 32).notNullable();
    t.string('filename', 200).notNullable();
    t.string('status', 16).notNullable().defaultTo('pending').checkIn(['pending', 'running', 'done', 'failed']);
    t.integer('total_rows').notNullable().defaultTo(0);
    t.integer('processed_rows').notNullable().defaultTo(0);
    t.integer('created_count').notNullable().defaultTo(0);
    t.integer('updated_count').notNullable().defaultTo(0);
    t.integer('error_count').notNullable().defaultTo(0);
    // [{ row, field, message }]
    t.jsonb('errors').notNullable().defaultTo('[]');
    t.uuid('created_by');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('finished_at', { useTz: true });
  });
  for (const table of ['categories', 'products', 'skus', 'import_jobs']) await protectTenantTable(knex, table);
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['import_jobs', 'skus', 'products', 'categories']) await knex.schema.dropTable(table);
}
