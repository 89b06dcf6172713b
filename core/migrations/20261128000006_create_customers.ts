import type { Knex } from 'knex';
import { protectTenantTable, tenantForeignKey, tenantKeyColumns, timestamps } from '../src/db/schema-helpers.ts';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('customers', (t) => {
    tenantKeyColumns(t);
    t.string('phone', 20);
    t.string('name', 40).notNullable().defaultTo('');
    // The number on a member card or the member QR code shown at the till (seed 6.6).
    t.string('member_code', 32);
    t.uuid('home_store_id');
    t.string('gender', 8).notNullable().defaultTo('unknown').checkIn(['unknown', 'male', 'female']);
    t.date('birthday');
    t.string('note', 200).notNullable().defaultTo('');
    timestamps(t, knex);
    tenantForeignKey(t, 'home_store_id', 'stores', 'set null');
    t.unique(['tenant_id', 'phone']);
    t.unique(['tenant_id', 'member_code']);
  });
  await knex.schema.createTable('customer_wechat_identities', (t) => {
    t.uuid('tenant_id').notNullable();
    t.string('appid', 32).notNullable();
    t.string('openid', 64).notNullable();
    t.string('unionid', 64);
    t.uuid('customer_id').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['tenant_id', 'appid', 'openid']);
    tenantForeignKey(t, 'customer_id', 'customers', 'cascade');
    t.index(['tenant_id', 'unionid']);
    t.index(['tenant_id', 'customer_id']);
  });
  for (const table of ['customers', 'customer_wechat_identities']) await protectTenantTable(knex, table);
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['customer_wechat_identities', 'customers']) await knex.schema.dropTable(table);
}
