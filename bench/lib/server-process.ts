import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { packageProfiles, pluginsFor } from '../plugins/index.ts';
import { onCleanup } from './cleanup.ts';
import { cpuSeconds, rssBytes } from './procstat.ts';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface BenchServer {
  url: string;
  pid: number;
  profile: string;
  /** How many plugin definitions it loaded. */
  plugins: number;
  /** From process start to listening, as the server measured it (ms). */
  bootMs: number;
  /** Log lines at warn or above that it wrote so far (production logging is at warn). */
  warnings(): string[];
  cpuSeconds(): number | undefined;
  rssBytes(): number | undefined;
  stop(): Promise<void>;
}

export interface ServerOptions {
  profile: string;
  databaseUrl: string;
  masterKey: string;
  /** `username:password` of the platform operator the server makes if missing. */
  operator: string;
  /** Extra environment (DB_POOL_MAX, ...). */
  env?: NodeJS.ProcessEnv;
  /** Extra node flags (--cpu-prof ...). */
  nodeArgs?: string[];
  log: (line: string) => void;
}

/**
 * LINGSHOU_PLUGINS for a plugin profile: the server imports each entry and takes its default
 * export, as it does with installed plugin packages. Each bench plugin's entry is a two-line
 * module in the server's temp folder that re-exports it; a package profile's entry is the
 * plugin package's own module.
 */
function pluginPackages(profile: string, dir: string): string {
  const index = pathToFileURL(join(repoRoot, 'bench', 'plugins', 'index.ts')).href;
  mkdirSync(dir, { recursive: true });
  const bench = pluginsFor(profile).map((plugin) => {
    const file = join(dir, `${plugin.id}.mjs`);
    writeFileSync(file, `import { pluginById } from ${JSON.stringify(index)};\nexport default pluginById(${JSON.stringify(plugin.id)});\n`);
    return file;
  });
  const packages = profile.split(',').map((s) => s.trim()).filter((name) => name in packageProfiles)
    .map((name) => resolve(repoRoot, 'bench', 'plugins', packageProfiles[name]!));
  return [...bench, ...packages].join(',');
}

/**
 * The heap cap `npm start` gives node (package.json `config.heapMb`, or LINGSHOU_HEAP_MB): the
 * server is measured as it runs in production, whose resident memory depends on it (docs/performance.md).
 */
function heapFlag(): string {
  const config = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { config: { heapMb: string } }).config;
  return `--max-old-space-size=${process.env.LINGSHOU_HEAP_MB || config.heapMb}`;
}

/**
 * Starts bench/server.ts in a child process, production-like (npm start's heap cap, NODE_ENV=production,
 * LOG_LEVEL=warn, LINGSHOU_DEMO=0, the WeChat Pay sandbox mounted) on a free loopback port, and
 * waits until it listens.
 */
export async function startBenchServer(options: ServerOptions): Promise<BenchServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'lingshou-bench-server-'));
  const plugins = pluginPackages(options.profile, join(dataDir, 'plugins'));
  const child = spawn(process.execPath, ['--trace-deprecation', heapFlag(), ...(options.nodeArgs ?? []), '--import', 'tsx', join(repoRoot, 'bench', 'server.ts')], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      ...options.env,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      LINGSHOU_DEMO: '0',
      // The WeChat Pay sandbox, as in the demo: mall customers sign in with its fixed SMS code
      // (no SMS service is wired).
      LINGSHOU_WECHATPAY_SANDBOX: '1',
      HOST: '127.0.0.1',
      PORT: '0',
      DATA_DIR: dataDir,
      DATABASE_URL: options.databaseUrl,
      LINGSHOU_MASTER_KEY: options.masterKey,
      BENCH_PROFILE: options.profile,
      LINGSHOU_PLUGINS: plugins,
      BENCH_OPERATOR: options.operator,
    },
  });
  const warnings: string[] = [];
  const tail: string[] = [];
  let exited = false;
  const keep = (line: string) => {
    tail.push(line);
    if (tail.length > 100) tail.shift();
  };
  const stopped = new Promise<void>((resolveStop) => child.once('exit', () => { exited = true; resolveStop(); }));
  const stop = async () => {
    if (!exited) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await stopped;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  onCleanup(`stop bench server (${options.profile})`, stop);

  const ready = await new Promise<{ url: string; pid: number; plugins: number; bootMs: number }>((resolveReady, reject) => {
    const timer = setTimeout(() => reject(new Error(`bench server (${options.profile}) not ready after 120 s:\n${tail.join('\n')}`)), 120_000);
    let buffered = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        if (line.startsWith('BENCH_SERVER_READY ')) {
          clearTimeout(timer);
          resolveReady(JSON.parse(line.slice('BENCH_SERVER_READY '.length)));
          continue;
        }
        keep(line);
        // pino: level 40 is warn, 50 error, 60 fatal.
        if (/"level":\s*(4|5|6)0/.test(line)) warnings.push(line);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        keep(line);
        warnings.push(line);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`bench server (${options.profile}) exited (${code ?? signal}) before it was ready:\n${tail.join('\n')}`));
    });
  });
  options.log(`server (${options.profile}, ${ready.plugins} plugins loaded): ${ready.url}, pid ${ready.pid}, ready in ${ready.bootMs} ms`);
  return {
    ...ready,
    profile: options.profile,
    warnings: () => [...warnings],
    cpuSeconds: () => cpuSeconds(child.pid!),
    rssBytes: () => rssBytes(child.pid!),
    stop,
  };
}
