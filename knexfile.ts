import type { Knex } from 'knex';
import { mkdirSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import ClientPgLite from 'knex-pglite';
import { lingshouPgClient } from './core/src/db/pg-client.ts';

const here = dirname(fileURLToPath(import.meta.url));

/** The kernel's migrations; plugins keep their own (see docs/plugins.md). */
export const kernelMigrations: Knex.MigratorConfig = {
  directory: join(here, 'core', 'migrations'),
  tableName: 'knex_migrations',
  loadExtensions: ['.ts'],
};

/**
 * One knex config for both databases: PostgreSQL when DATABASE_URL is set,
 * otherwise the embedded PGlite database kept in DATA_DIR (default ./data).
 */
export function knexConfig(env: NodeJS.ProcessEnv = process.env): Knex.Config {
  if (env.DATABASE_URL) {
    return {
      client: lingshouPgClient,
      connection: env.DATABASE_URL,
      pool: { min: 0, max: Number(env.DB_POOL_MAX ?? 10) },
      migrations: kernelMigrations,
    };
  }
  const dataDir = resolve(env.DATA_DIR ?? 'data');
  mkdirSync(dataDir, { recursive: true });
  return {
    client: ClientPgLite,
    dialect: 'postgres',
    connection: { filename: join(dataDir, 'pglite') },
    migrations: kernelMigrations,
  } as Knex.Config;
}

/** The knex CLI reads the default export; the server calls knexConfig() itself. */
export default (): Knex.Config => knexConfig();
