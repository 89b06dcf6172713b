import t from 'tap';
import { inTenant } from '../db/tenant-tx.ts';
import { moveStock } from '../stock/stock.service.ts';
import { startTestApp } from '../testing/test-app.ts';
import { createMerchant } from '../testing/merchant.ts';
import { findSkusForSale } from './skus.service.ts';

const specs = [{ name: '颜色', values: ['红', '蓝'] }, { name: '尺码', values: ['S', 'M'] }];

t.test('products with a spec matrix, search, the till lookups and tenant isolation', async (t) => {
  const h = await startTestApp();
  t.teardown(h.close);
  const a = await createMerchant(h, '甲商户');
  const { api } = a;

  const matrix = await api({ method: 'POST', url: '/api/v1/products/sku-matrix', payload: { specs } });
  t.equal(matrix.statusCode, 200, matrix.body);
  t.same(matrix.json().map((r: { specText: string }) => r.specText), ['红 / S', '红 / M', '蓝 / S', '蓝 / M']);
  t.equal(matrix.json()[0].sku, null);

  const skus = matrix.json().map((row: { specValues: Record<string, string> }, i: number) => ({
    specValues: row.specValues, priceFen: 5900 + i, costFen: 2500, barcode: `690000000001${i}`, code: `TX-${i}`,
  }));
  const created = await api({ method: 'POST', url: '/api/v1/products', payload: { name: 'T恤', specs, labels: ['新品'], skus } });
  t.equal(created.statusCode, 201, created.body);
  const tee = created.json();
  t.equal(tee.skus.length, 4);
  t.equal(tee.pinyin, 'tx');
  const redM = tee.skus.find((s: { specText: string }) => s.specText === '红 / M');
  t.equal(redM.priceFen, 5901);
  t.equal(redM.specKey, '尺码:M|颜色:红', 'the key is canonical (sorted by spec name)');

  const again = await api({ method: 'POST', url: '/api/v1/products/sku-matrix', payload: { specs, productId: tee.id } });
  t.equal(again.json()[1].sku.id, redM.id, 'the matrix fills rows the product has');

  const cola = await api({ method: 'POST', url: '/api/v1/products', payload: {
    name: '可口可乐330ml', skus: [{ priceFen: 350, barcode: '6901234567892', code: 'KKKL' }],
  } });
  t.equal(cola.statusCode, 201, cola.body);
  t.equal(cola.json().pinyin, 'kkkl330ml');
  t.same(cola.json().skus[0].specValues, {});

  for (const [q, expected] of [['kkkl', '可口可乐330ml'], ['可乐', '可口可乐330ml'], ['TX-2', 'T恤'], ['6900000000013', 'T恤']] as const) {
    const found = await api({ method: 'GET', url: `/api/v1/products?q=${encodeURIComponent(q)}` });
    t.same(found.json().map((p: { name: string }) => p.name), [expected], `q=${q}`);
    t.equal(found.headers['x-total-count'], '1');
  }
  const listed = (await api({ method: 'GET', url: '/api/v1/products?label=新品' })).json();
  t.same(listed.map((p: { name: string }) => p.name), ['T恤']);
  t.equal(listed[0].priceMinFen, 5900);
  t.equal(listed[0].priceMaxFen, 5903);
  t.equal(listed[0].skuCount, 4);

  const scanned = await api({ method: 'GET', url: '/api/v1/skus/by-code/6901234567892' });
  t.equal(scanned.statusCode, 200, scanned.body);
  t.match(scanned.json(), { name: '可口可乐330ml', priceFen: 350, specText: '', weighed: false, productStatus: 'on_sale' });
  t.equal((await api({ method: 'GET', url: '/api/v1/skus/by-code/TX-1' })).json().specText, '红 / M', 'by SKU code');
  t.equal((await api({ method: 'GET', url: '/api/v1/skus/by-code/0000' })).statusCode, 404);
  const search = await api({ method: 'GET', url: '/api/v1/skus?q=tx' });
  t.equal(search.headers['x-total-count'], '4');
  t.same(Object.keys(search.json()[0]).sort(), [
    'active', 'barcode', 'code', 'id', 'imageUrl', 'name', 'priceFen', 'productId', 'productStatus', 'specText', 'unit', 'weighed',
  ]);

  const colaSkuId = cola.json().skus[0].id as string;
  const chosen = await api({ method: 'GET', url: `/api/v1/skus?id=${redM.id}&id=${colaSkuId}&_sort=id` });
  t.same(chosen.json().map((sku: { id: string }) => sku.id).sort(), [redM.id, colaSkuId].sort(), 'id=…&id=… reads just those SKUs');
  t.equal(chosen.headers['x-total-count'], '2');
  t.same((await api({ method: 'GET', url: `/api/v1/skus?id=${redM.id}&q=kkkl` })).json(), [], 'with q, both must match');
  t.equal((await api({ method: 'GET', url: `/api/v1/skus?id=${redM.id}` })).json().length, 1, 'one id alone is a list of one');
  const badId = await api({ method: 'GET', url: '/api/v1/skus?id=nope' });
  t.equal(badId.statusCode, 400);
  t.equal(badId.json().field, 'id.0');

  const forSale = await inTenant(h.db.knex, a.tenantId, (trx) => findSkusForSale(trx, [redM.id, cola.json().skus[0].id]));
  t.match(forSale.get(redM.id), { skuId: redM.id, productId: tee.id, name: 'T恤', specText: '红 / M', priceFen: 5901, active: true, productStatus: 'on_sale' });
  t.equal(forSale.size, 2);

  const b = await createMerchant(h, '乙商户');
  t.equal((await b.api({ method: 'GET', url: `/api/v1/products/${tee.id}` })).statusCode, 404, 'B cannot read A\'s product');
  t.equal((await b.api({ method: 'PATCH', url: `/api/v1/products/${tee.id}`, payload: { name: 'x' } })).statusCode, 404);
  const bList = await b.api({ method: 'GET', url: '/api/v1/products' });
  t.same(bList.json(), []);
  t.equal(bList.headers['x-total-count'], '0');
  t.equal((await b.api({ method: 'GET', url: '/api/v1/skus/by-code/6901234567892' })).statusCode, 404);
  t.equal((await inTenant(h.db.knex, b.tenantId, (trx) => findSkusForSale(trx, [redM.id]))).size, 0);
  const bSame = await b.api({ method: 'POST', url: '/api/v1/products', payload: { name: '可乐', skus: [{ priceFen: 300, barcode: '6901234567892' }] } });
  t.equal(bSame.statusCode, 201, 'barcodes are unique per tenant, not globally');
});

