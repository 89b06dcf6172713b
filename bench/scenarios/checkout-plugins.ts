import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { Session } from '../lib/api.ts';
import { runLoad, type LoadRequest, type LoadResult } from '../lib/load.ts';
import { query } from '../lib/postgres.ts';
import { machineBusySeconds, sampleRss, treeCpuSeconds } from '../lib/procstat.ts';
import { defineScenario, type BenchContext, type GoalCheck, type ResultRow } from '../lib/scenario.ts';
import { disablePlugins, enabledPlugins, enablePlugins, installPlugins, seedShop, type SeededShop } from '../lib/seed.ts';
import type { BenchServer } from '../lib/server-process.ts';
import { median, mulberry32, round } from '../lib/stats.ts';
import { DISABLED_PLUGINS, ENABLED_PLUGINS, idlePluginId, tapPluginId } from '../plugins/checkout-plugins.ts';

/**
 * Issue 3: a till sale (POST /api/v1/pos/orders: 3 lines, cash) for three tenants on one server
 * that loads 112 plugins —
 *   (a) a tenant with no plugin enabled: the kernel alone;
 *   (b) a tenant with 12 checkout plugins enabled (each takes 1 fen off; 4 also validate,
 *       4 also watch order.created);
 *   (c) a tenant for which 100 installed plugins were enabled and disabled again —
 * and two diagnostic variants: (b₀) a tenant with the same 12 plugins enabled but configured
 * to adjust nothing (their taps run; no adjustment rows are written), which separates the
 * host's dispatch from the cost of storing 12 more adjustments per order; and (a′) tenant (a)
 * on a second server that loads no plugin at all.
 * Variants are interleaved round by round (the order rotates) and medians are reported.
 */

const LINES = 3;
const MB = 1_000_000;
const STOCK = 10_000_000;
const DRAIN_MS = 300;

type VariantKey = 'a' | 'b' | 'd' | 'c' | 'k';

interface Variant {
  key: VariantKey;
  label: string;
  server: BenchServer;
  shop: SeededShop;
  /** What the plugins take off every order (fen). */
  adjustFen: number;
  /** Plugin ids expected on every order's adjustments. */
  expectedSources: string[];
  next: number;
  random: () => number;
  /** Sales answered 201, warm-up and verification included (checked against the database). */
  created: number;
  /** Load runs so far (each may leave up to one sale per connection unanswered but committed). */
  runs: number;
  failed: number;
  failures: string[];
  rounds: RoundFigures[];
}

interface RoundFigures {
  round: number;
  position: number;
  throughput: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  responses: number;
  serverCpuMsPerRequest?: number;
  pgCpuMsPerRequest?: number;
  /** Cores busy with processes outside the bench (other work on a shared machine) during the round. */
  otherCores?: number;
  /** The server process tree's peak resident memory during the round (issue 9 §6). */
  peakRssBytes?: number;
}

interface State {
  variants: Variant[];
  stores: number;
  skus: number;
}

function cart(variant: Variant, runTag: string) {
  const n = variant.next++;
  const storeIndex = n % variant.shop.stores.length;
  const store = variant.shop.stores[storeIndex]!;
  const skus = variant.shop.skus;
  const picked = new Set<number>();
  while (picked.size < LINES) picked.add(Math.floor(variant.random() * skus.length));
  const lines = [...picked].map((i) => ({ sku: skus[i]!, quantity: 1 + Math.floor(variant.random() * 3) }));
  const totalFen = lines.reduce((sum, l) => sum + l.sku.priceFen * l.quantity, 0) + variant.adjustFen;
  return {
    store,
    storeIndex,
    totalFen,
    body: {
      clientOrderId: `${runTag}-${variant.key}-${n}`,
      storeId: store.id,
      lines: lines.map((l) => ({ skuId: l.sku.id, quantity: l.quantity })),
      tenders: [{ method: 'cash', amountFen: totalFen }],
    },
  };
}

async function tokens(shop: SeededShop): Promise<string[]> {
  return Promise.all(shop.stores.map((s) => s.cashier.token()));
}

