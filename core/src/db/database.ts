import knexFactory, { type Knex } from 'knex';
import { PGlite } from '@electric-sql/pglite';
import ClientPgLite from 'knex-pglite';
import { existsSync } from 'node:fs';
import { knexConfig, kernelMigrations } from '../../../knexfile.ts';
import { lingshouPgClient } from './pg-client.ts';
import { readTemplate, saveTemplate } from './pglite-template.ts';

export type DatabaseKind = 'postgres' | 'pglite';

/** The kernel's handle on its database: one knex instance and what kind of server is behind it. */
export interface Database {
  knex: Knex;
  kind: DatabaseKind;
  close(): Promise<void>;
  /** The embedded database's engine, when this is one. */
  pglite?: PGlite;
  /** A new embedded database with no template to start from: migrated, it becomes the template. */
  makesTemplate?: boolean;
}

/**
 * The server's database: PostgreSQL with DATABASE_URL, else the embedded PGlite in DATA_DIR. A
 * new embedded database starts from the migrated template when this machine has one.
 */
export function openDatabase(env: NodeJS.ProcessEnv = process.env): Database {
  if (env.DATABASE_URL) return wrap(knexFactory(knexConfig(env)), 'postgres');
  const { connection } = knexConfig(env) as { connection: { filename: string } };
  const fresh = !existsSync(connection.filename);
  const template = fresh ? readTemplate() : undefined;
  const pglite = new PGlite({ dataDir: connection.filename, ...(template ? { loadDataDir: template } : {}) });
  return { ...openMemoryDatabase(pglite), makesTemplate: fresh && template === undefined };
}

/** An in-memory PGlite database (or the given instance): what tests use when no DATABASE_URL is given. */
export function openMemoryDatabase(pglite: PGlite = new PGlite()): Database {
  const knex = knexFactory({
    client: ClientPgLite,
    dialect: 'postgres',
    connection: { pglite },
    migrations: kernelMigrations,
  } as Knex.Config);
  return { ...wrap(knex, 'pglite'), pglite };
}

export function openPostgres(connectionString: string, poolMax = 10): Database {
  const knex = knexFactory({
    client: lingshouPgClient,
    connection: connectionString,
    pool: { min: 0, max: poolMax },
    migrations: kernelMigrations,
  });
  return wrap(knex, 'postgres');
}

function wrap(knex: Knex, kind: DatabaseKind): Database {
  return { knex, kind, close: () => knex.destroy() };
}

export async function migrateKernel(db: Database): Promise<void> {
  await db.knex.migrate.latest(kernelMigrations);
}

/**
 * Migrates the server's database; a new embedded one that had no template to start from
 * becomes the template for the next (the next fresh DATA_DIR, the tests).
 */
export async function migrateServerDatabase(db: Database): Promise<void> {
  await migrateKernel(db);
  if (db.pglite && db.makesTemplate) await saveTemplate(db.pglite);
}
