import type { Knex } from 'knex';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { APP_ROLE } from '../../db/tenant-tx.ts';
import { forgetPreparedStatements } from '../../db/pg-client.ts';
import type { PluginDefinition } from './plugin-definition.ts';

/** Each plugin keeps its tables in its own Postgres schema: `plugin_merchant_coupon`. */
export function pluginSchema(pluginId: string): string {
  return `plugin_${pluginId.replaceAll('-', '_')}`;
}

interface MigrationModule {
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

/**
 * knex's migrator over the plugin's folder, with each migration running with the plugin's
 * schema first on the search path, so a plugin writes `createTable('templates')` and gets
 * `plugin_<id>.templates`. The migrations table lives in that schema too.
 */
function migratorConfig(definition: PluginDefinition): Knex.MigratorConfig {
  const directory = definition.migrations!;
  const schema = pluginSchema(definition.id);
  const names = readdirSync(directory).filter((f) => /\.(ts|js|mjs)$/.test(f) && !f.endsWith('.d.ts') && !f.includes('.test.')).sort();
  return {
    schemaName: schema,
    tableName: 'knex_migrations',
    migrationSource: {
      getMigrations: async () => names,
      getMigrationName: (name: string) => name,
      getMigration: async (name: string) => {
        const module = (await import(pathToFileURL(join(directory, name)).href)) as MigrationModule;
        const inSchema = (step: (knex: Knex) => Promise<void>) => async (knex: Knex) => {
          await knex.raw('select set_config(?, ?, true)', ['search_path', `${schema}, public`]);
          await step(knex);
        };
        return { up: inSchema(module.up), down: inSchema(module.down) };
      },
    },
  };
}

/** Creates the plugin's schema (open to the request role) and applies its pending migrations. */
export async function migratePluginUp(knex: Knex, definition: PluginDefinition): Promise<void> {
  const schema = pluginSchema(definition.id);
  await knex.raw('create schema if not exists ??', [schema]);
  await knex.raw(`grant usage on schema ?? to ${APP_ROLE}`, [schema]);
  await knex.raw(`alter default privileges in schema ?? grant select, insert, update, delete on tables to ${APP_ROLE}`, [schema]);
  await knex.raw(`alter default privileges in schema ?? grant usage, select on sequences to ${APP_ROLE}`, [schema]);
  if (definition.migrations) await knex.migrate.latest(migratorConfig(definition));
  // An upgrade may change what a table returns: statements prepared before must be parsed again.
  forgetPreparedStatements(knex);
}

/** Rolls every migration of the plugin back, then drops its schema. */
export async function migratePluginDown(knex: Knex, definition: PluginDefinition): Promise<void> {
  const schema = pluginSchema(definition.id);
  if (definition.migrations) await knex.migrate.rollback(migratorConfig(definition), true);
  await knex.raw('drop schema if exists ?? cascade', [schema]);
  forgetPreparedStatements(knex);
}
