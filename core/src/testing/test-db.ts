import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import knexFactory from 'knex';
import { kernelMigrations } from '../../../knexfile.ts';
import { migrateKernel, openMemoryDatabase, openPostgres, type Database } from '../db/database.ts';

const here = dirname(fileURLToPath(import.meta.url));
/** Source files the migrations import: a change to them changes the schema too. */
const migrationInputs = ['../db/schema-helpers.ts', '../db/tenant-tx.ts', '../kernel/jobs/queues.ts', '../../../node_modules/pg-boss/package.json'];

/** A fingerprint of the kernel migrations and what they import, so a stale template is never reused. */
function migrationsFingerprint(): string {
  const dir = kernelMigrations.directory as string;
  const hash = createHash('sha256');
  for (const name of readdirSync(dir).sort()) hash.update(name).update(readFileSync(join(dir, name)));
  for (const input of migrationInputs) hash.update(readFileSync(join(here, input)));
  return hash.digest('hex').slice(0, 12);
}

/**
 * A migrated PGlite data directory, made once per migration set and kept in the temp folder:
 * loading it takes a fraction of migrating a fresh database. Written to a temporary name and
 * renamed, so parallel test files never read a half-written snapshot.
 */
async function migratedPglite(): Promise<Database> {
  const file = join(tmpdir(), `lingshou-pglite-${migrationsFingerprint()}.tar.gz`);
  if (existsSync(file)) return openMemoryDatabase(new PGlite({ loadDataDir: new Blob([readFileSync(file)]) }));
  const pglite = new PGlite();
  const db = openMemoryDatabase(pglite);
  await migrateKernel(db);
  const snapshot = Buffer.from(await (await pglite.dumpDataDir('gzip')).arrayBuffer());
  const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(partial, snapshot);
  renameSync(partial, file);
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
