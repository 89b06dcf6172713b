import t from 'tap';
import { startTestApp } from '../testing/test-app.ts';
import { createShop } from '../testing/shop.ts';
import { inTenant } from '../db/tenant-tx.ts';
import { defaultWarehouseOf } from '../stock/warehouses.service.ts';
import { DEMO_SMS_CODE } from './mall-entry.service.ts';

/** A budget wide enough for a loaded CI machine, far below what a per-product query loop would take. */
const PAGE_BUDGET_MS = 1500;

t.test('10k SKUs: a page of the listing, a category and a search stay one quick query', async (t) => {
  const h = await startTestApp({ wechatpaySandbox: true });
  t.teardown(h.close);
  const shop = await createShop(h);
  const [store1] = shop.storeIds;
  // 2,000 products × 5 SKUs with stock, written in bulk (the catalog service would take minutes).
  const categoryId = await inTenant(h.db.knex, shop.tenantId, async (trx) => {
    const warehouse = await defaultWarehouseOf(trx, store1);
    const category = await trx('categories').insert({ tenant_id: shop.tenantId, id: trx.raw('gen_random_uuid()'), name: '批量' }).returning('id');
    await trx.raw(`insert into products (tenant_id, id, category_id, name, pinyin, labels, created_at)
      select ?, gen_random_uuid(), case when n % 10 = 0 then ?::uuid end, '商品' || n, 'sp' || n, case when n % 50 = 0 then '{促销}'::text[] else '{}' end,
        now() - n * interval '1 minute'
      from generate_series(1, 2000) n`, [shop.tenantId, category[0]!.id]);
    await trx.raw(`insert into skus (tenant_id, id, product_id, spec_key, price_fen)
      select p.tenant_id, gen_random_uuid(), p.id, 'k' || k, 100 + k from products p, generate_series(1, 5) k where p.name like '商品%'`);
    await trx.raw(`insert into stock_levels (tenant_id, warehouse_id, sku_id, on_hand)
      select s.tenant_id, ?, s.id, 10 from skus s where s.spec_key like 'k%'`, [warehouse.id]);
    await trx.raw('analyze products, skus, stock_levels');
    return category[0]!.id as string;
  });
  const login = await h.app.inject({ method: 'POST', url: '/api/v1/mall/auth/phone', payload: { merchantId: shop.tenantId, phone: '13800000099', code: DEMO_SMS_CODE } });
  const customer = h.as(login.json().accessToken as string);

  const timed = async (url: string) => {
    const started = performance.now();
    const res = await customer({ method: 'GET', url });
    return { res, ms: performance.now() - started };
  };
  await timed(`/api/v1/mall/products?storeId=${store1}`);
  for (const [what, url, total] of [
    ['a deep page', `/api/v1/mall/products?storeId=${store1}&_start=1900&_end=1920`, '2004'],
    ['by price', `/api/v1/mall/products?storeId=${store1}&_sort=price&_order=desc&_end=20`, '2004'],
    ['a category', `/api/v1/mall/products?storeId=${store1}&categoryId=${categoryId}`, '200'],
    ['a label', `/api/v1/mall/products?storeId=${store1}&label=促销`, '40'],
    ['a search', `/api/v1/mall/products?storeId=${store1}&q=sp199`, '11'],
  ] as const) {
    const { res, ms } = await timed(url);
    t.equal(res.statusCode, 200, res.body);
    t.equal(res.headers['x-total-count'], total, `${what}: the total`);
    t.ok(ms < PAGE_BUDGET_MS, `${what}: ${ms.toFixed(0)} ms`);
  }
  const first = (await customer({ method: 'GET', url: `/api/v1/mall/products?storeId=${store1}&_end=1&label=促销` })).json()[0];
  t.match(first, { stock: 50, minPriceFen: 101, maxPriceFen: 105 }, 'five SKUs, ten each');
});
