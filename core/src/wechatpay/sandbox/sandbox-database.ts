import { join } from 'node:path';
import { migrateKernel, openDatabase, type Database } from '../../db/database.ts';

/**
 * The sandbox's own database beside the embedded one. WeChat is another system: our code calls
 * it inside its transactions, and the embedded PGlite has a single connection, so the sandbox
 * cannot share it. On PostgreSQL it shares the server's database (schema wechatpay_sandbox).
 */
export async function openSandboxDatabase(dataDir: string): Promise<Database> {
  const db = openDatabase({ DATA_DIR: join(dataDir, 'wechatpay-sandbox') });
  try {
    await migrateKernel(db);
    return db;
  } catch (error) {
    await db.close();
    throw error;
  }
}
