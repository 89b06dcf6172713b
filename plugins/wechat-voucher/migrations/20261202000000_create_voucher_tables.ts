import { protectTenantTable, tenantForeignKey, tenantKeyColumns, timestamps, type Knex } from '@lingshou/plugin-sdk';

const TABLES = ['stocks', 'send_batches', 'send_recipients', 'coupon_uses'] as const;

/**
 * 微信支付代金券 (seed 4.8), in the plugin's own schema (plugin_wechat_voucher). Money is integer
 * fen. Every request number WeChat sees (a stock's out_request_no, a recipient's) is stored here
 * before the call, so a retry after a crash sends the same one and WeChat answers the same.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('stocks', (t) => {
    tenantKeyColumns(t);
    t.string('name', 20).notNullable();
    t.string('comment', 20).notNullable().defaultTo('');
    // 预充值 (pre_charged: the merchant's funds are locked at activation) or 免充值 (no_charge).
    t.string('charge_mode', 16).notNullable().checkIn(['pre_charged', 'no_charge']);
    t.bigInteger('amount_fen').notNullable();
    t.bigInteger('threshold_fen').notNullable().defaultTo(0);
    t.timestamp('begin_at', { useTz: true }).notNullable();
    t.timestamp('end_at', { useTz: true }).notNullable();
    t.integer('max_coupons').notNullable();
    t.bigInteger('max_amount_fen').notNullable();
    t.integer('max_per_user').notNullable();
    t.jsonb('goods_tags').notNullable().defaultTo('[]');
    t.string('out_request_no', 128).notNullable();
    // draft: stored, not yet confirmed by WeChat; then WeChat's own states.
    t.string('status', 16).notNullable().defaultTo('draft').checkIn(['draft', 'unactivated', 'running', 'paused', 'stopped']);
    t.string('wechat_stock_id', 32);
    t.string('belong_merchant', 32);
    t.string('last_error', 500);
    t.integer('distributed_coupons').notNullable().defaultTo(0);
    t.timestamp('synced_at', { useTz: true });
    timestamps(t, knex);
    t.unique(['tenant_id', 'out_request_no']);
    t.unique(['tenant_id', 'wechat_stock_id']);
    t.check('?? > 0 and ?? >= 0 and ?? > ?? and ?? > 0 and ?? = ?? * ?? and ?? between 1 and 100', [
      'amount_fen', 'threshold_fen', 'end_at', 'begin_at', 'max_coupons', 'max_amount_fen', 'max_coupons', 'amount_fen', 'max_per_user',
    ]);
  });
  await knex.schema.createTable('send_batches', (t) => {
    tenantKeyColumns(t);
    t.uuid('stock_id').notNullable();
    t.string('status', 16).notNullable().defaultTo('queued').checkIn(['queued', 'running', 'done']);
    t.integer('total').notNullable();
    t.uuid('created_by');
    t.timestamp('finished_at', { useTz: true });
    timestamps(t, knex);
    tenantForeignKey(t, 'stock_id', 'stocks', 'restrict');
    t.index(['tenant_id', 'stock_id']);
  });
  await knex.schema.createTable('send_recipients', (t) => {
    tenantKeyColumns(t);
    t.uuid('batch_id').notNullable();
    // The batch's stock, kept here so a stock's sent count is one indexed count.
    t.uuid('stock_id').notNullable();
    t.uuid('customer_id').notNullable();
    // Derived from the batch and the customer: the same recipient always sends the same number.
    t.string('out_request_no', 128).notNullable();
    t.string('status', 16).notNullable().defaultTo('pending').checkIn(['pending', 'sent', 'failed', 'skipped']);
    t.string('appid', 32);
    t.string('openid', 128);
    t.string('coupon_id', 32);
    t.string('error_code', 64);
    t.string('error_message', 500);
    timestamps(t, knex);
    tenantForeignKey(t, 'batch_id', 'send_batches', 'cascade');
    tenantForeignKey(t, 'stock_id', 'stocks', 'restrict');
    t.unique(['tenant_id', 'batch_id', 'customer_id']);
    t.unique(['tenant_id', 'out_request_no']);
    t.index(['tenant_id', 'batch_id', 'status']);
    t.index(['tenant_id', 'stock_id', 'status']);
  });
  await knex.schema.createTable('coupon_uses', (t) => {
    tenantKeyColumns(t);
    t.uuid('stock_id').notNullable();
    t.string('coupon_id', 32).notNullable();
    t.bigInteger('amount_fen').notNullable();
    t.uuid('order_id');
    t.string('transaction_id', 64);
    t.timestamp('used_at', { useTz: true }).notNullable();
    // Where we learned of it: the paid order's promotion_detail, WeChat's COUPON.USE, or both.
    t.boolean('from_order').notNullable().defaultTo(false);
    t.string('notification_id', 64);
    // The voucher's share of the order's refunds: WeChat gives the discount back, not the coupon.
    t.bigInteger('refunded_fen').notNullable().defaultTo(0);
    timestamps(t, knex);
    tenantForeignKey(t, 'stock_id', 'stocks', 'restrict');
    t.unique(['tenant_id', 'coupon_id']);
    t.index(['tenant_id', 'stock_id']);
    t.index(['tenant_id', 'order_id']);
  });
  for (const table of TABLES) await protectTenantTable(knex, table);
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [...TABLES].reverse()) await knex.schema.dropTable(table);
}
