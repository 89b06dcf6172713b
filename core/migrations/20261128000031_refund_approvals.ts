import type { Knex } from 'knex';
import { tenantForeignKey } from '../src/db/schema-helpers.ts';

/**
 * Who approved a refund made by staff without the order.refund permission (a manager's
 * override at the till, seed 6.2.1); null when the staff member who made it could refund.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('refunds', (t) => {
    t.uuid('approved_by');
    // Restrict: staff are deactivated, not deleted, so the approval stays traceable.
    tenantForeignKey(t, 'approved_by', 'staff');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('refunds', (t) => {
    t.dropForeign(['tenant_id', 'approved_by']);
    t.dropColumn('approved_by');
  });
}
