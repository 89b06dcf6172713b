import type { Knex } from 'knex';
import { protectTenantTable } from '../src/db/schema-helpers.ts';

/**
 * Which merchant a WeChat marketing stock (voucher or merchant coupon) belongs to. WeChat sends
 * coupon notifications to one callback URL per service provider, so the partner's inbox routes
 * them by stock (core/src/payments/wechatpay/inbox.ts).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('wechatpay_stocks', (t) => {
    t.uuid('tenant_id').notNullable();
    t.string('stock_id', 64).notNullable();
    t.string('product', 16).notNullable().checkIn(['favor', 'busifavor']);
    t.string('plugin_id', 64).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['tenant_id', 'stock_id']);
    t.index(['stock_id']);
  });
  await protectTenantTable(knex, 'wechatpay_stocks');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('wechatpay_stocks');
}
