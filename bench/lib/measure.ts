import { runLoad, type LoadRequest, type LoadResult } from './load.ts';
import { treeCpuSeconds } from './procstat.ts';
import type { BenchContext, ResultRow } from './scenario.ts';
import type { BenchServer } from './server-process.ts';
import { median, round } from './stats.ts';

/**
 * Load rounds for the scenarios of issue 9 that measure one request kind per variant (the
 * 50-line order, the catalog page, the coupon claim): each round's throughput, latencies, and
 * the server's and PostgreSQL's CPU per request; the row reports the medians over the rounds.
 */

export interface Round {
  round: number;
  throughput: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  responses: number;
  serverCpuMsPerRequest?: number;
  pgCpuMsPerRequest?: number;
}

/** One measured configuration of a scenario: what it sends and what it saw so far. */
export interface Measured {
  key: string;
  label: string;
  server: BenchServer;
  connections: number;
  next: () => LoadRequest;
  /** Successful answers, warm-up included (scenarios check them against the database). */
  ok: number;
  /** Load runs so far (each may leave up to one request per connection unanswered). */
  runs: number;
  failed: number;
  failures: string[];
  rounds: Round[];
}

export function measured(key: string, label: string, server: BenchServer, connections: number, next: () => LoadRequest): Measured {
  return { key, label, server, connections, next, ok: 0, runs: 0, failed: 0, failures: [], rounds: [] };
}

const DRAIN_MS = 300;

/** One load run; counts successes and failures into `m`; returns the run with CPU per request. */
export async function loadRun(ctx: BenchContext, m: Measured, durationSec: number, okStatus = 200): Promise<{ load: LoadResult; serverCpu?: number; pgCpu?: number }> {
  const pgPid = ctx.pg.postmasterPid;
  const serverBefore = m.server.cpuSeconds();
  const pgBefore = pgPid ? treeCpuSeconds(pgPid) : undefined;
  const load = await runLoad({ url: m.server.url, connections: m.connections, durationSec, next: m.next });
  const serverAfter = m.server.cpuSeconds();
  const pgAfter = pgPid ? treeCpuSeconds(pgPid) : undefined;
  m.runs++;
  // Requests still in flight finish before the next run starts measuring.
  await new Promise((resolve) => setTimeout(resolve, DRAIN_MS));
  const good = load.statusCodes[String(okStatus)] ?? 0;
  m.ok += good;
  const failed = load.responses - good + load.errors;
  if (failed > 0) {
    m.failed += failed;
    m.failures.push(`${m.label}: ${failed} failed: statuses ${JSON.stringify(load.statusCodes)}, errors ${load.errors}; ${load.failures.join(' | ')}`);
  }
  const perRequest = (before?: number, after?: number) =>
    before === undefined || after === undefined || load.responses === 0 ? undefined : ((after - before) * 1000) / load.responses;
  return { load, serverCpu: perRequest(serverBefore, serverAfter), pgCpu: perRequest(pgBefore, pgAfter) };
}

/** With --quick the issue-9 scenarios measure this long at most, without a warm-up: a smoke check. */
const QUICK_SEC = 2;

/**
 * A warm-up run of every configuration, ANALYZE, then --rounds rounds in which the
 * configurations take turns (the order rotating), as checkout-plugins does.
 */
export async function measureRounds(ctx: BenchContext, all: Measured[], okStatus = 200): Promise<void> {
  const { quick, rounds } = ctx.options;
  if (!quick) for (const m of all) await loadRun(ctx, m, ctx.options.warmupSec, okStatus);
  await ctx.analyze();
  const durationSec = quick ? Math.min(ctx.options.durationSec, QUICK_SEC) : ctx.options.durationSec;
  for (let r = 0; r < rounds; r++) {
    const order = all.map((_, i) => all[(i + r) % all.length]!);
    for (const m of order) {
      const { load, serverCpu, pgCpu } = await loadRun(ctx, m, durationSec, okStatus);
      m.rounds.push({
        round: r + 1, throughput: round(load.throughput, 2), p50: round(load.latencyMs.p50), p95: round(load.latencyMs.p95),
        p99: round(load.latencyMs.p99), mean: round(load.latencyMs.mean), responses: load.responses,
        serverCpuMsPerRequest: serverCpu === undefined ? undefined : round(serverCpu, 3),
        pgCpuMsPerRequest: pgCpu === undefined ? undefined : round(pgCpu, 3),
      });
      ctx.log(`round ${r + 1}/${rounds} ${m.label}: ${load.throughput.toFixed(1)} req/s, p50 ${load.latencyMs.p50.toFixed(1)} ms, p95 ${load.latencyMs.p95.toFixed(1)} ms, p99 ${load.latencyMs.p99.toFixed(1)} ms${serverCpu === undefined ? '' : `, server CPU ${serverCpu.toFixed(2)} ms/req`}${load.non2xx + load.errors ? `, ${load.non2xx + load.errors} FAILED` : ''}`);
    }
  }
}

/** The table row of a configuration: medians over its rounds. */
export function medianRow(m: Measured, detail: Record<string, unknown> = {}): ResultRow {
  const med = (pick: (r: Round) => number | undefined) => {
    const values = m.rounds.map(pick).filter((x): x is number => x !== undefined);
    return values.length ? median(values) : undefined;
  };
  return {
    variant: m.key,
    label: m.label,
    throughput: med((r) => r.throughput) ?? 0,
    unit: 'req/s',
    latencyMs: { p50: med((r) => r.p50), p95: med((r) => r.p95), p99: med((r) => r.p99), mean: med((r) => r.mean) },
    serverCpuMsPerRequest: med((r) => r.serverCpuMsPerRequest),
    pgCpuMsPerRequest: med((r) => r.pgCpuMsPerRequest),
    requests: m.rounds.reduce((n, r) => n + r.responses, 0),
    failed: m.failed,
    detail: { server: m.server.profile, connections: m.connections, rounds: m.rounds, ...detail },
  };
}