t.test('bad SKUs are refused with the field named and nothing written', async (t) => {
  const h = await startTestApp();
  t.teardown(h.close);
  const { api } = await createMerchant(h, '甲商户');
  const count = async () => Number((await h.db.knex('skus').count({ n: '*' }).first())!.n);

  const mismatch = await api({ method: 'POST', url: '/api/v1/products', payload: { name: 'T恤', specs, skus: [
    { specValues: { 颜色: '红', 尺码: 'S' }, priceFen: 100 },
    { specValues: { 颜色: '红', 尺码: 'M' }, priceFen: 100 },
    { specValues: { 颜色: '红' }, priceFen: 100 },
  ] } });
  t.equal(mismatch.statusCode, 400);
  t.equal(mismatch.json().code, 'LS_CATALOG_SPEC_MISMATCH');
  t.equal(mismatch.json().field, 'skus.2.specValues');
  t.equal(Number((await h.db.knex('products').count({ n: '*' }).first())!.n), 0, 'no product written');

  const twoSingle = await api({ method: 'POST', url: '/api/v1/products', payload: { name: '水', skus: [{ priceFen: 1 }, { priceFen: 2 }] } });
  t.equal(twoSingle.json().field, 'skus');
  const badPrice = await api({ method: 'POST', url: '/api/v1/products', payload: { name: '水', skus: [{ priceFen: 1.5 }] } });
  t.equal(badPrice.statusCode, 400);
  t.equal(badPrice.json().field, 'skus.0.priceFen');

  const first = await api({ method: 'POST', url: '/api/v1/products', payload: { name: '水', skus: [{ priceFen: 200, barcode: '6900000000001' }] } });
  t.equal(first.statusCode, 201, first.body);
  const taken = await api({ method: 'POST', url: '/api/v1/products', payload: { name: 'T恤', specs, skus: [
    { specValues: { 颜色: '红', 尺码: 'S' }, priceFen: 100, barcode: '6900000000002' },
    { specValues: { 颜色: '蓝', 尺码: 'S' }, priceFen: 100, barcode: '6900000000001' },
  ] } });
  t.equal(taken.statusCode, 409);
  t.equal(taken.json().code, 'LS_CATALOG_BARCODE_TAKEN');
  t.equal(taken.json().field, 'skus.1.barcode');
  t.equal(taken.json().productId, first.json().id);
  const dupInRequest = await api({ method: 'POST', url: '/api/v1/products', payload: { name: 'T恤', specs, skus: [
    { specValues: { 颜色: '红', 尺码: 'S' }, priceFen: 100, barcode: '6900000000009' },
    { specValues: { 颜色: '蓝', 尺码: 'S' }, priceFen: 100, barcode: '6900000000009' },
  ] } });
  t.equal(dupInRequest.json().field, 'skus.1.barcode');
  t.equal(await count(), 1, 'only the first product\'s SKU exists');
});

