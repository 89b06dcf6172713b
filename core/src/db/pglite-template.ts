import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PGlite } from '@electric-sql/pglite';
import { kernelMigrations } from '../../../knexfile.ts';

const here = dirname(fileURLToPath(import.meta.url));
/** Source files the migrations import, and this one (how the template is made): a change to them changes the template too. */
const migrationInputs = ['./schema-helpers.ts', './tenant-tx.ts', '../kernel/jobs/queues.ts', '../../../node_modules/pg-boss/package.json', './pglite-template.ts'];

/** A fingerprint of the kernel migrations and what they import, so a stale template is never used. */
export function migrationsFingerprint(): string {
  const dir = kernelMigrations.directory as string;
  const hash = createHash('sha256');
  for (const name of readdirSync(dir).sort()) hash.update(name).update(readFileSync(join(dir, name)));
  for (const input of migrationInputs) hash.update(readFileSync(join(here, input)));
  return hash.digest('hex').slice(0, 12);
}

/**
 * A migrated, empty PGlite data directory (a gzipped tarball in the temp folder), made once per
 * migration set: a new embedded database loads it instead of running every migration, which is
 * most of a first start. The server and the tests share it.
 */
export function templateFile(): string {
  return join(tmpdir(), `lingshou-pglite-${migrationsFingerprint()}.tar.gz`);
}

export function readTemplate(): Blob | undefined {
  const file = templateFile();
  return existsSync(file) ? new Blob([readFileSync(file)]) : undefined;
}

/** Saves a just-migrated database as the template: written aside and renamed, so no reader sees half of it. */
export async function saveTemplate(pglite: PGlite): Promise<void> {
  const file = templateFile();
  if (existsSync(file)) return;
  // The embedded database never creates another one, so it needs no template databases; they
  // are half its files, and on a slow disk creating files is most of a fresh start.
  await pglite.exec(`update pg_database set datistemplate = false where datname in ('template0', 'template1')`);
  for (const name of ['template0', 'template1']) await pglite.exec(`drop database if exists ${name}`);
  const snapshot = Buffer.from(await (await pglite.dumpDataDir('gzip')).arrayBuffer());
  const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(partial, snapshot);
  renameSync(partial, file);
}