async function measure(ctx: BenchContext, variant: Variant, durationSec: number): Promise<{ load: LoadResult; serverCpu?: number; pgCpu?: number; otherCores?: number; peakRssBytes?: number }> {
  const bearer = (await tokens(variant.shop)).map((t) => `Bearer ${t}`);
  const pgPid = ctx.pg.postmasterPid;
  const serverBefore = variant.server.cpuSeconds();
  const pgBefore = pgPid ? treeCpuSeconds(pgPid) : undefined;
  const machineBefore = machineBusySeconds();
  const selfBefore = process.cpuUsage();
  const rss = sampleRss(variant.server.pid);
  const load = await runLoad({
    url: variant.server.url,
    connections: ctx.options.connections,
    durationSec,
    next: (): LoadRequest => {
      const sale = cart(variant, ctx.runTag);
      return { method: 'POST', path: '/api/v1/pos/orders', headers: { authorization: bearer[sale.storeIndex]! }, body: sale.body };
    },
  });
  const serverAfter = variant.server.cpuSeconds();
  const pgAfter = pgPid ? treeCpuSeconds(pgPid) : undefined;
  const machineAfter = machineBusySeconds();
  const self = process.cpuUsage(selfBefore);
  const { peakBytes: peakRssBytes } = rss.stop();
  variant.runs++;
  // Let the sales still in flight finish before the next run starts measuring.
  await new Promise((resolve) => setTimeout(resolve, DRAIN_MS));
  variant.created += load.statusCodes['201'] ?? 0;
  const failed = load.non2xx + load.errors + (load.ok - (load.statusCodes['201'] ?? 0));
  if (failed > 0) {
    variant.failed += failed;
    variant.failures.push(`(${variant.key}) ${failed} failed: statuses ${JSON.stringify(load.statusCodes)}, errors ${load.errors}; ${load.failures.join(' | ')}`);
  }
  const perRequest = (before?: number, after?: number) =>
    before === undefined || after === undefined || load.responses === 0 ? undefined : ((after - before) * 1000) / load.responses;
  let otherCores: number | undefined;
  if (machineBefore !== undefined && machineAfter !== undefined && serverBefore !== undefined && serverAfter !== undefined
    && pgBefore !== undefined && pgAfter !== undefined) {
    const ours = (serverAfter - serverBefore) + (pgAfter - pgBefore) + (self.user + self.system) / 1e6;
    otherCores = Math.max(0, (machineAfter - machineBefore - ours) / load.durationSec);
  }
  return { load, serverCpu: perRequest(serverBefore, serverAfter), pgCpu: perRequest(pgBefore, pgAfter), otherCores, peakRssBytes };
}

/** How many plugins the server of these variants loaded (for the RSS lines). */
function pluginsLoaded(variants: Variant[], profile: string): number {
  return variants.find((v) => v.server.profile === profile)?.server.plugins ?? 0;
}

/** One real sale and one quote per variant before any load: the totals and the plugins are what we claim. */
async function verify(ctx: BenchContext, variant: Variant): Promise<void> {
  const sale = cart(variant, `${ctx.runTag}v`);
  const quote = await sale.store.cashier.post<{ totalFen: number; adjustments: { source: string }[] }>(
    '/api/v1/checkout/price', { storeId: sale.body.storeId, lines: sale.body.lines },
  );
  if (quote.totalFen !== sale.totalFen) {
    throw new Error(`(${variant.key}) the server prices the cart at ${quote.totalFen} fen, the bench computed ${sale.totalFen}`);
  }
  const sources = quote.adjustments.map((a) => a.source).sort();
  if (JSON.stringify(sources) !== JSON.stringify(variant.expectedSources)) {
    throw new Error(`(${variant.key}) adjustments from ${JSON.stringify(sources)}, expected ${JSON.stringify(variant.expectedSources)}`);
  }
  const order = await sale.store.cashier.call<{ status: string }>('POST', '/api/v1/pos/orders', { body: sale.body, expect: [201] });
  if (order.body.status !== 'paid') throw new Error(`(${variant.key}) a verification sale is ${order.body.status}, not paid`);
  variant.created++;
}

/**
 * Afterwards: the database holds every sale answered 201 — and at most one more per connection
 * per load run, for sales still in flight when the load generator stopped counting (they
 * commit, their answers are not read) — with the right plugins' adjustments on it.
 */
