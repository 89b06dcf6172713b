import knexFactory, { type Knex } from 'knex';
import { PGlite } from '@electric-sql/pglite';
import ClientPgLite from 'knex-pglite';
import { knexConfig, kernelMigrations } from '../../../knexfile.ts';

export type DatabaseKind = 'postgres' | 'pglite';

/** The kernel's handle on its database: one knex instance and what kind of server is behind it. */
export interface Database {
  knex: Knex;
  kind: DatabaseKind;
  close(): Promise<void>;
}

export function openDatabase(env: NodeJS.ProcessEnv = process.env): Database {
  const knex = knexFactory(knexConfig(env));
  return wrap(knex, env.DATABASE_URL ? 'postgres' : 'pglite');
}

/** An in-memory PGlite database (or the given instance): what tests use when no DATABASE_URL is given. */
export function openMemoryDatabase(pglite: PGlite = new PGlite()): Database {
  const knex = knexFactory({
    client: ClientPgLite,
    dialect: 'postgres',
    connection: { pglite },
    migrations: kernelMigrations,
  } as Knex.Config);
  return wrap(knex, 'pglite');
}

export function openPostgres(connectionString: string, poolMax = 10): Database {
  const knex = knexFactory({
    client: 'pg',
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
