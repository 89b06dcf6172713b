/**
 * `npm run bench [-- options]`: the benchmark harness (see bench/README.md, docs/performance.md).
 *
 * PostgreSQL from DATABASE_URL or a throwaway cluster; bench servers in child processes
 * (bench/server.ts, production settings); load from this process with autocannon over
 * loopback; one markdown table at the end and bench/results/<timestamp>.json.
 * Exits 1 when any request failed or a scenario broke (and, with --strict, when a goal was missed).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Session } from './lib/api.ts';
import { cleanup, interrupted } from './lib/cleanup.ts';
import { machineInfo } from './lib/machine.ts';
import { summariseCpuProfile } from './lib/cpu-profile.ts';
import { obtainPostgres, query } from './lib/postgres.ts';
import { markdownTable, writeReport } from './lib/report.ts';
import type { BenchContext, BenchOptions, Scenario, ScenarioResult } from './lib/scenario.ts';
import { BENCH_PASSWORD, OPERATOR_USERNAME, operatorSession } from './lib/seed.ts';
import { repoRoot, startBenchServer, type BenchServer } from './lib/server-process.ts';
import { scenarios } from './scenarios/index.ts';

const usage = `npm run bench [-- options]

  --quick             every scenario briefly (a smoke check, about a minute)
  --only a,b          run only these scenarios (${scenarios.map((s) => s.name).join(', ')})
  --rounds N          measured rounds per variant (default 5; quick 1)
  --duration S        seconds per variant per round (default 10; quick 3)
  --warmup S          unrecorded seconds per variant first (default 5; quick 1)
  --connections N     concurrent connections of checkout-plugins' load (default 16; large-order
                      uses one per store of the realistic tenant, catalog-page 4)
  --stores N          stores per seeded tenant (checkout-plugins: default one per connection)
  --variants a,b      only these variants of a scenario (checkout-plugins: a, b, d = b₀, c, k = a′)
  --strict            exit 1 when a goal is missed, not only when a request fails
  --profile           also write V8 CPU profiles of the servers and PostgreSQL statement
                      counts per variant to bench/results/profile-<timestamp>/ (the figures of
                      such a run are slower and not comparable)
  --list              list the scenarios
  -h, --help

DATABASE_URL: use that PostgreSQL (fresh databases are created on it and dropped afterwards);
otherwise a throwaway cluster is made with the newest /usr/lib/postgresql/*/bin.`;

function parseOptions(argv: string[]): BenchOptions & { list: boolean; help: boolean } {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      rounds: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      connections: { type: 'string' },
      strict: { type: 'boolean', default: false },
      variants: { type: 'string' },
      stores: { type: 'string' },
      profile: { type: 'boolean', default: false },
      list: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const quick = values.quick ?? false;
  const positive = (name: string, text: string | undefined, fallback: number) => {
    if (text === undefined) return fallback;
    const value = Number(text);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number, not ${text}`);
    return value;
  };
  const only = values.only ? values.only.split(',').map((s) => s.trim()).filter(Boolean) : null;
  for (const name of only ?? []) {
    if (!scenarios.some((s) => s.name === name)) throw new Error(`--only: no scenario "${name}" (known: ${scenarios.map((s) => s.name).join(', ')})`);
  }
  return {
    quick,
    only,
    rounds: Math.round(positive('rounds', values.rounds, quick ? 1 : 5)),
    durationSec: positive('duration', values.duration, quick ? 3 : 10),
    warmupSec: positive('warmup', values.warmup, quick ? 1 : 5),
    connections: Math.round(positive('connections', values.connections, 16)),
    strict: values.strict ?? false,
    stores: values.stores === undefined ? null : Math.round(positive('stores', values.stores, 1)),
    variants: values.variants ? values.variants.split(',').map((v) => v.trim()).filter(Boolean) : null,
    profile: values.profile ?? false,
    list: values.list ?? false,
    help: values.help ?? false,
  };
}

