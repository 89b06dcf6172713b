import { protectTenantTable, tenantKeyColumns, timestamps, type Knex } from '@lingshou/plugin-sdk';

/**
 * The store's last paid order now comes from the kernel (ctx.kernel.orders.list), so the copy
 * kept from order.paid goes. `down` puts the table back as it was, empty.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.dropTable('store_last_orders');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.createTable('store_last_orders', (t) => {
    tenantKeyColumns(t);
    t.uuid('store_id').notNullable();
    t.uuid('order_id').notNullable();
    t.timestamp('paid_at', { useTz: true }).notNullable();
    timestamps(t, knex);
    t.unique(['tenant_id', 'store_id']);
  });
  await protectTenantTable(knex, 'store_last_orders');
}
