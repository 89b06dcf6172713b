import { protectTenantTable, tenantForeignKey, type Knex } from '@lingshou/plugin-sdk';

/**
 * Code mode `upload` (WeChat's MERCHANT_UPLOAD): the codes the merchant uploaded to a coupon's
 * stock, from which WeChat picks one for each coupon it sends. A code names one coupon in the
 * shop (as `claims.coupon_code` does), so the key is the shop and the code. `coupons.uploaded_count`
 * counts them under the coupon's row lock: a claim's budget is the lesser of it and `max_coupons`.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('coupons', (t) => {
    t.integer('uploaded_count').notNullable().defaultTo(0);
  });
  await knex.raw(`alter table coupons add constraint coupons_uploaded_not_negative check (uploaded_count >= 0)`);

  await knex.schema.createTable('coupon_codes', (t) => {
    t.uuid('tenant_id').notNullable();
    t.string('code', 32).notNullable();
    t.uuid('coupon_id').notNullable();
    /** The WeChat upload that carried it: a retry of the batch sends the same number. */
    t.string('upload_request_no', 128).notNullable();
    t.timestamp('uploaded_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    /** Set when WeChat's COUPON.SEND says it sent this code: the claim it became. */
    t.uuid('claim_id');
    t.timestamp('sent_at', { useTz: true });
    t.primary(['tenant_id', 'code']);
    tenantForeignKey(t, 'coupon_id', 'coupons', 'cascade');
    tenantForeignKey(t, 'claim_id', 'claims', 'set null');
    t.index(['tenant_id', 'coupon_id', 'sent_at']);
  });
  await protectTenantTable(knex, 'coupon_codes');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('coupon_codes');
  // Dropping the column drops its check constraint with it.
  await knex.schema.alterTable('coupons', (t) => {
    t.dropColumn('uploaded_count');
  });
}
