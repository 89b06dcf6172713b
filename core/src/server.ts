import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { LingshouConfig } from './config.ts';
import { migrateServerDatabase, openDatabase, type Database } from './db/database.ts';
import { buildApp } from './http/app.ts';
import { registerStaticApps } from './http/static-apps.ts';
import { seedDemo } from './demo/seed.ts';
import { configuredPluginPackages, loadPluginPackages } from './kernel/plugins/plugin-loader.ts';

/** The repository root: the built apps (admin/dist, ...) are found relative to it. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface Server {
  app: FastifyInstance;
  db: Database;
  /** The address it listens on, e.g. http://127.0.0.1:3000 */
  url: string;
  /** True when this start seeded the demo into an empty database. */
  seeded: boolean;
  /** The app prefixes that are built and served (/admin, /cashier, /mall). */
  servedApps: string[];
  /** Stops taking requests, lets running ones finish, then closes the database. */
  close(): Promise<void>;
}

/**
 * Boots one server process: opens the database (PGlite in DATA_DIR unless DATABASE_URL is
 * set), applies the kernel migrations, seeds the demo once into an empty database, and
 * listens with the API and the built apps.
 */
export async function startServer(config: LingshouConfig, env: NodeJS.ProcessEnv = process.env): Promise<Server> {
  const db = openDatabase({ ...env, DATA_DIR: config.dataDir });
  try {
    await migrateServerDatabase(db);
    const plugins = await loadPluginPackages(configuredPluginPackages(env));
    const app = await buildApp({ db, config, plugins });
    const servedApps = await registerStaticApps(app, { root: repoRoot });
    await app.ready();
    const seeded = config.seedDemo && (await isEmpty(db));
    const demo = seeded ? await seedDemo(app) : null;
    if (seeded) app.log.info('empty database: seeded the demo');
    // One process does it all for `npm start`: it also works the job queue (plugin events).
    await app.events.startWorker();
    await app.pluginJobs.startWorker();
    await app.wechatpay.startWorker();
    await app.listen({ port: config.port, host: config.host });
    // The demo's month of sales is written while the server already answers.
    const history = demo ? demo.history().then(
      (sales) => app.log.info({ sales }, 'demo sales history seeded'),
      (error: unknown) => app.log.error({ err: error }, 'seeding the demo sales history failed'),
    ) : Promise.resolve();
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
    return {
      app, db, seeded, servedApps,
      url: `http://${host}:${port}`,
      close: async () => {
        await history;
        await app.close();
        await db.close();
      },
    };
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
}

/** No account at all: a database nobody has used yet (the operator account is always the first row). */
async function isEmpty(db: Database): Promise<boolean> {
  const row = await db.knex('accounts').first('id');
  return row === undefined;
}
