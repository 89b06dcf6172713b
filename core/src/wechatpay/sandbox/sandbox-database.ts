import { join } from 'node:path';
import type { Knex } from 'knex';
import { openDatabase, type Database } from '../../db/database.ts';
import { APP_ROLE } from '../../db/tenant-tx.ts';

const MIGRATION = '20261128000012_create_wechatpay_sandbox';

/** Only the sandbox's own migration: its database holds nothing of ours. */
const sandboxMigrations: Knex.MigratorConfig = {
  tableName: 'knex_migrations',
  // A database made from the kernel's migrated template lists every kernel migration, the
  // sandbox's among them: that is fine, only the sandbox's one matters here.
  disableMigrationsListValidation: true,
  migrationSource: {
    getMigrations: async () => [MIGRATION],
    // Named as the kernel's migrator records it, so a database made from the template has it done.
    getMigrationName: (migration: string) => `${migration}.ts`,
    getMigration: async () => import(`../../../migrations/${MIGRATION}.ts`),
  },
};

/**
 * The sandbox's own database beside the embedded one. WeChat is another system: our code calls
 * it inside its transactions, and the embedded PGlite has a single connection, so the sandbox
 * cannot share it. On PostgreSQL it shares the server's database (schema wechatpay_sandbox).
 */
export async function openSandboxDatabase(dataDir: string): Promise<Database> {
  const db = openDatabase({ DATA_DIR: join(dataDir, 'wechatpay-sandbox') });
  try {
    // The migration shuts the request role out of the sandbox schema, so the role must exist.
    await db.knex.raw(`do $$ begin create role ${APP_ROLE} nologin; exception when duplicate_object then null; end $$`);
    await db.knex.migrate.latest(sandboxMigrations);
    return db;
  } catch (error) {
    await db.close();
    throw error;
  }
}
