import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { defineScenario, type GoalCheck } from '../lib/scenario.ts';

/**
 * Issue 9 §1: pgbench's TPC-B-like transaction on the same PostgreSQL, in a database of its
 * own, as a yardstick for the checkout: "checkout tps ÷ pgbench tps" says how much of what the
 * database can do one checkout costs. Runs after the checkout scenario, never alongside it.
 */

function pgbench(bin: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(bin, 'pgbench'), args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => { output += chunk; });
    child.stderr.on('data', (chunk) => { output += chunk; });
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve(output) : reject(new Error(`pgbench ${args.join(' ')} exited with ${code}:\n${output.slice(-3000)}`))));
  });
}

interface State {
  url: string | null;
  scale: number;
}

export const pgbenchScenario = defineScenario<State>({
  name: 'pgbench',
  title: 'pgbench TPC-B-like on the same PostgreSQL',
  source: 'issue 9 §1',

  async setup(ctx) {
    const url = await ctx.pg.createDatabase('lingshou_pgbench');
    const scale = ctx.options.quick ? 1 : 10;
    if (url) {
      const started = Date.now();
      await pgbench(ctx.pg.bin, ['-i', '-s', String(scale), '-q', url]);
      ctx.log(`pgbench -i -s ${scale} (${Date.now() - started} ms)`);
    }
    return { url, scale };
  },

  async run(ctx, state) {
    if (!state.url) {
      return { rows: [], goals: [], failures: [], notes: ['pgbench skipped: could not create a database for it on this server.'] };
    }
    const seconds = ctx.options.quick ? 3 : 10;
    const args = ['-c', '8', '-j', '2', '-T', String(seconds), state.url];
    const output = await pgbench(ctx.pg.bin, args);
    const tps = Number(/tps = ([\d.]+) \(without initial connection time\)/.exec(output)?.[1]);
    const latency = Number(/latency average = ([\d.]+) ms/.exec(output)?.[1]);
    const failed = Number(/number of failed transactions: (\d+)/.exec(output)?.[1] ?? 0);
    const processed = Number(/number of transactions actually processed: (\d+)/.exec(output)?.[1]);
    if (!Number.isFinite(tps)) throw new Error(`could not read tps from pgbench:\n${output}`);
    ctx.log(`pgbench -c 8 -j 2 -T ${seconds}: ${tps.toFixed(1)} tps, latency average ${latency} ms`);

    const goals: GoalCheck[] = [];
    const notes: string[] = [];
    const checkout = ctx.results.find((r) => r.name === 'checkout-plugins')?.rows.find((r) => r.variant === 'a');
    if (checkout?.throughput) {
      const ratio = checkout.throughput / tps;
      goals.push({ name: 'checkout (a) ÷ pgbench tps', value: Math.round(ratio * 1000) / 1000, display: `${ratio.toFixed(3)}`, goal: '≥ 0.5', met: ratio >= 0.5, source: 'issue 9' });
    } else {
      notes.push('No checkout figure in this run (checkout-plugins did not run), so no checkout ÷ pgbench ratio.');
    }
    return {
      rows: [{
        variant: 'tpcb', label: `TPC-B-like, scale ${state.scale}, 8 clients`, throughput: tps, unit: 'tps',
        latencyMs: { mean: latency }, requests: processed, failed,
        detail: { command: `pgbench ${args.slice(0, -1).join(' ')} <db>`, init: `pgbench -i -s ${state.scale}`, output: output.trim().split('\n') },
      }],
      goals,
      failures: failed > 0 ? [`pgbench: ${failed} failed transactions`] : [],
      notes,
    };
  },
});
