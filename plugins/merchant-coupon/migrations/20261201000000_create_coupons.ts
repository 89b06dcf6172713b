import { protectTenantTable, tenantForeignKey, tenantKeyColumns, timestamps, type Knex } from '@lingshou/plugin-sdk';

/**
 * 微信商家券 (seed 4.9). `coupons` is the merchant's coupon definition and its WeChat busifavor
 * stock; `claims` is the ledger of coupons handed to customers. The ledger's counters and
 * constraints are what keep claims within the budget and the per-user limit under concurrency.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('coupons', (t) => {
    tenantKeyColumns(t);
    t.string('name', 21).notNullable();
    t.string('scope_text', 15).notNullable();
    t.string('scene', 8).notNullable();
    t.string('type', 8).notNullable();
    t.bigInteger('threshold_fen').notNullable();
    /** NORMAL: the amount off; EXCHANGE: the price paid; DISCOUNT: null. */
    t.bigInteger('amount_fen');
    t.integer('discount_percent');
    t.integer('max_coupons').notNullable();
    t.integer('per_user_limit').notNullable();
    t.timestamp('available_from', { useTz: true }).notNullable();
    t.timestamp('available_until', { useTz: true }).notNullable();
    t.integer('days_after_claim');
    t.jsonb('weekly');
    t.boolean('all_stores').notNullable();
    t.jsonb('store_ids').notNullable();
    t.jsonb('sku_ids').notNullable();
    t.string('code_mode', 16).notNullable();
    t.string('state', 10).notNullable();
    t.string('out_request_no', 64).notNullable();
    t.jsonb('wechat_request').notNullable();
    t.string('stock_id', 32);
    t.string('wechat_state', 16);
    t.integer('wechat_sent_count');
    t.timestamp('synced_at', { useTz: true });
    t.integer('claimed_count').notNullable().defaultTo(0);
    t.integer('used_count').notNullable().defaultTo(0);
    timestamps(t, knex);
    t.unique(['tenant_id', 'out_request_no']);
    t.unique(['tenant_id', 'stock_id']);
  });
  await knex.raw(`alter table coupons add constraint coupons_claims_within_budget check (claimed_count between 0 and max_coupons)`);
  await knex.raw(`alter table coupons add constraint coupons_used_not_negative check (used_count >= 0)`);
  await protectTenantTable(knex, 'coupons');

  await knex.schema.createTable('claims', (t) => {
    tenantKeyColumns(t);
    t.uuid('coupon_id').notNullable();
    t.uuid('customer_id');
    /** The customer's n-th claim of this coupon: unique, so a customer can never hold two n-th. */
    t.integer('seq');
    t.string('out_request_no', 64).notNullable();
    t.string('openid', 128);
    t.string('coupon_code', 64);
    t.string('state', 10).notNullable();
    t.timestamp('claimed_at', { useTz: true });
    t.timestamp('valid_from', { useTz: true });
    t.timestamp('valid_until', { useTz: true });
    t.uuid('order_id');
    t.string('use_request_no', 64);
    t.timestamp('used_at', { useTz: true });
    t.timestamp('wechat_used_at', { useTz: true });
    t.string('return_request_no', 64);
    t.timestamp('returned_at', { useTz: true });
    t.string('notification_id', 64);
    timestamps(t, knex);
    tenantForeignKey(t, 'coupon_id', 'coupons', 'cascade');
    t.unique(['tenant_id', 'out_request_no']);
    t.unique(['tenant_id', 'coupon_id', 'customer_id', 'seq']);
    t.index(['tenant_id', 'customer_id', 'state']);
    t.index(['tenant_id', 'order_id']);
  });
  // A code names one coupon in the shop; pending claims have none yet.
  await knex.raw(`create unique index claims_code_unique on claims (tenant_id, coupon_code) where coupon_code is not null`);
  await protectTenantTable(knex, 'claims');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('claims');
  await knex.schema.dropTable('coupons');
}
