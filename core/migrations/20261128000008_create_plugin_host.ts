import type { Knex } from 'knex';
import { APP_ROLE } from '../src/db/tenant-tx.ts';
import { protectTenantTable } from '../src/db/schema-helpers.ts';

export async function up(knex: Knex): Promise<void> {
  // Platform-wide: what is installed, at which version, and every lifecycle step taken.
  await knex.schema.createTable('plugins', (t) => {
    t.string('id', 64).primary();
    t.string('version', 32).notNullable();
    t.string('state', 16).notNullable().checkIn(['installing', 'installed', 'upgrading', 'uninstalling', 'failed']);
    t.string('error', 2000);
    // How many tenants have it enabled, kept in each enable/disable transaction: uninstall waits for 0.
    t.integer('enabled_tenants').notNullable().defaultTo(0);
    t.timestamp('installed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.schema.createTable('plugin_audit', (t) => {
    t.uuid('id').primary();
    t.string('plugin_id', 64).notNullable();
    // install, upgrade, uninstall (platform); enable, disable, configure (per tenant).
    t.string('action', 16).notNullable();
    t.uuid('tenant_id');
    t.string('from_version', 32);
    t.string('to_version', 32);
    t.uuid('actor_account_id');
    t.string('outcome', 16).notNullable().checkIn(['succeeded', 'failed']);
    t.string('error', 2000);
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['plugin_id', 'at']);
  });
  // Per tenant: enabled or not, its configuration (x-secret fields sealed), and its health.
  await knex.schema.createTable('tenant_plugins', (t) => {
    t.uuid('tenant_id').notNullable();
    t.string('plugin_id', 64).notNullable();
    t.boolean('enabled').notNullable().defaultTo(false);
    t.jsonb('config').notNullable().defaultTo('{}');
    t.integer('consecutive_failures').notNullable().defaultTo(0);
    t.timestamp('degraded_since', { useTz: true });
    t.string('last_error', 2000);
    t.timestamp('enabled_at', { useTz: true });
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['tenant_id', 'plugin_id']);
    // Uninstall removes every tenant's settings with the plugin (referential actions ignore RLS).
    t.foreign('plugin_id').references('id').inTable('plugins').onDelete('cascade');
  });
  // After-commit events travel as pg-boss jobs enqueued in the operation's own transaction (the
  // job table is the outbox). Each consumer handles each event once, however often it is delivered.
  await knex.schema.createTable('event_deliveries', (t) => {
    t.uuid('tenant_id').notNullable();
    t.string('consumer', 128).notNullable();
    t.uuid('event_id').notNullable();
    t.timestamp('delivered_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['tenant_id', 'consumer', 'event_id']);
  });
  for (const table of ['tenant_plugins', 'event_deliveries']) await protectTenantTable(knex, table);
  await knex.raw(`revoke insert, update, delete on plugins from ${APP_ROLE}`);
  // The audit log spans tenants: the request role never reads it.
  await knex.raw(`revoke all on plugin_audit from ${APP_ROLE}`);
  // A tenant's enable/disable keeps the count in the same transaction; nothing else is writable.
  await knex.raw(`grant update (enabled_tenants) on plugins to ${APP_ROLE}`);
  await knex.raw(`alter table plugins add constraint plugins_enabled_tenants_nonnegative check (enabled_tenants >= 0)`);
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['event_deliveries', 'tenant_plugins', 'plugin_audit', 'plugins']) await knex.schema.dropTable(table);
}
