import { execFileSync, spawn, type SpawnOptions } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { onCleanup } from './cleanup.ts';

/** The PostgreSQL the bench runs against, and how to make more databases on it. */
export interface BenchPostgres {
  /** How it was obtained: a throwaway cluster this run made, or the server DATABASE_URL names. */
  origin: 'throwaway' | 'DATABASE_URL';
  /** The database the Lingshou servers use (made fresh for this run when possible). */
  appUrl: string;
  /** The server's `version()`. */
  version: string;
  /** Settings that change what the figures mean. */
  settings: Record<string, string>;
  /** The postmaster's process id when this run started the cluster (to read its CPU time). */
  postmasterPid: number | undefined;
  /** The folder with pgbench, initdb, pg_ctl (the newest /usr/lib/postgresql/<n>/bin). */
  bin: string;
  /** A fresh, empty database on the same server (dropped at the end of the run), or null if refused. */
  createDatabase(prefix: string): Promise<string | null>;
}

/** The newest installed PostgreSQL's binaries. */
export function postgresBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => /^\d+(\.\d+)?$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  const bin = versions.map((v) => join(root, v, 'bin')).find((dir) => existsSync(join(dir, 'pg_ctl')));
  if (!bin) throw new Error('No PostgreSQL found in /usr/lib/postgresql/*/bin (apt-get install postgresql), and DATABASE_URL is not set');
  return bin;
}

export async function query<T = Record<string, unknown>>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function run(command: string, args: string[], options: SpawnOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (chunk) => { output += chunk; });
    child.stderr!.on('data', (chunk) => { output += chunk; });
    child.once('error', reject);
    child.once('close', (code) => {
      if (code === 0) resolve(output);
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${output.slice(-4000)}`));
    });
  });
}

/** initdb refuses root: as root the cluster belongs to the `postgres` user, as anyone else to them. */
function clusterOwner(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

/**
 * A PostgreSQL for this run: with DATABASE_URL, that server (fresh databases are made on it and
 * dropped afterwards); otherwise a throwaway cluster in a temp folder on a free loopback port,
 * stopped and deleted when the run ends, however it ends.
 */
export async function obtainPostgres(
  log: (line: string) => void,
  options: { settings?: Record<string, string>; env?: NodeJS.ProcessEnv } = {},
): Promise<BenchPostgres> {
  const env = options.env ?? process.env;
  const extra = Object.entries(options.settings ?? {}).map(([name, value]) => ` -c ${name}=${value}`).join('');
  const bin = postgresBin();
  let serverUrl: string;
  let postmasterPid: number | undefined;
  let origin: BenchPostgres['origin'];
  if (env.DATABASE_URL) {
    origin = 'DATABASE_URL';
    serverUrl = env.DATABASE_URL;
    log(`PostgreSQL: using DATABASE_URL (${new URL(serverUrl).host})`);
    if (extra) log(`PostgreSQL: cannot apply${extra} to a server this run did not start`);
  } else {
    origin = 'throwaway';
    const started = Date.now();
    const dir = mkdtempSync(join(tmpdir(), 'lingshou-bench-pg-'));
    onCleanup(`remove ${dir}`, () => rmSync(dir, { recursive: true, force: true }));
    const owner = clusterOwner();
    if (owner) chownSync(dir, owner.uid, owner.gid);
    const as: SpawnOptions = owner ? { uid: owner.uid, gid: owner.gid, cwd: dir } : { cwd: dir };
    const data = join(dir, 'data');
    await run(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync'], as);
    const port = await freePort();
    const pgCtl = join(bin, 'pg_ctl');
    // Stopped (fast: open sessions are ended) before the folder is removed.
    onCleanup('stop PostgreSQL', async () => {
      await run(pgCtl, ['-D', data, '-m', 'fast', '-w', 'stop'], as).catch((error: Error) => {
        if (!/not running|No such file|does not exist/i.test(error.message)) throw error;
      });
    });
    try {
      await run(pgCtl, ['-D', data, '-l', join(dir, 'postgres.log'), '-w', '-t', '60',
        '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1${extra}`, 'start'], as);
    } catch (error) {
      const logFile = join(dir, 'postgres.log');
      const tail = existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-2000) : '';
      throw new Error(`${(error as Error).message}\n${tail}`, { cause: error });
    }
    serverUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
    postmasterPid = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]) || undefined;
    log(`PostgreSQL: throwaway cluster on 127.0.0.1:${port} in ${dir} (${Date.now() - started} ms)`);
  }

  let made = 0;
  const createDatabase = async (prefix: string): Promise<string | null> => {
    const name = `${prefix}_${process.pid}_${++made}`;
    try {
      await query(serverUrl, `create database "${name}"`);
    } catch (error) {
      log(`PostgreSQL: could not create database ${name}: ${(error as Error).message}`);
      return null;
    }
    if (origin === 'DATABASE_URL') {
      // A throwaway cluster goes as a whole; on a kept server, drop what this run made.
      onCleanup(`drop database ${name}`, () => query(serverUrl, `drop database if exists "${name}" with (force)`).then(() => undefined));
    }
    return withDatabase(serverUrl, name);
  };

  const appUrl = (await createDatabase('lingshou_bench')) ?? serverUrl;
  const [{ version }] = await query<{ version: string }>(appUrl, 'select version()') as [{ version: string }];
  const names = ['server_version', 'shared_buffers', 'max_connections', 'synchronous_commit', 'fsync', 'work_mem', 'effective_cache_size'];
  const rows = await query<{ name: string; value: string }>(
    appUrl, 'select name, current_setting(name) as value from pg_settings where name = any($1) order by name', [names],
  );
  const settings = Object.fromEntries(rows.map((r) => [r.name, r.value]));
  return { origin, appUrl, version, settings, postmasterPid, bin, createDatabase };
}
