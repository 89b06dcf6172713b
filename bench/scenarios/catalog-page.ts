import { call } from '../lib/api.ts';
import type { LoadRequest } from '../lib/load.ts';
import { measured, measureRounds, medianRow, type Measured } from '../lib/measure.ts';
import { BRANDS, ITEMS, realisticShop, type RealisticShop } from '../lib/realistic.ts';
import { defineScenario, type GoalCheck } from '../lib/scenario.ts';

/**
 * Issue 9 §4: the mall's catalog page over the realistic tenant's 10k products, as signed-in
 * customers see it (GET /api/v1/mall/products: on-sale products with their price range and stock
 * in the customer's store) — (a) browsing, pages 1..N of the whole catalog in turn, and
 * (b) searching, pages 1..N of the results for one term after another (10 brands: a tenth of the
 * catalog each; 10 brand + item names: a hundredth each). 20 products a page, 4 connections
 * (shoppers browsing at once, each signed in as a different customer; the goal is a latency goal).
 */

const PAGE = 20;
const CONNECTIONS = 4;
const PATH = '/api/v1/mall/products';
/** The WeChat Pay sandbox's fixed SMS code (core/src/mall/mall-entry.service.ts). */
const SANDBOX_SMS_CODE = '123456';

interface State {
  shop: RealisticShop;
  variants: Measured[];
  pages: Record<string, number>;
}

/** Requests over a fixed list of paths in turn, each from the next customer. */
function cycle(paths: string[], bearers: string[]): () => LoadRequest {
  let n = 0;
  return () => {
    const i = n++;
    return { method: 'GET', path: paths[i % paths.length]!, headers: { authorization: bearers[i % bearers.length]! } };
  };
}

export const catalogPage = defineScenario<State>({
  name: 'catalog-page',
  title: 'Mall catalog page over 10k products: browsing and searching',
  source: 'issue 9 §4',

  async setup(ctx) {
    const shop = await realisticShop(ctx);
    const storeId = shop.stores[0]!.id;
    // Customers of the realistic tenant sign in to the mall with their phone (lib/realistic.ts).
    const bearers = await Promise.all(Array.from({ length: CONNECTIONS }, async (_, i) => {
      const { body } = await call<{ accessToken: string }>(shop.server.url, null, 'POST', '/api/v1/mall/auth/phone', {
        body: { merchantId: shop.tenantId, phone: `139${String(i).padStart(8, '0')}`, code: SANDBOX_SMS_CODE },
      });
      return `Bearer ${body.accessToken}`;
    }));
    const page = (p: number, q?: string) => `${PATH}?storeId=${storeId}&_start=${p * PAGE}&_end=${(p + 1) * PAGE}${q ? `&q=${encodeURIComponent(q)}` : ''}`;
    const count = async (q?: string) => Number((await call(shop.server.url, null, 'GET', page(0, q), { headers: { authorization: bearers[0]! } })).headers.get('x-total-count'));
    const pagesOf = (total: number) => Math.ceil(total / PAGE);

    const all = await count();
    if (all !== shop.skus.length) throw new Error(`the mall lists ${all} products, the tenant has ${shop.skus.length}`);
    const browse = Array.from({ length: pagesOf(all) }, (_, p) => page(p));

    // Every brand and every brand + item pair has the same share of the names (lib/realistic.ts).
    const terms = [
      ...BRANDS.map((brand) => ({ q: brand, expected: shop.skus.length / BRANDS.length })),
      ...BRANDS.map((brand, i) => ({ q: `${brand}${ITEMS[i]}`, expected: shop.skus.length / (BRANDS.length * ITEMS.length) })),
    ];
    const search: string[] = [];
    for (const term of terms) {
      const total = await count(term.q);
      if (total !== term.expected) throw new Error(`searching the mall for "${term.q}" finds ${total} products, not ${term.expected}`);
      for (let p = 0; p < pagesOf(total); p++) search.push(page(p, term.q));
    }
    return {
      shop,
      variants: [
        measured('browse', `(a) browse: pages 1..${browse.length} of ${all}`, shop.server, CONNECTIONS, cycle(browse, bearers)),
        measured('search', `(b) search: ${terms.length} terms, ${search.length} pages`, shop.server, CONNECTIONS, cycle(search, bearers)),
      ],
      pages: { browse: browse.length, search: search.length },
    };
  },

  async run(ctx, { shop, variants, pages }) {
    await measureRounds(ctx, variants);
    const rows = variants.map((v) => medianRow(v, { path: PATH, pageSize: PAGE, pages: pages[v.key] }));
    const goals: GoalCheck[] = rows.map((row) => {
      const p95 = row.latencyMs?.p95 ?? NaN;
      return { name: `${row.variant}: p95 latency`, value: p95, display: `${p95.toFixed(1)} ms`, goal: '< 50 ms', met: p95 < 50, source: 'issue 9' };
    });
    return {
      rows, goals, failures: variants.flatMap((v) => v.failures),
      notes: [`${PATH} as ${CONNECTIONS} signed-in customers of one store, ${PAGE} products a page, over ${shop.skus.length} products.`],
      data: { path: PATH, pageSize: PAGE, connections: CONNECTIONS, products: shop.skus.length, pages },
    };
  },
});
