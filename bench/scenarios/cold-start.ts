import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onCleanup } from '../lib/cleanup.ts';
import { freePort } from '../lib/postgres.ts';
import { processTreeCpuSeconds } from '../lib/procstat.ts';
import { defineScenario, type GoalCheck, type ResultRow } from '../lib/scenario.ts';
import { repoRoot } from '../lib/server-process.ts';
import { median, percentile, round } from '../lib/stats.ts';

/**
 * Issue 9 §6: how long `npm start` — the real command, on the embedded database (PGlite) —
 * takes from being spawned to answering GET /api/v1/health with 200: (a) on a fresh DATA_DIR
 * (it creates the database, migrates and seeds the demo) and (b) restarted on that same
 * DATA_DIR. Three of each (one with --quick); the row shows the median as p50. (The other figure of
 * §6, the server's RSS under the checkout load, is sampled and reported by checkout-plugins.)
 * `npm start --ignore-scripts`: npm's prestart hook (scripts/build-apps.ts, which builds the
 * front-end apps when their sources are newer than their build) is a build step, not part of
 * starting, and on a tree others are editing it would rebuild their apps on every start.
 */

const HEALTH = '/api/v1/health';

interface Start {
  ms: number;
  /** CPU the process tree used until then: steadier than the wall time on a shared machine. */
  cpuMs: number | undefined;
}

/** Spawns `npm start` (without its prestart build) on DATA_DIR and times it until healthy; stops it after. */
async function timeStart(dataDir: string, log: (line: string) => void): Promise<Start> {
  const port = await freePort();
  // The environment of someone running `npm start`: no DATABASE_URL (embedded PGlite), the demo on.
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir };
  for (const name of Object.keys(env)) {
    if (name === 'DATABASE_URL' || name === 'NODE_ENV' || name.startsWith('LINGSHOU_') || name.startsWith('BENCH_')) delete env[name];
  }
  const started = performance.now();
  // Its own process group: npm, the shell, tsx and node stop together.
  const child = spawn('npm', ['start', '--ignore-scripts'], { cwd: repoRoot, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString('utf8'));
    if (output.length > 200) output.shift();
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited = false;
  const stopped = new Promise<void>((resolve) => child.once('exit', () => { exited = true; resolve(); }));
  const stop = async () => {
    if (exited) return;
    process.kill(-child.pid!, 'SIGTERM');
    const timer = setTimeout(() => { if (!exited) process.kill(-child.pid!, 'SIGKILL'); }, 15_000);
    await stopped;
    clearTimeout(timer);
  };
  onCleanup('stop npm start (cold-start)', stop);
  try {
    const deadline = started + 120_000;
    for (;;) {
      if (exited) throw new Error(`npm start exited before it was healthy:\n${output.join('').slice(-3000)}`);
      if (performance.now() > deadline) throw new Error(`npm start not healthy after 120 s:\n${output.join('').slice(-3000)}`);
      try {
        const res = await fetch(`http://127.0.0.1:${port}${HEALTH}`, { signal: AbortSignal.timeout(1000) });
        if (res.status === 200) break;
      } catch {
        // Not listening yet.
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const ms = performance.now() - started;
    const cpu = processTreeCpuSeconds(child.pid!);
    const cpuMs = cpu === undefined ? undefined : cpu * 1000;
    log(`npm start healthy in ${Math.round(ms)} ms${cpuMs === undefined ? '' : `, ${Math.round(cpuMs)} ms of CPU`} (${dataDir})`);
    return { ms, cpuMs };
  } finally {
    await stop();
  }
}

function timingRow(variant: string, label: string, starts: Start[]): ResultRow {
  const times = starts.map((s) => s.ms);
  const sorted = Float64Array.from(times).sort();
  const cpu = starts.map((s) => s.cpuMs).filter((c): c is number => c !== undefined);
  return {
    variant, label, throughput: null, unit: 'req/s',
    latencyMs: { p50: round(median(times)), p95: round(percentile(sorted, 95)), p99: round(percentile(sorted, 99)) },
    serverCpuMsPerRequest: cpu.length ? round(median(cpu)) : undefined,
    requests: times.length, failed: 0,
    detail: { startsMs: times.map((t) => round(t)), cpuMs: cpu.map((c) => round(c)) },
  };
}

interface State {
  starts: number;
}

export const coldStart = defineScenario<State>({
  name: 'cold-start',
  title: 'Cold start of npm start (PGlite, demo) to a healthy /api/v1/health',
  source: 'issue 9 §6',
  // It loads nothing the others measure and they load nothing it needs: a smoke check can overlap them.
  quickAlongside: true,

  setup: async (ctx) => ({ starts: ctx.options.quick ? 1 : 3 }),

  async run(ctx, { starts }) {
    const fresh: Start[] = [];
    const restart: Start[] = [];
    for (let i = 0; i < starts; i++) {
      const dataDir = mkdtempSync(join(tmpdir(), 'lingshou-bench-cold-'));
      try {
        fresh.push(await timeStart(dataDir, ctx.log));
        restart.push(await timeStart(dataDir, ctx.log));
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    }
    const rows = [
      timingRow('fresh', `(a) fresh DATA_DIR → healthy (median of ${starts})`, fresh),
      timingRow('restart', `(b) restart on the same DATA_DIR (median of ${starts})`, restart),
    ];
    const goals: GoalCheck[] = rows.map((row) => {
      const ms = row.latencyMs!.p50!;
      return { name: `${row.variant}: start to healthy`, value: ms, display: `${(ms / 1000).toFixed(2)} s`, goal: '≤ 6 s', met: ms <= 6000, source: 'issue 9' };
    });

    const notes: string[] = [`start times are from spawning \`npm start\` to the first 200 of ${HEALTH} (shown as p50 = median, p95/p99 = slowest); the CPU column is the median CPU time the npm start process tree used until then.`];
    if (ctx.options.quick) notes.push('--quick starts npm start alongside the other scenarios (see bench/README.md): its times there are not a measurement.');
    return { rows, goals, failures: [], notes, data: { fresh, restart } };
  },
});