const log = (line: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  if (options.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  if (options.list) {
    for (const s of scenarios) process.stdout.write(`${s.name.padEnd(20)} ${s.title} (${s.source})\n`);
    return 0;
  }
  const startedAt = new Date();
  const selected = scenarios.filter((s) => !options.only || options.only.includes(s.name));
  log(`${options.quick ? 'quick' : 'full'} run: ${selected.map((s) => s.name).join(', ')}; ${options.rounds} round(s) × ${options.durationSec} s, ${options.connections} connections`);

  if (options.profile && process.env.DATABASE_URL) {
    throw new Error('--profile loads pg_stat_statements into the throwaway cluster: run it without DATABASE_URL');
  }
  const profileDir = options.profile ? join(repoRoot, 'bench', 'results', `profile-${startedAt.toISOString().replace(/[:.]/g, '-')}`) : null;
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  const pg = await obtainPostgres(log, profileDir ? { settings: { shared_preload_libraries: 'pg_stat_statements', 'pg_stat_statements.track': 'all' } } : {});
  if (profileDir) await query(pg.appUrl, 'create extension if not exists pg_stat_statements');
  const masterKey = randomBytes(32).toString('base64');
  const servers = new Map<string, Promise<BenchServer>>();
  const operators = new Map<BenchServer, Promise<Session>>();
  const results: ScenarioResult[] = [];
  const shared = new Map<string, Promise<unknown>>();
  const ctx: BenchContext = {
    options,
    pg,
    runTag: Date.now().toString(36),
    profileDir,
    results,
    log,
    once: <T>(key: string, make: () => Promise<T>) => {
      let value = shared.get(key) as Promise<T> | undefined;
      if (!value) {
        value = make();
        shared.set(key, value);
      }
      return value;
    },
    // Servers start one at a time: each runs the kernel migrations when it boots.
    server: (profile) => {
      let server = servers.get(profile);
      if (!server) {
        const previous = [...servers.values()];
        server = Promise.allSettled(previous).then(() => startBenchServer({
          profile, databaseUrl: pg.appUrl, masterKey, operator: `${OPERATOR_USERNAME}:${BENCH_PASSWORD}`, log,
          env: process.env.DB_POOL_MAX ? { DB_POOL_MAX: process.env.DB_POOL_MAX } : {},
          // One folder per server: node writes one profile per thread (tsx's loader runs in a worker).
          nodeArgs: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${join(profileDir, `server-${profile.replace(/[^a-z0-9-]/g, '_')}`)}`] : [],
        }));
        servers.set(profile, server);
      }
      return server;
    },
    analyze: async () => {
      const started = Date.now();
      await query(pg.appUrl, 'analyze');
      log(`analyze (${Date.now() - started} ms)`);
    },
    operator: (server) => {
      let session = operators.get(server);
      if (!session) {
        session = operatorSession(server.url);
        operators.set(server, session);
      }
      return session;
    },
  };

  const runScenario = async (scenario: Scenario): Promise<ScenarioResult> => {
    const started = Date.now();
    log(`── ${scenario.name}: ${scenario.title}`);
    try {
      const state = await scenario.setup(ctx);
      const outcome = await scenario.run(ctx, state);
      return { name: scenario.name, title: scenario.title, seconds: Math.round((Date.now() - started) / 100) / 10, ...outcome };
    } catch (error) {
      log(`${scenario.name} broke: ${(error as Error).stack ?? String(error)}`);
      return {
        name: scenario.name, title: scenario.title, seconds: Math.round((Date.now() - started) / 100) / 10,
        rows: [], goals: [], notes: [], failures: [`${scenario.name} broke: ${(error as Error).message}`],
      };
    }
  };
  // --quick: scenarios that may overlap the others start at once and are collected in their place.
  const alongside = new Map(selected.filter((s) => options.quick && s.quickAlongside).map((s) => [s, runScenario(s)]));
  for (const scenario of selected) {
    if (interrupted()) break;
    results.push(await (alongside.get(scenario) ?? runScenario(scenario)));
  }

  // Interrupted: no table, no results file for a run that did not finish.
  if (interrupted()) return 130;
  const started = await Promise.all([...servers.values()].map((s) => s.catch(() => undefined)));
  const serverFigures = started.filter((s): s is BenchServer => s !== undefined).map((s) => ({
    profile: s.profile, plugins: s.plugins, bootMs: s.bootMs, rssBytesAtEnd: s.rssBytes(), warnings: s.warnings().slice(0, 100),
  }));
  const warnings = started.flatMap((s) => s?.warnings().slice(0, 10).map((w) => `${s.profile}: ${w.slice(0, 300)}`) ?? []);
  const failures = results.flatMap((r) => r.failures);
  const missed = results.flatMap((r) => r.goals.filter((g) => g.met === false).map((g) => `${r.name}: ${g.name} = ${g.display}, goal ${g.goal}`));
  if (profileDir) {
    // The servers write their CPU profiles as they exit.
    for (const server of started) await server?.stop();
    const summary: string[] = [`# Profile of the bench run of ${startedAt.toISOString()}`, ''];
    const files = readdirSync(profileDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.cpuprofile')).sort();
    for (const file of files) summary.push(`## ${file}`, '', summariseCpuProfile(join(profileDir, file)), '');
    writeFileSync(join(profileDir, 'cpu-summary.md'), summary.join('\n'));
  }
  const ok = failures.length === 0 && (!options.strict || missed.length === 0);
  const table = markdownTable(results);
  const machine = machineInfo(pg);
  const file = writeReport({
    startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString(), mode: options.quick ? 'quick' : 'full', options, machine,
    postgres: { origin: pg.origin, version: pg.version, settings: pg.settings }, servers: serverFigures, results, ok, table,
  });

  const out: string[] = ['', table, ''];
  if (options.quick) out.push('Quick run: one short round per variant. It checks that everything works; its figures and ratios are not a measurement.', '');
  for (const r of results) for (const note of r.notes) out.push(`- ${r.name}: ${note}`);
  const mib = (bytes: number | undefined) => (bytes === undefined ? '?' : `${Math.round(bytes / 2 ** 20)} MiB`);
  if (serverFigures.length) out.push(`- servers: ${serverFigures.map((s) => `${s.profile} (${s.plugins} plugins) booted in ${s.bootMs} ms, RSS ${mib(s.rssBytesAtEnd)} at the end`).join('; ')}.`);
  out.push(
    '',
    `Machine: ${machine.cpuModel}, ${machine.cpus} CPUs, ${machine.memoryGiB} GiB; Node ${machine.node}; ${pg.version.split(' on ')[0]} (${pg.origin}); autocannon ${machine.autocannon}; ${options.connections} connections, ${options.rounds} round(s) × ${options.durationSec} s, medians.`,
    `Results: ${file}`,
  );
  if (profileDir) out.push(`Profiles: ${profileDir} (cpu-summary.md, sql-*.md, *.cpuprofile)`);
  if (warnings.length) out.push('', 'Server warnings (first few):', ...warnings.map((w) => `  ${w}`));
  if (missed.length) out.push('', `Goals not met: ${missed.length}`, ...missed.map((m) => `  - ${m}`));
  if (failures.length) out.push('', `FAILED: ${failures.length}`, ...failures.map((f) => `  - ${f}`));
  process.stdout.write(`${out.join('\n')}\n`);
  return ok ? 0 : 1;
}

let code = 1;
try {
  code = await main();
} catch (error) {
  log(`failed: ${(error as Error).stack ?? String(error)}`);
} finally {
  await cleanup();
}
process.exit(code);
