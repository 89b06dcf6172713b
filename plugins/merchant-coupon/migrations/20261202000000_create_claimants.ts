import { protectTenantTable, tenantForeignKey, type Knex } from '@lingshou/plugin-sdk';

/**
 * One row per customer who has claimed a coupon: a claim locks it first, so one customer's
 * claims of a coupon queue behind each other while different customers' claims do not, and the
 * coupon's own row (the budget) is held only for the increment that ends a claim.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('claimants', (t) => {
    t.uuid('tenant_id').notNullable();
    t.uuid('coupon_id').notNullable();
    t.uuid('customer_id').notNullable();
    t.timestamp('last_claim_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['tenant_id', 'coupon_id', 'customer_id']);
    tenantForeignKey(t, 'coupon_id', 'coupons', 'cascade');
  });
  await protectTenantTable(knex, 'claimants');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('claimants');
}
