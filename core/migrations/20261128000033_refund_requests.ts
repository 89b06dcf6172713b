import type { Knex } from 'knex';
import { protectTenantTable, tenantForeignKey, tenantKeyColumns, timestamps } from '../src/db/schema-helpers.ts';

/**
 * Customers' refund requests from the mall (售后申请), reviewed by the merchant before any money
 * moves, or approved at once when the store says so (store settings `refundApproval`).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('refund_requests', (t) => {
    tenantKeyColumns(t);
    t.uuid('order_id').notNullable();
    // Copied from the order, so the review list filters by store without a join.
    t.uuid('store_id').notNullable();
    t.uuid('customer_id').notNullable();
    t.string('state', 16).notNullable().defaultTo('requested').checkIn(['requested', 'approved', 'rejected']);
    t.string('reason', 200).notNullable().defaultTo('');
    // What was left to refund when the customer asked (the whole order, less earlier refunds).
    t.bigInteger('amount_fen').notNullable();
    // Told to the customer in the mall; required by the route when rejecting.
    t.string('rejection_note', 200);
    // The staff member who decided; null while open, and for an approval the store made automatically.
    t.uuid('decided_by');
    t.timestamp('decided_at', { useTz: true });
    // The refund an approval made.
    t.uuid('refund_id');
    timestamps(t, knex);
    tenantForeignKey(t, 'order_id', 'orders', 'cascade');
    tenantForeignKey(t, 'store_id', 'stores');
    tenantForeignKey(t, 'customer_id', 'customers', 'cascade');
    // Restrict: staff are deactivated, not deleted, so the decision stays traceable.
    tenantForeignKey(t, 'decided_by', 'staff');
    tenantForeignKey(t, 'refund_id', 'refunds');
    t.index(['tenant_id', 'order_id']);
    // The review list: by state, newest first.
    t.index(['tenant_id', 'state', 'created_at']);
    t.check('amount_fen >= 0', [], 'refund_requests_amount_nonnegative');
  });
  await protectTenantTable(knex, 'refund_requests');
  // One open request per order: asking again while it waits finds the same request.
  await knex.raw(`create unique index refund_requests_one_open on refund_requests (tenant_id, order_id) where state = 'requested'`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('refund_requests');
}
