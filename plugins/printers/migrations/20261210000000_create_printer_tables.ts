import { protectTenantTable, tenantForeignKey, tenantKeyColumns, timestamps, type Knex } from '@lingshou/plugin-sdk';

const TABLES = ['printers', 'print_jobs', 'store_last_orders'] as const;

/**
 * 打印机设置 (seed 5.1 飞鹅, 5.2 易联云), in the plugin's own schema (plugin_printers). A printer's
 * key (Feie KEY, Yilianyun msign) is sent to the cloud when it is registered and never stored.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('printers', (t) => {
    tenantKeyColumns(t);
    t.uuid('store_id').notNullable();
    t.string('brand', 16).notNullable().checkIn(['feie', 'yilianyun']);
    t.string('name', 40).notNullable();
    // Feie SN or Yilianyun machine_code (终端号).
    t.string('sn', 32).notNullable();
    t.integer('paper_width').notNullable().defaultTo(58).checkIn(['58', '80']);
    t.integer('copies').notNullable().defaultTo(1);
    t.boolean('auto_print').notNullable().defaultTo(true);
    // 小票抬头: the SDK does not give plugins the store's name, so the merchant writes it here.
    t.string('title', 40).notNullable().defaultTo('');
    timestamps(t, knex);
    t.unique(['tenant_id', 'brand', 'sn']);
    t.index(['tenant_id', 'store_id']);
    t.check('?? between 1 and 9', ['copies']);
  });
  // The print-job ledger: one row per printer, order, reason and request, so a redelivered event or a retried request prints once.
  await knex.schema.createTable('print_jobs', (t) => {
    tenantKeyColumns(t);
    t.uuid('printer_id').notNullable();
    t.uuid('store_id').notNullable();
    // Null for a test page.
    t.uuid('order_id');
    t.string('reason', 16).notNullable().checkIn(['paid', 'reprint', 'test']);
    // Empty for a paid order (one print per order); a reprint's or a test's own request.
    t.string('request_key', 64).notNullable().defaultTo('');
    t.string('status', 16).notNullable().defaultTo('queued').checkIn(['queued', 'sent', 'failed']);
    t.string('vendor_order_id', 64);
    t.string('error', 500);
    t.integer('attempts').notNullable().defaultTo(0);
    t.timestamp('next_attempt_at', { useTz: true });
    t.timestamp('sent_at', { useTz: true });
    timestamps(t, knex);
    tenantForeignKey(t, 'printer_id', 'printers', 'cascade');
    t.unique(['tenant_id', 'printer_id', 'order_id', 'reason', 'request_key']);
    t.index(['tenant_id', 'status', 'next_attempt_at']);
    t.index(['tenant_id', 'order_id']);
  });
  // Each store's last paid order, for 重打小票 without an order id (the SDK lists no orders).
  await knex.schema.createTable('store_last_orders', (t) => {
    tenantKeyColumns(t);
    t.uuid('store_id').notNullable();
    t.uuid('order_id').notNullable();
    t.timestamp('paid_at', { useTz: true }).notNullable();
    timestamps(t, knex);
    t.unique(['tenant_id', 'store_id']);
  });
  for (const table of TABLES) await protectTenantTable(knex, table);
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [...TABLES].reverse()) await knex.schema.dropTable(table);
}
