/**
 * The server the bench drives, in its own process (bench/run.ts starts it; the load generator
 * never shares a process with it). It is `npm start` — loadConfig and startServer: kernel
 * migrations, the plugins named by LINGSHOU_PLUGINS, the job workers, one Node process — with
 * NODE_ENV=production, LOG_LEVEL=warn and LINGSHOU_DEMO=0 set by the harness, and one addition:
 * it creates the platform operator BENCH_OPERATOR ("username:password") if missing, since
 * without the demo nobody could sign in to create merchants.
 *
 * The harness sets LINGSHOU_PLUGINS to the bench plugin set named BENCH_PROFILE (see
 * lib/server-process.ts and plugins/index.ts). When the server listens this prints one line,
 * `BENCH_SERVER_READY {"url":...}`; on SIGTERM/SIGINT it closes like `npm start` (in-flight
 * requests finish, then the database closes).
 */
import { loadConfig } from '../core/src/config.ts';
import { startServer } from '../core/src/server.ts';
import { createPlatformAccount } from '../core/src/tenancy/accounts.service.ts';

const started = Date.now();
const config = loadConfig(process.env);
const server = await startServer(config, process.env);

const operator = process.env.BENCH_OPERATOR;
if (operator) {
  const split = operator.indexOf(':');
  const username = operator.slice(0, split);
  const exists = await server.db.knex('accounts').where({ username }).first('id');
  if (!exists) await createPlatformAccount(server.db.knex, username, operator.slice(split + 1));
}

process.stdout.write(`BENCH_SERVER_READY ${JSON.stringify({
  url: server.url, pid: process.pid, profile: process.env.BENCH_PROFILE ?? '', plugins: server.app.plugins.list().length, bootMs: Date.now() - started,
})}\n`);

let stopping = false;
async function shutdown(): Promise<void> {
  if (stopping) process.exit(1);
  stopping = true;
  try {
    await server.close();
    process.exit(0);
  } catch (error) {
    process.stderr.write(`bench server: shutdown failed: ${(error as Error).message}\n`);
    process.exit(1);
  }
}
process.on('SIGTERM', () => void shutdown());
process.on('SIGINT', () => void shutdown());