t.test('updating SKUs: change, add, and remove (deleted if unused, else deactivated); stock per warehouse', async (t) => {
  const h = await startTestApp();
  t.teardown(h.close);
  const a = await createMerchant(h, '甲商户');
  const { api } = a;
  const store = (await api({ method: 'POST', url: '/api/v1/stores', payload: { code: '01', name: '西湖店' } })).json();
  const warehouse = await h.db.knex('warehouses').where({ store_id: store.id }).first();

  const oneSpec = [{ name: '颜色', values: ['红', '蓝'] }];
  const created = (await api({ method: 'POST', url: '/api/v1/products', payload: { name: '杯子', specs: oneSpec, skus: [
    { specValues: { 颜色: '红' }, priceFen: 1000, barcode: '100' },
    { specValues: { 颜色: '蓝' }, priceFen: 1000, barcode: '200' },
  ] } })).json();
  const [red, blue] = created.skus;
  await inTenant(h.db.knex, a.tenantId, (trx) => moveStock(trx, a.tenantId, {
    warehouseId: warehouse.id, skuId: red.id, delta: 7, type: 'initial', sourceKey: 'test:1',
  }));

  const withStock = (await api({ method: 'GET', url: `/api/v1/products/${created.id}?withStock=true` })).json();
  t.same(withStock.skus[0].stock, [{ warehouseId: warehouse.id, warehouseName: warehouse.name, storeId: store.id, onHand: 7 }]);
  t.same(withStock.skus[1].stock, []);
  t.notOk('stock' in (await api({ method: 'GET', url: `/api/v1/products/${created.id}` })).json().skus[0], 'stock only when asked');

  // Leave out 蓝 (never used, so deleted), give 红 蓝's barcode, and add 绿 with 红's old one.
  const specs2 = [{ name: '颜色', values: ['红', '绿'] }];
  const swapped = await api({ method: 'PATCH', url: `/api/v1/products/${created.id}`, payload: { specs: specs2, skus: [
    { id: red.id, specValues: { 颜色: '红' }, priceFen: 1200, barcode: '200' },
    { specValues: { 颜色: '绿' }, priceFen: 1100, barcode: '100' },
  ] } });
  t.equal(swapped.statusCode, 200, swapped.body);
  t.same(swapped.json().skus.map((s: { specText: string; barcode: string; active: boolean }) => [s.specText, s.barcode, s.active]),
    [['红', '200', true], ['绿', '100', true]]);
  t.notOk(await h.db.knex('skus').where({ id: blue.id }).first(), 'the unused SKU is gone');

  // Leave out 红, which has stock movements: it stays, inactive.
  const dropped = await api({ method: 'PATCH', url: `/api/v1/products/${created.id}`, payload: { skus: [
    { specValues: { 颜色: '绿' }, priceFen: 1100, barcode: '100' },
  ] } });
  t.equal(dropped.statusCode, 200, dropped.body);
  const redAfter = dropped.json().skus.find((s: { id: string }) => s.id === red.id);
  t.equal(redAfter.active, false, 'a SKU with history is deactivated, not deleted');
  t.equal((await api({ method: 'GET', url: '/api/v1/skus/by-code/200' })).statusCode, 404, 'inactive SKUs do not scan');
  const sale = await inTenant(h.db.knex, a.tenantId, (trx) => findSkusForSale(trx, [red.id]));
  t.equal(sale.get(red.id)?.active, false, 'orders still see it, as inactive');

  // Adding 红 back by its specs reactivates the same SKU.
  const back = await api({ method: 'PATCH', url: `/api/v1/products/${created.id}`, payload: { skus: [
    { specValues: { 颜色: '绿' }, priceFen: 1100, barcode: '100' },
    { specValues: { 颜色: '红' }, priceFen: 1300, barcode: '200' },
  ] } });
  t.equal(back.json().skus.find((s: { id: string }) => s.id === red.id).active, true);

  const misfit = await api({ method: 'PATCH', url: `/api/v1/products/${created.id}`, payload: { specs: [{ name: '尺码', values: ['S'] }] } });
  t.equal(misfit.statusCode, 400);
  t.equal(misfit.json().field, 'skus');
  const foreignSku = await api({ method: 'PATCH', url: `/api/v1/products/${created.id}`, payload: { skus: [
    { id: '0190a1b2-0000-7000-8000-000000000000', specValues: { 颜色: '绿' }, priceFen: 1 },
  ] } });
  t.equal(foreignSku.statusCode, 404);
  t.equal(foreignSku.json().field, 'skus.0.id');

  const scale = await api({ method: 'POST', url: '/api/v1/products', payload: { name: '苹果', weighed: true, status: 'off_sale', skus: [{ priceFen: 1280 }] } });
  t.equal(scale.json().unit, '千克', 'weighed goods default to kilograms');
  t.same((await api({ method: 'GET', url: '/api/v1/products?weighed=true' })).json().map((p: { name: string }) => p.name), ['苹果']);
  t.same((await api({ method: 'GET', url: '/api/v1/products?status=off_sale' })).json().map((p: { name: string }) => p.name), ['苹果']);
  t.equal((await api({ method: 'GET', url: '/api/v1/skus?q=pg' })).headers['x-total-count'], '0', 'off-sale goods are not offered at the till');
});

