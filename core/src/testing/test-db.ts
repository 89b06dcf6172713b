import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import knexFactory from 'knex';
import { migrateKernel, openMemoryDatabase, openPostgres, type Database } from '../db/database.ts';
import { migrationsFingerprint, readTemplate, saveTemplate } from '../db/pglite-template.ts';

/** A migrated in-memory PGlite: loaded from the shared template, or migrated once to make it. */
async function migratedPglite(): Promise<Database> {
  const template = readTemplate();
  if (template) return openMemoryDatabase(new PGlite({ loadDataDir: template }));
  const pglite = new PGlite();
  const db = openMemoryDatabase(pglite);
  await migrateKernel(db);
  await saveTemplate(pglite);
  return db;
}

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/**
 * A fresh, migrated database for one test file. With DATABASE_URL: a new PostgreSQL database
 * cloned from a migrated template (made once per migration set). Without: in-memory PGlite,
 * loaded from a migrated snapshot.
 */
export async function createTestDatabase(env: NodeJS.ProcessEnv = process.env): Promise<Database> {
  const url = env.DATABASE_URL;
  if (!url) return migratedPglite();
  const template = `lingshou_tpl_${migrationsFingerprint()}`;
  const name = `lingshou_t_${randomBytes(6).toString('hex')}`;
  const admin = knexFactory({ client: 'pg', connection: withDatabase(url, 'postgres'), pool: { min: 0, max: 1 } });
  try {
    // Parallel test files race to build the template; a session lock on the one pooled
    // connection makes one of them build it while the others wait.
    await admin.raw('select pg_advisory_lock(hashtext(?))', [template]);
    try {
      const exists = await admin('pg_database').where({ datname: template }).first();
      if (!exists) {
        const building = `${template}_build`;
        await admin.raw(`drop database if exists ?? with (force)`, [building]);
        await admin.raw(`create database ??`, [building]);
        const tpl = openPostgres(withDatabase(url, building), 1);
        try {
          await migrateKernel(tpl);
        } finally {
          await tpl.close();
        }
        // Renamed only once complete, so a crash mid-migration never leaves a half-built template.
        await admin.raw(`alter database ?? rename to ??`, [building, template]);
      }
    } finally {
      await admin.raw('select pg_advisory_unlock(hashtext(?))', [template]);
    }
    await admin.raw(`create database ?? template ??`, [name, template]);
  } finally {
    await admin.destroy();
  }
  const db = openPostgres(withDatabase(url, name), 20);
  const close = db.close;
  db.close = async () => {
    await close();
    const dropper = knexFactory({ client: 'pg', connection: withDatabase(url, 'postgres'), pool: { min: 0, max: 1 } });
    await dropper.raw(`drop database if exists ?? with (force)`, [name]);
    await dropper.destroy();
  };
  return db;
}