async function audit(shop: SeededShop, answered: number, inFlight: number, expectedSources: string[]): Promise<string[]> {
  const problems: string[] = [];
  const admin: Session = shop.admin;
  const list = await admin.call<{ id: string }[]>('GET', '/api/v1/orders?_end=1&_sort=createdAt&_order=desc');
  const total = Number(list.headers.get('x-total-count'));
  if (total < answered || total > answered + inFlight) {
    problems.push(`${shop.name}: ${total} orders in the database, ${answered} sales answered 201 (+ at most ${inFlight} in flight at the ends of runs)`);
  }
  const latest = list.body[0];
  if (latest) {
    const detail = await admin.get<{ status: string; adjustments: { source: string }[] }>(`/api/v1/orders/${latest.id}`);
    const sources = detail.adjustments.map((a) => a.source).sort();
    if (JSON.stringify(sources) !== JSON.stringify(expectedSources)) problems.push(`${shop.name}: the last order has adjustments from ${JSON.stringify(sources)}`);
    if (detail.status !== 'paid') problems.push(`${shop.name}: the last order is ${detail.status}`);
  }
  return problems;
}

/**
 * With --profile: the statements one checkout runs (pg_stat_statements) and what the busy
 * backends were waiting for while it ran (pg_stat_activity, sampled every 20 ms), as markdown.
 */
