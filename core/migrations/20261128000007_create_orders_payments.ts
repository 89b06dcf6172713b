import type { Knex } from 'knex';
import { protectTenantTable, tenantForeignKey, tenantKeyColumns, timestamps } from '../src/db/schema-helpers.ts';

const ORDER_STATES = ['pending_payment', 'paid', 'fulfilled', 'completed', 'cancelled', 'partially_refunded', 'refunded'];

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('order_sequences', (t) => {
    t.uuid('tenant_id').notNullable();
    t.uuid('store_id').notNullable();
    t.date('business_date').notNullable();
    t.integer('last_number').notNullable();
    t.primary(['tenant_id', 'store_id', 'business_date']);
    tenantForeignKey(t, 'store_id', 'stores', 'cascade');
  });
  await knex.schema.createTable('orders', (t) => {
    tenantKeyColumns(t);
    t.uuid('store_id').notNullable();
    t.string('number', 40).notNullable();
    t.string('channel', 8).notNullable().checkIn(['pos', 'mall']);
    // POS orders carry the id the till made; uploading it again finds this order.
    t.string('client_order_id', 64);
    t.uuid('customer_id');
    t.uuid('staff_id');
    t.string('status', 24).notNullable().checkIn(ORDER_STATES);
    t.bigInteger('subtotal_fen').notNullable();
    t.bigInteger('adjustment_fen').notNullable().defaultTo(0);
    t.bigInteger('total_fen').notNullable();
    t.bigInteger('paid_fen').notNullable().defaultTo(0);
    t.bigInteger('refunded_fen').notNullable().defaultTo(0);
    t.string('note', 200).notNullable().defaultTo('');
    // What plugins store on an order (a greeting, a pickup code), keyed by plugin id.
    t.jsonb('extensions').notNullable().defaultTo('{}');
    t.timestamp('paid_at', { useTz: true });
    t.timestamp('cancelled_at', { useTz: true });
    t.timestamp('fulfilled_at', { useTz: true });
    t.timestamp('completed_at', { useTz: true });
    timestamps(t, knex);
    tenantForeignKey(t, 'store_id', 'stores');
    tenantForeignKey(t, 'customer_id', 'customers', 'set null');
    t.unique(['tenant_id', 'number']);
    t.unique(['tenant_id', 'client_order_id']);
    t.index(['tenant_id', 'store_id', 'created_at']);
    t.index(['tenant_id', 'customer_id']);
    t.check('total_fen >= 0 and subtotal_fen >= 0', [], 'orders_totals_nonnegative');
    t.check('paid_fen >= 0 and paid_fen <= total_fen', [], 'orders_paid_within_total');
    t.check('refunded_fen >= 0 and refunded_fen <= paid_fen', [], 'orders_refund_within_paid');
    t.check('total_fen = subtotal_fen + adjustment_fen', [], 'orders_total_adds_up');
  });
  await knex.schema.createTable('order_lines', (t) => {
    tenantKeyColumns(t);
    t.uuid('order_id').notNullable();
    t.integer('line_no').notNullable();
    t.uuid('sku_id').notNullable();
    t.uuid('product_id').notNullable();
    t.string('name', 60).notNullable();
    t.string('spec_text', 200).notNullable().defaultTo('');
    t.string('barcode', 40);
    t.boolean('weighed').notNullable().defaultTo(false);
    t.boolean('gift').notNullable().defaultTo(false);
    t.bigInteger('unit_price_fen').notNullable();
    // Pieces, or grams for weighed goods.
    t.bigInteger('quantity').notNullable();
    t.bigInteger('base_total_fen').notNullable();
    t.bigInteger('adjustment_fen').notNullable().defaultTo(0);
    t.bigInteger('total_fen').notNullable();
    t.bigInteger('refunded_quantity').notNullable().defaultTo(0);
    t.bigInteger('refunded_fen').notNullable().defaultTo(0);
    tenantForeignKey(t, 'order_id', 'orders', 'cascade');
    tenantForeignKey(t, 'sku_id', 'skus');
    t.unique(['tenant_id', 'order_id', 'line_no']);
    t.check('quantity > 0', [], 'order_lines_quantity_positive');
    t.check('total_fen >= 0 and total_fen = base_total_fen + adjustment_fen', [], 'order_lines_total_adds_up');
    t.check('refunded_quantity between 0 and quantity', [], 'order_lines_refund_quantity');
    t.check('refunded_fen between 0 and total_fen', [], 'order_lines_refund_amount');
  });
  await knex.schema.createTable('order_adjustments', (t) => {
    tenantKeyColumns(t);
    t.uuid('order_id').notNullable();
    // null: the adjustment applies to the whole order.
    t.uuid('line_id');
    // `kernel` or the id of the plugin that made it.
    t.string('source', 64).notNullable();
    t.string('kind', 32).notNullable();
    t.bigInteger('amount_fen').notNullable();
    t.string('reason', 200).notNullable();
    t.jsonb('data').notNullable().defaultTo('{}');
    tenantForeignKey(t, 'order_id', 'orders', 'cascade');
    tenantForeignKey(t, 'line_id', 'order_lines', 'cascade');
    t.index(['tenant_id', 'order_id']);
  });
  await knex.schema.createTable('payments', (t) => {
    tenantKeyColumns(t);
    t.uuid('order_id').notNullable();
    t.string('method', 64).notNullable();
    t.string('status', 24).notNullable().checkIn(['pending', 'succeeded', 'failed', 'cancelled']);
    t.bigInteger('amount_fen').notNullable();
    t.bigInteger('tendered_fen');
    t.bigInteger('change_fen');
    t.bigInteger('refunded_fen').notNullable().defaultTo(0);
    // The provider's reference (WeChat transaction_id, a gift card number ...).
    t.string('external_id', 64);
    t.jsonb('data').notNullable().defaultTo('{}');
    t.timestamp('succeeded_at', { useTz: true });
    timestamps(t, knex);
    tenantForeignKey(t, 'order_id', 'orders', 'cascade');
    t.index(['tenant_id', 'order_id']);
    t.check('amount_fen > 0', [], 'payments_amount_positive');
    t.check('refunded_fen between 0 and amount_fen', [], 'payments_refund_within_amount');
  });
  await knex.schema.createTable('refunds', (t) => {
    tenantKeyColumns(t);
    t.uuid('order_id').notNullable();
    t.bigInteger('amount_fen').notNullable();
    t.string('reason', 200).notNullable().defaultTo('');
    t.string('status', 16).notNullable().checkIn(['pending', 'succeeded', 'failed']);
    t.boolean('restock').notNullable().defaultTo(true);
    t.uuid('staff_id');
    timestamps(t, knex);
    tenantForeignKey(t, 'order_id', 'orders', 'cascade');
    t.check('amount_fen >= 0', [], 'refunds_amount_nonnegative');
  });
  await knex.schema.createTable('refund_lines', (t) => {
    tenantKeyColumns(t);
    t.uuid('refund_id').notNullable();
    t.uuid('order_line_id').notNullable();
    t.bigInteger('quantity').notNullable();
    t.bigInteger('amount_fen').notNullable();
    tenantForeignKey(t, 'refund_id', 'refunds', 'cascade');
    tenantForeignKey(t, 'order_line_id', 'order_lines', 'cascade');
    t.check('quantity > 0 and amount_fen >= 0', [], 'refund_lines_positive');
  });
  await knex.schema.createTable('refund_payments', (t) => {
    tenantKeyColumns(t);
    t.uuid('refund_id').notNullable();
    t.uuid('payment_id').notNullable();
    t.bigInteger('amount_fen').notNullable();
    t.string('status', 16).notNullable().checkIn(['pending', 'succeeded', 'failed']);
    // The number sent to the provider (WeChat out_refund_no), stored before the call and reused on retry.
    t.string('external_refund_no', 64).notNullable();
    t.string('external_id', 64);
    timestamps(t, knex);
    tenantForeignKey(t, 'refund_id', 'refunds', 'cascade');
    tenantForeignKey(t, 'payment_id', 'payments', 'cascade');
    t.unique(['tenant_id', 'external_refund_no']);
    t.check('amount_fen > 0', [], 'refund_payments_amount_positive');
  });
  await knex.schema.createTable('idempotency_keys', (t) => {
    t.uuid('tenant_id').notNullable();
    t.string('key', 200).notNullable();
    t.string('scope', 200).notNullable();
    t.string('request_hash', 64).notNullable();
    t.integer('status_code').notNullable();
    t.jsonb('response').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['tenant_id', 'key']);
  });
  for (const table of ['order_sequences', 'orders', 'order_lines', 'order_adjustments', 'payments', 'refunds',
    'refund_lines', 'refund_payments', 'idempotency_keys']) {
    await protectTenantTable(knex, table);
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['idempotency_keys', 'refund_payments', 'refund_lines', 'refunds', 'payments', 'order_adjustments',
    'order_lines', 'orders', 'order_sequences']) {
    await knex.schema.dropTable(table);
  }
}
