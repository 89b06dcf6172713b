import type { Knex } from 'knex';
import { protectTenantTable, tenantForeignKey, tenantKeyColumns, timestamps } from '../src/db/schema-helpers.ts';

/**
 * The mall (seed 2.4): the merchant's mall settings, customers' address books and what an online
 * order adds to the kernel's order (how it reaches the customer, and the pickup code).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('mall_settings', (t) => {
    // One row per merchant, so the tenant is the whole key.
    t.uuid('tenant_id').notNullable().primary();
    // The mini program's AppSecret (jscode2session), sealed under the master key; the appid is tenants.sub_appid.
    t.text('miniprogram_secret_enc');
    // [{ imageUrl, title, productId? }] shown on the home page (seed 2.4.5.1.1).
    t.jsonb('banners').notNullable().defaultTo('[]');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.schema.createTable('customer_addresses', (t) => {
    tenantKeyColumns(t);
    t.uuid('customer_id').notNullable();
    t.string('name', 40).notNullable();
    t.string('phone', 20).notNullable();
    t.string('region', 100).notNullable().defaultTo('');
    t.string('detail', 200).notNullable();
    t.boolean('is_default').notNullable().defaultTo(false);
    timestamps(t, knex);
    tenantForeignKey(t, 'customer_id', 'customers', 'cascade');
    t.index(['tenant_id', 'customer_id']);
  });
  await knex.schema.createTable('mall_orders', (t) => {
    t.uuid('tenant_id').notNullable();
    t.uuid('order_id').notNullable();
    t.uuid('customer_id').notNullable();
    t.string('delivery_mode', 16).notNullable().checkIn(['pickup', 'same_city', 'express']);
    t.bigInteger('delivery_fee_fen').notNullable().defaultTo(0);
    // The address as it was at checkout: editing the address book later does not move a parcel.
    t.jsonb('address');
    // Shown at the till to collect a pickup order; unique per merchant while it is open.
    t.string('pickup_code', 12);
    t.timestamp('picked_up_at', { useTz: true });
    t.primary(['tenant_id', 'order_id']);
    tenantForeignKey(t, 'order_id', 'orders', 'cascade');
    tenantForeignKey(t, 'customer_id', 'customers', 'cascade');
    t.unique(['tenant_id', 'pickup_code']);
    t.index(['tenant_id', 'customer_id']);
    t.check('delivery_fee_fen >= 0', [], 'mall_orders_fee_nonnegative');
  });
  for (const table of ['mall_settings', 'customer_addresses', 'mall_orders']) await protectTenantTable(knex, table);
  // The mall's product list filters on-sale goods of a category and sorts by recency or name.
  await knex.raw(`create index products_mall_listing on products (tenant_id, status, created_at desc)`);
  await knex.raw(`create index skus_by_product on skus (tenant_id, product_id) where active`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index skus_by_product');
  await knex.raw('drop index products_mall_listing');
  for (const table of ['mall_orders', 'customer_addresses', 'mall_settings']) await knex.schema.dropTable(table);
}
