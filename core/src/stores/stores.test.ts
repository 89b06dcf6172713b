import t from 'tap';
import { startTestApp, TEST_PASSWORD } from '../testing/test-app.ts';

t.test('a merchant admin creates a store and changes its settings', async (t) => {
  const h = await startTestApp();
  t.teardown(h.close);
  await h.as(h.platformToken)({ method: 'POST', url: '/api/v1/platform/merchants', payload: {
    name: '甲商户', admin: { username: 'a-admin', password: TEST_PASSWORD, name: '甲' },
  } });
  const api = h.as(await h.login('a-admin'));
  const created = await api({ method: 'POST', url: '/api/v1/stores', payload: { code: '01', name: '西湖店' } });
  t.equal(created.statusCode, 201, created.body);
  const store = created.json();

  const settings = await api({ method: 'GET', url: `/api/v1/stores/${store.id}/settings` });
  t.equal(settings.json().defaultRounding, 'none', 'defaults fill a new store');
  t.equal(settings.json().returnWindows.offlineDays, 7);

  const patched = await api({ method: 'PATCH', url: `/api/v1/stores/${store.id}/settings`, payload: {
    defaultRounding: 'drop_jiao', delivery: { sameCity: { enabled: true } }, zeroStockSale: true,
  } });
  t.equal(patched.statusCode, 200, patched.body);
  t.equal(patched.json().defaultRounding, 'drop_jiao');
  t.equal(patched.json().delivery.sameCity.enabled, true);
  t.equal(patched.json().delivery.sameCity.feeFen, 500, 'a nested patch keeps its siblings');
  t.equal(patched.json().delivery.pickup, true);
  const warehouse = await h.db.knex('warehouses').where({ store_id: store.id }).first();
  t.equal(warehouse.allow_negative, true, 'zero-stock sale reaches the stock guard');

  const bad = await api({ method: 'PATCH', url: `/api/v1/stores/${store.id}/settings`, payload: { defaultRounding: 'round_yuan' } });
  t.equal(bad.statusCode, 400);
  t.equal(bad.json().field, 'defaultRounding');

  const dup = await api({ method: 'POST', url: '/api/v1/stores', payload: { code: '01', name: '另一个' } });
  t.equal(dup.statusCode, 409);
  t.equal(dup.json().field, 'code');
});
