import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { repoRoot } from '../server.ts';

/** The URL of the PostgreSQL database a knex talks to (knex keeps it parsed), for child servers. */
export function databaseUrlOf(knex: Knex): string {
  const c = knex.client.config.connection as { user: string; password?: string; host: string; port: string | number; database: string };
  const auth = c.password ? `${encodeURIComponent(c.user)}:${encodeURIComponent(c.password)}` : encodeURIComponent(c.user);
  return `postgres://${auth}@${c.host}:${c.port}/${encodeURIComponent(c.database)}`;
}

export interface ServerProcess {
  /** http://127.0.0.1:<port> */
  url: string;
  pid: number;
  child: ChildProcess;
  /** What it printed, for the failure message. */
  output(): string;
  /** SIGKILL: no shutdown, no flush, as a crash or an OOM kill. */
  kill(): Promise<void>;
  /** SIGTERM, waiting for the clean exit. */
  stop(): Promise<void>;
}

/**
 * `npm start` as a child process (node + tsx on core/src/main.ts, no build step) on a free
 * loopback port against the given database, with the role and environment given. Resolves once
 * it prints its banner; rejects with its output when it exits first or takes over 60 s.
 */
export function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'core/src/main.ts'], {
    cwd: repoRoot,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LINGSHOU_DEMO: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the server did not start within 60 s:\n${output}`));
    }, 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /^\s+(?:API|Health)\s+(http:\/\/127\.0\.0\.1:\d+)/m.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.stdout!.on('data', (more: Buffer) => { output += more.toString(); });
      resolve({
        url: match[1]!, pid: child.pid!, child, output: () => output,
        kill: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
          await exited;
        },
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          await exited;
        },
      });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code ?? signal}) before it was ready:\n${output}`));
    });
  });
}

/** The environment child servers share: one master key, so each reads what another wrote. */
export function sharedServerEnv(databaseUrl: string): Record<string, string> {
  return { DATABASE_URL: databaseUrl, LINGSHOU_MASTER_KEY: randomBytes(32).toString('hex') };
}

/** JSON over HTTP to a child server (fetch, as a till would). */
export async function call(url: string, method: string, path: string, token?: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown>; headers: Headers }> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: res.headers };
}

export async function loginAt(url: string, username: string, password: string): Promise<string> {
  const res = await call(url, 'POST', '/api/v1/auth/login', undefined, { username, password });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.json)}`);
  return res.json.accessToken as string;
}