t.test('products.has_active_sku follows the SKUs, whoever writes them (the mall lists by it)', async (t) => {
  const h = await startTestApp();
  t.teardown(h.close);
  const a = await createMerchant(h, '甲商户');
  const create = async (name: string) => (await a.api({ method: 'POST', url: '/api/v1/products', payload: { name, skus: [{ priceFen: 1000 }] } })).json() as { id: string; skus: { id: string }[] };
  const cup = await create('杯子');
  const plate = await create('碟子');
  const inShop = <T>(work: Parameters<typeof inTenant<T>>[2]) => inTenant(h.db.knex, a.tenantId, work);
  const flags = async () => Object.fromEntries((await inShop((trx) => trx('products').whereIn('id', [cup.id, plate.id]).select('name', 'has_active_sku')))
    .map((row: { name: string; has_active_sku: boolean }) => [row.name, row.has_active_sku]));
  t.same(await flags(), { 杯子: true, 碟子: true }, 'created with an active SKU');

  await inShop((trx) => trx('skus').where({ product_id: cup.id }).update({ active: false }));
  t.same(await flags(), { 杯子: false, 碟子: true }, 'its only SKU deactivated');
  await inShop((trx) => trx('skus').where({ product_id: cup.id }).update({ active: true }));
  t.same(await flags(), { 杯子: true, 碟子: true }, 'and active again');

  await inShop((trx) => trx('skus').where({ product_id: plate.id }).delete());
  t.same(await flags(), { 杯子: true, 碟子: false }, 'its only SKU deleted');
  await inShop((trx) => trx('skus').where({ id: cup.skus[0]!.id }).update({ product_id: plate.id }));
  t.same(await flags(), { 杯子: false, 碟子: true }, 'a SKU moved: both products recounted');
});
