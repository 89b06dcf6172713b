/**
 * `npm start`: one process serving the API and the built apps (LINGSHOU_ROLE=api or worker
 * makes it one of several: docs/scale-out.md).
 *
 * Reads its configuration from the environment (core/src/config.ts, README "Configuration"),
 * migrates the database, seeds the demo into an empty database unless LINGSHOU_DEMO=0, and
 * stops cleanly on SIGINT/SIGTERM (in-flight requests finish, then the database closes).
 */
import { loadConfig } from './config.ts';
import { startServer } from './server.ts';
import { DEMO_PASSWORD } from './demo/seed.ts';

const started = Date.now();
const config = loadConfig();
const server = await startServer(config).catch((error: unknown) => {
  // A port in use, an unreachable DATABASE_URL, a failed migration: say so plainly and stop.
  process.stderr.write(`Lingshou could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  if (process.env.LOG_LEVEL === 'debug' || process.env.LOG_LEVEL === 'trace') console.error(error);
  process.exit(1);
});

const { url } = server;
const appLine = (label: string, prefix: string) =>
  `  ${label.padEnd(8)} ${url}${prefix}${server.servedApps.includes(prefix) ? '' : '  (not built yet)'}`;
const roleNote = { all: '', api: ', API only: jobs run in worker processes', worker: ', job worker: serves /api/v1/health only' }[server.role];
const lines = [
  '',
  `Lingshou 零售 is running (${server.db.kind}${config.databaseUrl ? '' : ` in ${config.dataDir}`}${roleNote}, ready in ${Date.now() - started} ms)`,
  ...(server.role === 'worker' ? [`  Health   ${url}/api/v1/health`] : [
    `  API      ${url}/api/v1  (health: ${url}/api/v1/health)`,
    `  API docs ${url}/api/docs`,
    appLine('Admin', '/admin'),
    appLine('Cashier', '/cashier'),
    appLine('Mall', '/mall'),
  ]),
];
if (config.seedDemo && server.role !== 'worker') {
  lines.push(
    '',
    `Demo logins (password ${DEMO_PASSWORD})${server.seeded ? ', just seeded' : ''}:`,
    '  platform      platform operator',
    '  demo-admin    merchant admin of 演示商户',
    '  demo-cashier  cashier at store 1',
  );
}
process.stdout.write(lines.join('\n') + '\n\n');

let stopping = false;
async function shutdown(signal: NodeJS.Signals): Promise<void> {
  if (stopping) {
    // A second Ctrl-C means "now".
    process.exit(1);
  }
  stopping = true;
  server.app.log.info({ signal }, 'shutting down');
  try {
    await server.close();
    process.exit(0);
  } catch (error) {
    server.app.log.error({ err: error }, 'shutdown failed');
    process.exit(1);
  }
}
process.on('SIGINT', (signal) => void shutdown(signal));
process.on('SIGTERM', (signal) => void shutdown(signal));
