import type { Knex } from 'knex';
import { protectTenantTable, tenantKeyColumns } from '../src/db/schema-helpers.ts';

/**
 * Production SMS for the mall's phone sign-in (issue 8): the merchant's SMS provider settings and
 * the verification codes sent through it (core/src/sms).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('sms_settings', (t) => {
    // One provider account per merchant, so the tenant is the whole key.
    t.uuid('tenant_id').notNullable().primary();
    t.string('provider', 16).notNullable().defaultTo('tencent').checkIn(['tencent']);
    // The API key pair, sealed under the master key (core/src/crypto/secrets.ts).
    t.text('secret_id_enc').notNullable();
    t.text('secret_key_enc').notNullable();
    t.string('sdk_app_id', 20).notNullable();
    t.string('sign_name', 40).notNullable();
    t.string('template_id', 20).notNullable();
    // Whether the approved template has a second parameter, the minutes the code is valid for.
    t.boolean('template_with_minutes').notNullable().defaultTo(false);
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.schema.createTable('sms_codes', (t) => {
    tenantKeyColumns(t);
    t.string('phone', 20).notNullable();
    // HMAC of the code under a key derived from the master key: six digits hashed plainly would
    // be read back from a database dump by trying all million.
    t.string('code_hash', 64).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('expires_at', { useTz: true }).notNullable();
    // Wrong codes tried against this one; at the limit it is refused even when right.
    t.integer('attempts').notNullable().defaultTo(0);
    // Set when it signed someone in: a code works once.
    t.timestamp('used_at', { useTz: true });
    t.check('attempts >= 0', [], 'sms_codes_attempts_nonnegative');
    // The newest code of a phone (the one that counts) and the sends of the last day (the limits).
    t.index(['tenant_id', 'phone', 'created_at']);
  });
  for (const table of ['sms_settings', 'sms_codes']) await protectTenantTable(knex, table);
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['sms_codes', 'sms_settings']) await knex.schema.dropTable(table);
}
