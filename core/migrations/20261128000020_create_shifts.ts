import type { Knex } from 'knex';
import { protectTenantTable, tenantForeignKey, tenantKeyColumns, timestamps } from '../src/db/schema-helpers.ts';

/** Till shifts (seed 6.11 钱箱): the opening float, cash paid in and out, and the count at close. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('shifts', (t) => {
    tenantKeyColumns(t);
    t.uuid('store_id').notNullable();
    t.uuid('staff_id').notNullable();
    t.string('status', 8).notNullable().checkIn(['open', 'closed']);
    t.bigInteger('opening_float_fen').notNullable();
    t.timestamp('opened_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('closed_at', { useTz: true });
    // Fixed at close, so the report of a closed shift never changes with later data.
    t.bigInteger('expected_cash_fen');
    t.bigInteger('counted_cash_fen');
    t.string('note', 200).notNullable().defaultTo('');
    timestamps(t, knex);
    tenantForeignKey(t, 'store_id', 'stores');
    tenantForeignKey(t, 'staff_id', 'staff');
    t.index(['tenant_id', 'store_id', 'opened_at']);
    t.check('opening_float_fen >= 0', [], 'shifts_float_nonnegative');
    t.check(`(status = 'open') = (closed_at is null)`, [], 'shifts_closed_has_time');
    t.check(`status = 'open' or (expected_cash_fen is not null and counted_cash_fen >= 0)`, [], 'shifts_closed_has_count');
  });
  // One open shift per cashier per store: opening twice is refused, even by two racing requests.
  await knex.raw(`create unique index shifts_one_open on shifts (tenant_id, store_id, staff_id) where status = 'open'`);
  await knex.schema.createTable('shift_cash_movements', (t) => {
    tenantKeyColumns(t);
    t.uuid('shift_id').notNullable();
    t.string('kind', 4).notNullable().checkIn(['in', 'out']);
    t.bigInteger('amount_fen').notNullable();
    t.string('reason', 200).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    tenantForeignKey(t, 'shift_id', 'shifts', 'cascade');
    t.index(['tenant_id', 'shift_id']);
    t.check('amount_fen > 0', [], 'shift_cash_movements_amount_positive');
  });
  for (const table of ['shifts', 'shift_cash_movements']) await protectTenantTable(knex, table);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('shift_cash_movements');
  await knex.schema.dropTable('shifts');
}
