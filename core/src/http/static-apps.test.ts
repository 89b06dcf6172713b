import t from 'tap';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knexFactory from 'knex';
import { buildApp } from './app.ts';
import { registerStaticApps } from './static-apps.ts';
import type { Database } from '../db/database.ts';
import { testConfig } from '../testing/test-app.ts';

/** A knex that never connects (no request here touches the database), so no PGlite has to start. */
function offlineDatabase(): Database {
  const knex = knexFactory({ client: 'pg' });
  return { knex, kind: 'postgres', close: () => knex.destroy() };
}

// The whole kernel app (its 404 handler and auth hook included) around the static apps.
async function serve(root: string) {
  const db = offlineDatabase();
  const app = await buildApp({ db, config: testConfig(), logger: false });
  const served = await registerStaticApps(app, { root });
  await app.ready();
  return { app, served, close: async () => { await app.close(); await db.close(); } };
}

t.test('a built app is served with a single-page fallback; missing apps say so', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'lingshou-static-'));
  t.teardown(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(join(root, 'admin/dist/assets'), { recursive: true });
  writeFileSync(join(root, 'admin/dist/index.html'), '<!doctype html><title>admin app</title>');
  writeFileSync(join(root, 'admin/dist/assets/app-1a2b.js'), 'console.log(1)');
  const s = await serve(root);
  t.teardown(s.close);
  t.same(s.served, ['/admin'], 'only the built app is served');

  const index = await s.app.inject('/admin/');
  t.equal(index.statusCode, 200);
  t.match(index.body, 'admin app');
  t.equal(index.headers['cache-control'], 'no-cache', 'index.html is never cached');

  const bare = await s.app.inject('/admin');
  t.equal(bare.statusCode, 200, '/admin without the slash is the app too');
  t.equal((await s.app.inject('/admin/index.html')).headers['cache-control'], 'no-cache');

  const asset = await s.app.inject('/admin/assets/app-1a2b.js');
  t.equal(asset.statusCode, 200);
  t.match(String(asset.headers['cache-control']), /immutable/, 'hashed assets are cached for good');

  const deepLink = await s.app.inject('/admin/orders/42');
  t.equal(deepLink.statusCode, 200, 'a client-side route gets the app');
  t.match(deepLink.body, 'admin app');

  const missingAsset = await s.app.inject('/admin/assets/missing.js');
  t.equal(missingAsset.statusCode, 404, 'a missing file is not answered with the app');

  for (const prefix of ['/cashier', '/cashier/pos', '/mall/', '/mall/pages/index']) {
    const res = await s.app.inject(prefix);
    t.equal(res.statusCode, 404, `${prefix} is not built`);
    t.match(res.headers['content-type'], /^text\/html/);
    t.match(res.body, 'not built yet');
  }

  const home = await s.app.inject('/');
  t.equal(home.statusCode, 302);
  t.equal(home.headers.location, '/admin/');

  const api = await s.app.inject('/api/v1/nothing-here');
  t.equal(api.statusCode, 404);
  t.match(api.headers['content-type'], /^application\/problem\+json/, 'the API keeps its own 404');
});