async function statementProfile(ctx: BenchContext, variant: Variant): Promise<{ perCheckout: number; markdown: string }> {
  await query(ctx.pg.appUrl, 'select pg_stat_statements_reset()');
  const sampler = new pg.Client({ connectionString: ctx.pg.appUrl });
  await sampler.connect();
  const waits = new Map<string, number>();
  let samples = 0;
  let sampling = true;
  const sampling$ = (async () => {
    while (sampling) {
      const { rows } = await sampler.query<{ wait: string | null; query: string }>(
        `select coalesce(wait_event_type || ': ' || wait_event, 'on CPU (no wait event)') as wait, left(regexp_replace(query, '\\s+', ' ', 'g'), 70) as query
           from pg_stat_activity where datname = current_database() and state = 'active' and pid <> pg_backend_pid()`);
      samples++;
      for (const row of rows) {
        const key = `${row.wait} | ${row.query}`;
        waits.set(key, (waits.get(key) ?? 0) + 1);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  const { load } = await measure(ctx, variant, ctx.options.durationSec);
  sampling = false;
  await sampling$;
  await sampler.end();
  const rows = await query<{ calls: string; total_exec_time: number; rows: string; query: string }>(ctx.pg.appUrl,
    `select calls, total_exec_time, rows, query from pg_stat_statements
      where dbid = (select oid from pg_database where datname = current_database()) and query not like '%pg_stat_statements%'
        and query not like '%pg_stat_activity%'
      order by calls desc, total_exec_time desc`);
  const n = Math.max(load.responses, 1);
  const calls = rows.reduce((sum, r) => sum + Number(r.calls), 0);
  const time = rows.reduce((sum, r) => sum + r.total_exec_time, 0);
  const cell = (text: string, length: number) => `\`${text.replace(/\s+/g, ' ').replace(/\|/g, '\\|').slice(0, length)}\``;
  const markdown = [
    `# Statements per checkout, ${variant.label}`, '',
    `${load.responses} checkouts at ${load.throughput.toFixed(1)} req/s; ${(calls / n).toFixed(1)} statements and ${(time / n).toFixed(2)} ms of execution per checkout`,
    '(pg_stat_statements with track = all: statements run by triggers, such as foreign-key checks, are counted on their own and inside the statement that fired them).', '',
    '| calls/checkout | ms/checkout | rows/call | statement |', '|---:|---:|---:|---|',
    ...rows.filter((r) => Number(r.calls) / n >= 0.01).map((r) => `| ${(Number(r.calls) / n).toFixed(2)} | ${(r.total_exec_time / n).toFixed(3)} | ${(Number(r.rows) / Number(r.calls)).toFixed(1)} | ${cell(r.query, 220)} |`),
    '', `## What active backends were doing (${samples} samples of pg_stat_activity)`, '',
    '| backends per sample | wait | statement |', '|---:|---|---|',
    ...[...waits.entries()].sort((x, y) => y[1] - x[1]).slice(0, 25).map(([key, count]) => {
      const [wait, statement] = key.split(' | ');
      return `| ${(count / Math.max(samples, 1)).toFixed(2)} | ${wait} | ${cell(statement ?? '', 70)} |`;
    }),
  ].join('\n');
  return { perCheckout: calls / n, markdown };
}

export const checkoutPlugins = defineScenario<State>({
  name: 'checkout-plugins',
  title: 'POS checkout: kernel alone vs 12 plugins enabled vs 100 installed but disabled',
  source: 'issue 3',

  async setup(ctx) {
    const quick = ctx.options.quick;
    // One store per connection by default: each connection is one till selling back to back.
    // Fewer stores make sales queue on each store's order-number row (see docs/performance.md).
    const stores = ctx.options.stores ?? ctx.options.connections;
    const skus = quick ? 60 : 300;
    // A smoke check leaves out the two diagnostic variants (b₀, a′) unless asked for them.
    const wanted = (key: VariantKey) => (ctx.options.variants ? ctx.options.variants.includes(key) : !(quick && (key === 'd' || key === 'k')));
    const server = await ctx.server('checkout-plugins');
    const reference = wanted('k') ? await ctx.server('kernel') : server;
    const operator = await ctx.operator(server);
    const enabledIds = Array.from({ length: ENABLED_PLUGINS }, (_, i) => tapPluginId(i + 1));
    const disabledIds = Array.from({ length: DISABLED_PLUGINS }, (_, i) => idlePluginId(i + 1));
    let started = Date.now();
    await installPlugins(operator, [...enabledIds, ...disabledIds]);
    ctx.log(`installed ${enabledIds.length + disabledIds.length} plugins (${Date.now() - started} ms)`);

    const shop = (key: string, name: string) => seedShop(operator, { name, key: `${ctx.runTag}-${key}`, stores, skus, stockPerSku: STOCK, log: ctx.log });
    const [a, b, c, d] = await Promise.all([
      shop('a', '压测商户A'), shop('b', '压测商户B'), shop('c', '压测商户C'), wanted('d') ? shop('d', '压测商户D') : undefined,
    ]);
    started = Date.now();
    await enablePlugins(b.admin, enabledIds, { amountFen: 1 });
    if (d) await enablePlugins(d.admin, enabledIds, { amountFen: 0 });
    await enablePlugins(c.admin, disabledIds, { amountFen: 1 });
    await disablePlugins(c.admin, disabledIds);
    ctx.log(`enabled ${enabledIds.length} plugins for B; enabled and disabled ${disabledIds.length} for C (${Date.now() - started} ms)`);
    for (const [s, expected] of [[a, []], [b, enabledIds], [c, []], ...(d ? [[d, enabledIds]] as const : [])] as const) {
      const enabled = await enabledPlugins(s.admin);
      if (JSON.stringify(enabled) !== JSON.stringify([...expected].sort())) throw new Error(`${s.name} has ${JSON.stringify(enabled)} enabled`);
    }

    const variant = (key: VariantKey, label: string, on: BenchServer, s: SeededShop, sources: string[], seed: number): Variant => ({
      key, label, server: on, shop: s, adjustFen: -sources.length, expectedSources: [...sources].sort(),
      next: 0, random: mulberry32(seed), created: 0, runs: 0, failed: 0, failures: [], rounds: [],
    });
    const variants = [
      variant('a', '(a) kernel alone', server, a, [], 1),
      variant('b', `(b) ${ENABLED_PLUGINS} plugins enabled`, server, b, enabledIds, 2),
      ...(d ? [variant('d', `(b₀) ${ENABLED_PLUGINS} enabled, adjust nothing (diag.)`, server, d, [], 5)] : []),
      variant('c', `(c) ${DISABLED_PLUGINS} installed, disabled`, server, c, [], 3),
      variant('k', '(a′) no plugins loaded (ref.)', reference, a, [], 4),
    ].filter((v) => wanted(v.key));
    for (const v of variants) await verify(ctx, v);
    return { variants, stores, skus };
  },

  async run(ctx, state) {
    const { options } = ctx;
    const { variants } = state;
    ctx.log(`warm-up: ${options.warmupSec} s per variant`);
    for (const v of variants) await measure(ctx, v, options.warmupSec);
    // The warm-up leaves hundreds of orders per tenant: statistics from now on are those of
    // a shop in use (see ctx.analyze), and the servers re-plan their cached statements.
    await ctx.analyze();
    for (let r = 0; r < options.rounds; r++) {
      // Rotate the order each round, so no variant always runs first (or right after another).
      const order = variants.map((_, i) => variants[(i + r) % variants.length]!);
      for (const [position, v] of order.entries()) {
        const { load, serverCpu, pgCpu, otherCores, peakRssBytes } = await measure(ctx, v, options.durationSec);
        v.rounds.push({
          round: r + 1, position, throughput: round(load.throughput, 2), p50: round(load.latencyMs.p50), p95: round(load.latencyMs.p95),
          p99: round(load.latencyMs.p99), mean: round(load.latencyMs.mean), responses: load.responses,
          serverCpuMsPerRequest: serverCpu === undefined ? undefined : round(serverCpu, 3),
          pgCpuMsPerRequest: pgCpu === undefined ? undefined : round(pgCpu, 3),
          otherCores: otherCores === undefined ? undefined : round(otherCores, 2),
          peakRssBytes,
        });
        ctx.log(`round ${r + 1}/${options.rounds} ${v.label}: ${load.throughput.toFixed(1)} req/s, p50 ${load.latencyMs.p50.toFixed(1)} ms, p95 ${load.latencyMs.p95.toFixed(1)} ms, p99 ${load.latencyMs.p99.toFixed(1)} ms${serverCpu === undefined ? '' : `, server CPU ${serverCpu.toFixed(2)} ms/req`}${otherCores === undefined ? '' : `, other load ${otherCores.toFixed(2)} cores`}${load.non2xx + load.errors ? `, ${load.non2xx + load.errors} FAILED` : ''}`);
      }
    }

    const statements: Record<string, number> = {};
    if (ctx.profileDir) {
      for (const v of variants) {
        const profile = await statementProfile(ctx, v);
        statements[v.key] = round(profile.perCheckout, 1);
        writeFileSync(join(ctx.profileDir, `sql-checkout-${v.key}.md`), profile.markdown + '\n');
        ctx.log(`profile ${v.label}: ${profile.perCheckout.toFixed(1)} statements per checkout`);
      }
    }

    const failures = variants.flatMap((v) => v.failures);
    const byKey = new Map<string, Variant>(variants.map((v) => [v.key, v]));
    // Tenant A sells on both servers.
    const sharing = (shop: SeededShop) => variants.filter((v) => v.shop === shop);
    for (const v of variants) {
      if (sharing(v.shop)[0] !== v) continue;
      const sold = sharing(v.shop).reduce((n, x) => n + x.created, 0);
      const inFlight = sharing(v.shop).reduce((n, x) => n + x.runs, 0) * options.connections;
      failures.push(...await audit(v.shop, sold, inFlight, v.expectedSources));
    }

    const med = (v: Variant, pick: (r: RoundFigures) => number | undefined) => {
      const values = v.rounds.map(pick).filter((x): x is number => x !== undefined);
      return values.length ? median(values) : undefined;
    };
    const rows: ResultRow[] = variants.map((v) => ({
      variant: v.key,
      label: v.label,
      throughput: med(v, (r) => r.throughput)!,
      unit: 'req/s',
      latencyMs: { p50: med(v, (r) => r.p50), p95: med(v, (r) => r.p95), p99: med(v, (r) => r.p99), mean: med(v, (r) => r.mean) },
      serverCpuMsPerRequest: med(v, (r) => r.serverCpuMsPerRequest),
      pgCpuMsPerRequest: med(v, (r) => r.pgCpuMsPerRequest),
      requests: v.rounds.reduce((n, r) => n + r.responses, 0),
      failed: v.failed,
      detail: { server: v.server.profile, tenantId: v.shop.tenantId, rounds: v.rounds, statementsPerCheckout: statements[v.key] },
    }));
    const row = (key: VariantKey) => rows.find((r) => r.variant === key);
    // Paired per round: the two ran within a minute of each other, so their ratio is less exposed to drifting load.
    const paired = (x: VariantKey, y: VariantKey) => byKey.get(x)!.rounds.map((rx) => {
      const ry = byKey.get(y)!.rounds.find((r) => r.round === rx.round)!;
      return round(rx.throughput / ry.throughput, 3);
    });
    const goals: GoalCheck[] = [];
    const notes: string[] = [];
    const pairedRatios: Record<string, number[]> = {};
    // The ratio is the median of the per-round ratios: within a round the variants run back to
    // back, under the same background load, which on a shared machine drifts between rounds.
    const compare = (x: VariantKey, y: VariantKey, name: string, goal: string, met: ((ratio: number) => boolean) | null, source: string) => {
      const rx = row(x);
      const ry = row(y);
      if (!rx || !ry) return;
      const perRound = paired(x, y);
      const ratio = median(perRound);
      goals.push({ name, value: round(ratio, 3), display: `${ratio.toFixed(3)}×`, goal, met: met ? met(ratio) : null, source });
      pairedRatios[`${x}/${y}`] = perRound;
      const cx = rx.serverCpuMsPerRequest;
      const cy = ry.serverCpuMsPerRequest;
      notes.push(`${name}: ${ratio.toFixed(3)}× (median of rounds: ${perRound.join(', ')}; ratio of the medians ${(rx.throughput! / ry.throughput!).toFixed(3)}×)${cx !== undefined && cy !== undefined ? `; server CPU per checkout ${cx.toFixed(2)} vs ${cy.toFixed(2)} ms (${(cx / cy).toFixed(3)}×)` : ''}.`);
    };
    compare('b', 'a', '(b)/(a) throughput', '≥ 0.90×', (r) => r >= 0.9, 'issue 3');
    compare('c', 'a', '(c)/(a) throughput', '≥ 0.98× (within 2%)', (r) => r >= 0.98, 'issue 3');
    compare('d', 'a', '(b₀)/(a) throughput', 'info: the 12 taps alone, without the 12 adjustment rows they add', null, '');
    compare('a', 'k', '(a)/(a′) throughput', 'info: what loading 112 plugins costs a tenant that uses none', null, '');
    const other = variants.flatMap((v) => v.rounds.map((r) => r.otherCores)).filter((x): x is number => x !== undefined);
    if (other.length) {
      notes.push(`Other processes on the machine used ${median(other).toFixed(2)} cores (median; max ${Math.max(...other).toFixed(2)}) while rounds ran.`);
    }
    // Issue 9 §6: each server's peak resident memory under this load (sampled during the rounds).
    const peakRssBytes: Record<string, number> = {};
    for (const v of variants) {
      for (const r of v.rounds) {
        if (r.peakRssBytes !== undefined) peakRssBytes[v.server.profile] = Math.max(peakRssBytes[v.server.profile] ?? 0, r.peakRssBytes);
      }
    }
    for (const [profile, bytes] of Object.entries(peakRssBytes)) {
      const what = profile === 'kernel' ? 'the server loading no plugin' : `the server loading ${pluginsLoaded(variants, profile)} plugins`;
      goals.push({ name: `peak RSS of ${what}`, value: bytes, display: `${Math.round(bytes / MB)} MB`, goal: '≤ 300 MB', met: bytes <= 300 * MB, source: 'issue 9 §6' });
    }
    if (Object.keys(peakRssBytes).length) {
      notes.push('Peak RSS: VmRSS of each server process (and any children) sampled every 250 ms while the rounds ran; MB = 10⁶ bytes.');
    }
    return {
      rows, goals, failures, notes,
      data: {
        peakRssBytes,
        connections: options.connections, stores: state.stores, skusPerTenant: state.skus, linesPerSale: LINES, pairedRatios,
        statementsPerCheckout: ctx.profileDir ? statements : undefined,
        sold: Object.fromEntries(variants.map((v) => [v.key, v.created])),
      },
    };
  },
});
