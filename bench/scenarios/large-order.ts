import type { LoadRequest } from '../lib/load.ts';
import { measured, measureRounds, medianRow, type Measured } from '../lib/measure.ts';
import { realisticShop, type RealisticShop } from '../lib/realistic.ts';
import { defineScenario, type GoalCheck } from '../lib/scenario.ts';
import { enabledPlugins, enablePlugins, installPlugins } from '../lib/seed.ts';
import { mulberry32 } from '../lib/stats.ts';
import { tapPluginId } from '../plugins/checkout-plugins.ts';

/**
 * Issue 9 §3: a 50-line till sale (POST /api/v1/pos/orders, cash) in the realistic tenant
 * (10k SKUs) with 3 active price adjustments — three bench tap plugins enabled, each taking
 * 1 fen off the order. Two tills, one per store, sell back to back (closed loop, 2 connections):
 * the goal is a latency goal (p95 < 100 ms), so the load is that of the shop, not a saturated
 * queue of 16 connections in front of one server.
 */

const LINES = 50;
const ADJUSTING_PLUGINS = 3;

interface State {
  shop: RealisticShop;
  sale: Measured;
  expectedSources: string[];
}

function orderOf(shop: RealisticShop, n: number, random: () => number, runTag: string) {
  const storeIndex = n % shop.stores.length;
  const store = shop.stores[storeIndex]!;
  const picked = new Set<number>();
  while (picked.size < LINES) picked.add(Math.floor(random() * shop.skus.length));
  const lines = [...picked].map((i) => ({ sku: shop.skus[i]!, quantity: 1 + Math.floor(random() * 3) }));
  const totalFen = lines.reduce((sum, l) => sum + l.sku.priceFen * l.quantity, 0) - ADJUSTING_PLUGINS;
  return {
    store,
    totalFen,
    body: {
      clientOrderId: `${runTag}-L-${n}`,
      storeId: store.id,
      lines: lines.map((l) => ({ skuId: l.sku.id, quantity: l.quantity })),
      tenders: [{ method: 'cash', amountFen: totalFen }],
    },
  };
}

export const largeOrder = defineScenario<State>({
  name: 'large-order',
  title: `POS checkout of a ${LINES}-line order with ${ADJUSTING_PLUGINS} price adjustments, 10k SKUs`,
  source: 'issue 9 §3',

  async setup(ctx) {
    const shop = await realisticShop(ctx);
    const operator = await ctx.operator(shop.server);
    const ids = Array.from({ length: ADJUSTING_PLUGINS }, (_, i) => tapPluginId(i + 1));
    await installPlugins(operator, ids);
    await enablePlugins(shop.admin, ids, { amountFen: 1 });
    const enabled = await enabledPlugins(shop.admin);
    if (JSON.stringify(enabled) !== JSON.stringify([...ids].sort())) throw new Error(`${shop.name} has ${JSON.stringify(enabled)} enabled`);

    // One real sale first: the server prices it as the bench does, with the 3 plugins' adjustments.
    const random = mulberry32(7);
    let n = 0;
    const first = orderOf(shop, n++, random, `${ctx.runTag}v`);
    const quote = await first.store.cashier.post<{ totalFen: number; adjustments: { source: string }[] }>(
      '/api/v1/checkout/price', { storeId: first.body.storeId, lines: first.body.lines },
    );
    const sources = quote.adjustments.map((a) => a.source).sort();
    if (quote.totalFen !== first.totalFen || JSON.stringify(sources) !== JSON.stringify([...ids].sort())) {
      throw new Error(`the server prices a ${LINES}-line cart at ${quote.totalFen} fen with adjustments from ${JSON.stringify(sources)}; the bench expected ${first.totalFen} fen from ${JSON.stringify(ids)}`);
    }
    await first.store.cashier.call('POST', '/api/v1/pos/orders', { body: first.body, expect: [201] });

    const bearer = `Bearer ${await shop.stores[0]!.cashier.token()}`;
    const sale = measured('large', `${LINES} lines, ${ADJUSTING_PLUGINS} adjustments, ${shop.stores.length} tills`, shop.server, shop.stores.length, (): LoadRequest => {
      const order = orderOf(shop, n++, random, ctx.runTag);
      return { method: 'POST', path: '/api/v1/pos/orders', headers: { authorization: bearer }, body: order.body };
    });
    sale.ok = 1;
    return { shop, sale, expectedSources: [...ids].sort() };
  },

  async run(ctx, { shop, sale, expectedSources }) {
    await measureRounds(ctx, [sale], 201);

    // The database holds every sale answered 201 (and at most one more per connection per run,
    // in flight when a run stopped), and the last one has its 50 lines and 3 adjustments.
    const failures = [...sale.failures];
    const list = await shop.admin.call<{ id: string }[]>('GET', '/api/v1/orders?_end=1&_sort=createdAt&_order=desc');
    const total = Number(list.headers.get('x-total-count'));
    const inFlight = sale.runs * sale.connections;
    if (total < sale.ok || total > sale.ok + inFlight) failures.push(`${shop.name}: ${total} orders in the database, ${sale.ok} sales answered 201 (+ at most ${inFlight} in flight)`);
    const latest = list.body[0];
    if (latest) {
      const detail = await shop.admin.get<{ status: string; lines: unknown[]; adjustments: { source: string }[] }>(`/api/v1/orders/${latest.id}`);
      const sources = detail.adjustments.map((a) => a.source).sort();
      if (detail.status !== 'paid' || detail.lines.length !== LINES || JSON.stringify(sources) !== JSON.stringify(expectedSources)) {
        failures.push(`${shop.name}: the last order is ${detail.status} with ${detail.lines.length} lines and adjustments from ${JSON.stringify(sources)}`);
      }
    }

    const row = medianRow(sale, { tenantSkus: shop.skus.length, linesPerSale: LINES });
    const p95 = row.latencyMs?.p95 ?? NaN;
    const goals: GoalCheck[] = [{ name: 'p95 latency', value: p95, display: `${p95.toFixed(1)} ms`, goal: '< 100 ms', met: p95 < 100, source: 'issue 9' }];
    return {
      rows: [row], goals, failures,
      notes: [`${sale.connections} connections (one till per store of the realistic tenant: ${shop.skus.length} SKUs, ${shop.customers} customers), ${LINES} different SKUs per sale, quantity 1–3, paid in cash.`],
      data: { linesPerSale: LINES, adjustments: ADJUSTING_PLUGINS, sold: sale.ok },
    };
  },
});
