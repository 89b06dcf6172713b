import type { BenchContext } from './scenario.ts';
import { mapLimit, priceFor, seedShop, stockUp, type SeededShop, type SeedSku } from './seed.ts';
import type { BenchServer } from './server-process.ts';

/**
 * Issue 9's realistic tenant — 10k SKUs, 5k customers, 2 stores — made once per run and shared
 * by the scenarios that need it (large-order, catalog-page). Stores, the cashier and customers
 * go through the API one by one, as the admin app creates them; the 10k products through the
 * product import (POST /api/v1/imports/products, a CSV), as a merchant moving in would, since
 * 10k product creations through the API would take minutes. --quick seeds a few hundred.
 */

/** The realistic tenant lives on the server that loads the bench plugins (large-order enables 3). */
export const REALISTIC_PROFILE = 'checkout-plugins';

export const BRANDS = ['伊利', '蒙牛', '康师傅', '统一', '农夫山泉', '金龙鱼', '清风', '高露洁', '乐事', '达利园'] as const;
export const ITEMS = ['纯牛奶', '酸奶', '方便面', '矿泉水', '饼干', '食用油', '抽纸', '牙膏', '薯片', '面包'] as const;

/** Product i: every brand × item pair has the same share of the catalog, names are unique. */
export function productName(i: number): string {
  return `${BRANDS[i % BRANDS.length]}${ITEMS[Math.floor(i / BRANDS.length) % ITEMS.length]} ${String(i + 1).padStart(5, '0')}`;
}

export interface RealisticShop extends SeededShop {
  server: BenchServer;
  customers: number;
}

export const realisticSize = (quick: boolean) => (quick ? { skus: 200, customers: 20 } : { skus: 10_000, customers: 5_000 });

const STOCK = 10_000_000;
const STORES = 2;

/** The product import's CSV (headers as in the import template). */
function productsCsv(count: number): string {
  const lines = ['商品名称,分类,条码,编码,售价(元),单位'];
  for (let i = 0; i < count; i++) {
    const n = String(i + 1).padStart(7, '0');
    lines.push([productName(i), `日用百货/${ITEMS[Math.floor(i / BRANDS.length) % ITEMS.length]}`, `69${n}0000`.slice(0, 13), `R${n}`, (priceFor(i) / 100).toFixed(2), '件'].join(','));
  }
  return `${lines.join('\n')}\n`;
}

interface ImportJob { id: string; status: string; totalRows: number; createdCount: number; errorCount: number; errors: unknown[] }

async function importProducts(shop: SeededShop, count: number): Promise<void> {
  const form = new FormData();
  form.append('file', new Blob([productsCsv(count)], { type: 'text/csv' }), 'bench-products.csv');
  let job = await shop.admin.upload<ImportJob>('/api/v1/imports/products', form, [202]);
  const deadline = Date.now() + 15 * 60_000;
  while (job.status === 'pending' || job.status === 'running') {
    if (Date.now() > deadline) throw new Error(`the product import ${job.id} is still ${job.status} after 15 minutes`);
    await new Promise((resolve) => setTimeout(resolve, 250));
    job = await shop.admin.get<ImportJob>(`/api/v1/imports/${job.id}`);
  }
  if (job.status !== 'done' || job.createdCount !== count || job.errorCount !== 0) {
    throw new Error(`the product import ended ${job.status}: ${job.createdCount} of ${count} created, ${job.errorCount} refused ${JSON.stringify(job.errors.slice(0, 3))}`);
  }
}

/** Every sellable SKU of the shop, from the till's listing (500 a page, the most it gives). */
async function listSkus(shop: SeededShop, expected: number): Promise<SeedSku[]> {
  const skus: SeedSku[] = [];
  for (let start = 0; start < expected; start += 500) {
    const page = await shop.admin.get<{ id: string; productId: string; priceFen: number }[]>(`/api/v1/skus?_start=${start}&_end=${start + 500}&_sort=id`);
    skus.push(...page.map((s) => ({ id: s.id, productId: s.productId, priceFen: s.priceFen })));
  }
  if (skus.length !== expected) throw new Error(`the shop lists ${skus.length} SKUs, ${expected} were imported`);
  return skus;
}

export function realisticShop(ctx: BenchContext): Promise<RealisticShop> {
  return ctx.once('realistic-shop', async () => {
    const size = realisticSize(ctx.options.quick);
    const server = await ctx.server(REALISTIC_PROFILE);
    const operator = await ctx.operator(server);
    const shop = await seedShop(operator, { name: '压测商户R', key: `${ctx.runTag}-r`, stores: STORES, skus: 0, stockPerSku: STOCK, log: ctx.log });
    let started = Date.now();
    await importProducts(shop, size.skus);
    const skus = await listSkus(shop, size.skus);
    ctx.log(`realistic tenant: imported ${skus.length} products (${Date.now() - started} ms)`);
    started = Date.now();
    for (const store of shop.stores) await stockUp(shop.admin, store.warehouseId, skus, STOCK);
    ctx.log(`realistic tenant: ${STOCK} in stock per SKU in ${shop.stores.length} stores (${Date.now() - started} ms)`);
    started = Date.now();
    await mapLimit(Array.from({ length: size.customers }, (_, i) => i), 8, (i) => shop.admin.post('/api/v1/customers', {
      phone: `139${String(i).padStart(8, '0')}`, name: `会员${i + 1}`, homeStoreId: shop.stores[i % shop.stores.length]!.id,
    }));
    ctx.log(`realistic tenant: ${size.customers} customers (${Date.now() - started} ms)`);
    return { ...shop, skus, server, customers: size.customers };
  });
}
