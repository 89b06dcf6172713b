import t from 'tap';
import { startTestApp } from '../testing/test-app.ts';
import { addStaff, addStore, createMerchant } from '../testing/merchant.ts';

interface Warehouse { id: string; storeId: string | null; name: string; kind: string }

t.test('warehouses: store-bound staff see their stores’ and the central ones', async (t) => {
  const h = await startTestApp();
  t.teardown(h.close);
  const a = await createMerchant(h, '甲商户');
  const [store1, store2] = [await addStore(a, '01', '一号店'), await addStore(a, '02', '二号店')];

  const central = await a.api({ method: 'POST', url: '/api/v1/warehouses', payload: { name: '中心仓' } });
  t.equal(central.statusCode, 201, central.body);
  t.match(central.json(), { storeId: null, kind: 'merchant', isDefault: false });
  const all = (await a.api({ method: 'GET', url: '/api/v1/warehouses' })).json() as Warehouse[];
  t.equal(all.length, 3, 'each store’s own warehouse plus the central one');
  const store2Warehouse = all.find((w) => w.storeId === store2)!;

  const cashier = await addStaff(h, a, 'cashier', [store1]);
  const seen = await cashier.api({ method: 'GET', url: '/api/v1/warehouses' });
  t.equal(seen.headers['x-total-count'], '2');
  t.same((seen.json() as Warehouse[]).map((w) => w.storeId).sort(), [null, store1].sort());
  const foreign = await cashier.api({ method: 'GET', url: `/api/v1/warehouses/${store2Warehouse.id}` });
  t.equal(foreign.statusCode, 404, 'another store’s warehouse does not exist for a bound cashier');
  t.equal((await cashier.api({ method: 'GET', url: `/api/v1/warehouses/${central.json().id}` })).statusCode, 200);
  t.equal((await cashier.api({ method: 'GET', url: `/api/v1/warehouses?storeId=${store2}` })).statusCode, 404);
  t.equal((await cashier.api({ method: 'POST', url: '/api/v1/warehouses', payload: { name: '私仓', storeId: store1 } })).statusCode, 403,
    'a cashier has no stock.write');

  const manager = await addStaff(h, a, 'store_manager', [store1]);
  const back = await manager.api({ method: 'POST', url: '/api/v1/warehouses', payload: { name: '一号店后仓', storeId: store1 } });
  t.equal(back.statusCode, 201, back.body);
  t.equal(back.json().kind, 'store');
  const centralByManager = await manager.api({ method: 'POST', url: '/api/v1/warehouses', payload: { name: '第二中心仓' } });
  t.equal(centralByManager.statusCode, 403);
  const inStore2 = await manager.api({ method: 'POST', url: '/api/v1/warehouses', payload: { name: '越界仓', storeId: store2 } });
  t.equal(inStore2.statusCode, 404);
  t.equal(inStore2.json().field, 'storeId');
  t.equal((await manager.api({ method: 'PATCH', url: `/api/v1/warehouses/${back.json().id}`, payload: { name: '后仓' } })).json().name, '后仓');
  t.equal((await manager.api({ method: 'PATCH', url: `/api/v1/warehouses/${central.json().id}`, payload: { name: '改名' } })).statusCode, 403,
    'the central warehouse is visible but not theirs to change');
  t.equal((await manager.api({ method: 'PATCH', url: `/api/v1/warehouses/${store2Warehouse.id}`, payload: { name: '改名' } })).statusCode, 404);

  const blank = await a.api({ method: 'POST', url: '/api/v1/warehouses', payload: { name: '' } });
  t.equal(blank.statusCode, 400);
  t.equal(blank.json().field, 'name');
});

t.test('warehouses of another merchant are not found', async (t) => {
  const h = await startTestApp();
  t.teardown(h.close);
  const a = await createMerchant(h, '甲商户');
  const b = await createMerchant(h, '乙商户');
  const aStore = await addStore(a, '01');
  const aCentral = (await a.api({ method: 'POST', url: '/api/v1/warehouses', payload: { name: '甲中心仓' } })).json() as Warehouse;

  t.equal((await b.api({ method: 'GET', url: `/api/v1/warehouses/${aCentral.id}` })).statusCode, 404);
  t.equal((await b.api({ method: 'PATCH', url: `/api/v1/warehouses/${aCentral.id}`, payload: { name: '偷改' } })).statusCode, 404);
  const intoA = await b.api({ method: 'POST', url: '/api/v1/warehouses', payload: { name: '越界', storeId: aStore } });
  t.equal(intoA.statusCode, 404);
  t.equal(intoA.json().field, 'storeId');
  t.equal((await b.api({ method: 'GET', url: '/api/v1/warehouses' })).json().length, 0, 'B never lists A’s warehouses');
});
