import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { LingshouConfig } from './config.ts';
import { migrateServerDatabase, openDatabase, type Database } from './db/database.ts';
import { buildApp } from './http/app.ts';
import { registerStaticApps } from './http/static-apps.ts';
import { seedDemo } from './demo/seed.ts';
import { openSandboxDatabase } from './wechatpay/sandbox/sandbox-database.ts';
import { configuredPluginPackages, loadPluginPackages } from './kernel/plugins/plugin-loader.ts';
import { startHousekeeping } from './kernel/jobs/housekeeping.ts';

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
  /** What this process does (LINGSHOU_ROLE). */
  role: ServerRole;
  /** Stops taking requests, lets running ones finish, then closes the database. */
  close(): Promise<void>;
}

/**
 * What one process does, from LINGSHOU_ROLE (docs/scale-out.md): `all` (the default, `npm start`)
 * serves the API and the apps and works the job queue; `api` only serves, so any number of them
 * run behind a load balancer; `worker` only works the jobs and answers GET /api/v1/health.
 */
export type ServerRole = 'all' | 'api' | 'worker';
const ROLES: readonly ServerRole[] = ['all', 'api', 'worker'];

export function serverRole(env: NodeJS.ProcessEnv): ServerRole {
  const role = env.LINGSHOU_ROLE || 'all';
  if (!(ROLES as readonly string[]).includes(role)) throw new Error(`LINGSHOU_ROLE must be one of ${ROLES.join(', ')} (got "${role}")`);
  return role as ServerRole;
}

/**
 * Boots one server process: opens the database (PGlite in DATA_DIR unless DATABASE_URL is
 * set), applies the kernel migrations, seeds the demo once into an empty database, and
 * listens with the API and the built apps, working the job queue as its role says.
 */
export async function startServer(config: LingshouConfig, env: NodeJS.ProcessEnv = process.env): Promise<Server> {
  const role = serverRole(env);
  const db = openDatabase({ ...env, DATA_DIR: config.dataDir });
  // On the embedded database the WeChat Pay sandbox has one of its own: it opens while the
  // server's migrates (each PGlite compiles its WebAssembly off the main thread).
  const sandboxDb = config.wechatpaySandbox && db.kind === 'pglite' ? openSandboxDatabase(config.dataDir) : undefined;
  const closeSandbox = async () => { await (await sandboxDb?.catch(() => undefined))?.close(); };
  try {
    await migrateServerDatabase(db);
    const plugins = await loadPluginPackages(configuredPluginPackages(env));
    const app = await buildApp({ db, config, plugins, sandboxDb: await sandboxDb });
    app.addHook('onClose', closeSandbox);
    const servedApps = role === 'worker' ? [] : await registerStaticApps(app, { root: repoRoot });
    // A worker listens only so an orchestrator can check its health; it serves nothing else.
    if (role === 'worker') {
      app.addHook('onRequest', async (request, reply) => {
        if (request.url.split('?')[0] !== '/api/v1/health') return reply.callNotFound();
      });
    }
    await app.ready();
    const seeded = config.seedDemo && (await isEmpty(db));
    const demo = seeded ? await seedDemo(app) : null;
    if (seeded) app.log.info('empty database: seeded the demo');
    // `npm start` is one process doing it all: it also works the job queue (plugin events, WeChat Pay).
    if (role !== 'api') {
      await app.events.startWorker();
      await app.pluginJobs.startWorker();
      await app.wechatpay.startWorker();
      await startHousekeeping(app.jobs, db.knex, app.log);
    }
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
      app, db, seeded, servedApps, role,
      url: `http://${host}:${port}`,
      close: async () => {
        await history;
        await app.close();
        await db.close();
      },
    };
  } catch (error) {
    await db.close().catch(() => undefined);
    await closeSandbox().catch(() => undefined);
    throw error;
  }
}

/** No account at all: a database nobody has used yet (the operator account is always the first row). */
async function isEmpty(db: Database): Promise<boolean> {
  const row = await db.knex('accounts').first('id');
  return row === undefined;
}
