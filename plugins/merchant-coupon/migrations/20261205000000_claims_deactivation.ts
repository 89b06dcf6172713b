import type { Knex } from '@lingshou/plugin-sdk';

/**
 * 作废 (busifavor coupons/deactivate): a coupon a customer holds can be voided by the merchant —
 * issued by mistake, or to a customer who should not have it. The claim keeps its place in the
 * budget (WeChat counts it too) and records when, why and with which request number.
 * `state` grows to hold 'deactivated'.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('claims', (t) => {
    t.string('state', 16).notNullable().alter();
    t.string('deactivate_request_no', 64);
    t.string('deactivate_reason', 64);
    t.timestamp('deactivated_at', { useTz: true });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex('claims').where({ state: 'deactivated' }).update({ state: 'used' });
  await knex.schema.alterTable('claims', (t) => {
    t.dropColumn('deactivate_request_no');
    t.dropColumn('deactivate_reason');
    t.dropColumn('deactivated_at');
    t.string('state', 10).notNullable().alter();
  });
}
