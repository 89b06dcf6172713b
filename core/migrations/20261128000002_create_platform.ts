import type { Knex } from 'knex';
import { APP_ROLE } from '../src/db/tenant-tx.ts';

/**
 * Platform tables: not tenant-scoped (reference tables on Citus). Tenants may read their own
 * merchant row and their partner's public parameters; accounts and tokens stay with the owner.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('partners', (t) => {
    t.uuid('id').primary();
    t.string('name', 100).notNullable();
    t.string('sp_mchid', 32);
    t.string('sp_appid', 32);
    t.string('official_appid', 32);
    t.string('api_cert_serial', 64);
    t.text('api_certificate');
    t.text('platform_certificate');
    t.string('wechatpay_public_key_id', 64);
    t.text('wechatpay_public_key');
    // Secrets: AES-256-GCM under the master key, never selected by the API.
    t.text('apiv3_key_enc');
    t.text('api_private_key_enc');
    t.text('apiv2_key_enc');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.schema.createTable('tenants', (t) => {
    t.uuid('id').primary();
    t.uuid('partner_id').references('id').inTable('partners').onDelete('restrict');
    t.string('name', 100).notNullable();
    t.string('sub_mchid', 32);
    t.string('status', 16).notNullable().defaultTo('active');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.schema.createTable('accounts', (t) => {
    t.uuid('id').primary();
    t.string('username', 64).notNullable().unique();
    t.text('password_hash').notNullable();
    t.string('kind', 16).notNullable().checkIn(['platform', 'staff']);
    t.uuid('tenant_id').references('id').inTable('tenants').onDelete('cascade');
    t.uuid('staff_id');
    t.boolean('disabled').notNullable().defaultTo(false);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.check(`(kind = 'platform') = (tenant_id is null)`, [], 'accounts_kind_tenant');
  });
  await knex.schema.createTable('refresh_tokens', (t) => {
    t.string('token_hash', 64).primary();
    t.uuid('account_id').notNullable().references('id').inTable('accounts').onDelete('cascade');
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('revoked_at', { useTz: true });
  });

  // Tenant requests see only their own merchant row and their partner's row.
  await knex.raw(`revoke all on accounts, refresh_tokens from ${APP_ROLE}`);
  await knex.raw(`revoke insert, update, delete on tenants, partners from ${APP_ROLE}`);
  for (const table of ['tenants', 'partners']) {
    await knex.raw(`alter table ?? enable row level security`, [table]);
  }
  await knex.raw(`create policy own_tenant on tenants for select to ${APP_ROLE}
    using (id = nullif(current_setting('app.tenant_id', true), '')::uuid)`);
  await knex.raw(`create policy own_partner on partners for select to ${APP_ROLE}
    using (id = (select partner_id from tenants where id = nullif(current_setting('app.tenant_id', true), '')::uuid))`);
  // The secret columns are never readable by the request role, whatever a query asks for.
  await knex.raw(`revoke select on partners from ${APP_ROLE}`);
  await knex.raw(`grant select (id, name, sp_mchid, sp_appid, official_appid, api_cert_serial, api_certificate,
    platform_certificate, wechatpay_public_key_id, wechatpay_public_key, created_at, updated_at) on partners to ${APP_ROLE}`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('refresh_tokens');
  await knex.schema.dropTable('accounts');
  await knex.schema.dropTable('tenants');
  await knex.schema.dropTable('partners');
}
