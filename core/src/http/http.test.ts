/**
 * What every route shares: problem+json errors, bearer auth, schema validation naming the
 * field, the login rate limit, the OpenAPI document, and the declarations each route must make.
 */
import t from 'tap';
import type { FastifyInstance, RouteShorthandOptions } from 'fastify';
import knexFactory from 'knex';
import { buildApp } from './app.ts';
import type { Database } from '../db/database.ts';
import { startTestApp, testConfig, TEST_PASSWORD, type TestApp } from '../testing/test-app.ts';

/** A knex that never connects (no request here touches the database), so no PGlite has to start. */
function offlineDatabase(): Database {
  const knex = knexFactory({ client: 'pg' });
  return { knex, kind: 'postgres', close: () => knex.destroy() };
}

/** A merchant whose admin is signed in and owns one store. */
async function withMerchant(h: TestApp): Promise<{ api: ReturnType<TestApp['as']>; storeId: string }> {
  const made = await h.as(h.platformToken)({ method: 'POST', url: '/api/v1/platform/merchants', payload: {
    name: '校验商户', admin: { username: 'check-admin', password: TEST_PASSWORD, name: '管理员' },
  } });
  if (made.statusCode !== 201) throw new Error(made.body);
  const api = h.as(await h.login('check-admin'));
  const store = await api({ method: 'POST', url: '/api/v1/stores', payload: { code: 'S1', name: '一号店' } });
  if (store.statusCode !== 201) throw new Error(store.body);
  return { api, storeId: store.json().id };
}

// One kernel app for the tests below: each uses its own accounts, and the rate-limit test its own addresses.
const h = await startTestApp();
t.teardown(h.close);

/** The kernel app, still open for routes, for tests that add their own. */
async function bareApp(): Promise<{ app: FastifyInstance; close: () => Promise<void> }> {
  const db = offlineDatabase();
  const app = await buildApp({ db, config: testConfig(), logger: false });
  return { app, close: async () => { await app.close(); await db.close(); } };
}

t.test('an unknown route is a 404 problem', async (t) => {
  for (const url of ['/api/v1/no-such-thing', '/nowhere']) {
    const res = await h.app.inject({ method: 'GET', url, headers: { 'x-request-id': 'req-42' } });
    t.equal(res.statusCode, 404, url);
    t.match(res.headers['content-type'], /^application\/problem\+json/);
    t.match(res.json(), { status: 404, code: 'LS_RESOURCE_NOT_FOUND', type: /LS_RESOURCE_NOT_FOUND$/, instance: url, requestId: 'req-42' });
  }
});

t.test('bearer tokens: missing → LS_AUTH_REQUIRED, bad → LS_AUTH_TOKEN_INVALID', async (t) => {
  const me = (authorization?: string) =>
    h.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: authorization ? { authorization } : {} });
  for (const [authorization, code] of [
    [undefined, 'LS_AUTH_REQUIRED'],
    [`Basic ${Buffer.from('operator:x').toString('base64')}`, 'LS_AUTH_REQUIRED'],
    ['Bearer garbage', 'LS_AUTH_TOKEN_INVALID'],
    ['Bearer eyJhbGciOiJIUzI1NiJ9.eyJhY2NvdW50SWQiOiJ4In0.c2lnbmF0dXJl', 'LS_AUTH_TOKEN_INVALID'],
    [`Bearer ${h.app.jwt.sign({ accountId: 'x', kind: 'platform', exp: Math.floor(Date.now() / 1000) - 60 })}`, 'LS_AUTH_TOKEN_INVALID'],
  ] as const) {
    const res = await me(authorization);
    t.equal(res.statusCode, 401, `${authorization?.slice(0, 20) ?? 'no header'} → 401`);
    t.match(res.headers['content-type'], /^application\/problem\+json/);
    t.equal(res.json().code, code);
  }
  const ok = await me(`Bearer ${h.platformToken}`);
  t.equal(ok.statusCode, 200, 'a good token passes');
});

t.test('bad input is a 400 naming the field, and writes nothing', async (t) => {
  const m = await withMerchant(h);
  const storeCount = async () => Number((await h.db.knex('stores').count({ n: '*' }).first())?.n);
  const before = await storeCount();
  const cases = [
    { what: 'wrong type', method: 'POST', url: '/api/v1/stores', payload: { code: 'S2', name: 123 }, field: 'name' },
    { what: 'missing field', method: 'POST', url: '/api/v1/stores', payload: { name: '二号店' }, field: 'code' },
    { what: 'unknown field', method: 'POST', url: '/api/v1/stores', payload: { code: 'S2', name: '二号店', owner: 'x' }, field: 'owner' },
    { what: 'oversize string', method: 'POST', url: '/api/v1/stores', payload: { code: 'S2', name: '店'.repeat(61) }, field: 'name' },
    { what: 'string where a boolean belongs', method: 'POST', url: '/api/v1/stores', payload: { code: 'S2', name: '二号店', franchise: 'true' }, field: 'franchise' },
    { what: 'negative money', method: 'PATCH', url: `/api/v1/stores/${m.storeId}/settings`, payload: { delivery: { sameCity: { feeFen: -1 } } }, field: 'delivery.sameCity.feeFen' },
    { what: 'fractional money', method: 'PATCH', url: `/api/v1/stores/${m.storeId}/settings`, payload: { delivery: { express: { feeFen: 1.5 } } }, field: 'delivery.express.feeFen' },
    { what: 'money as a string', method: 'PATCH', url: `/api/v1/stores/${m.storeId}/settings`, payload: { passwordFreeMemberPayment: { limitFen: '100' } }, field: 'passwordFreeMemberPayment.limitFen' },
    { what: 'bad query value', method: 'GET', url: '/api/v1/stores?_start=abc', field: '_start' },
    { what: 'unknown sort field', method: 'GET', url: '/api/v1/stores?_sort=password', field: '_sort' },
    { what: 'malformed id', method: 'GET', url: '/api/v1/stores/not-a-uuid', field: 'id' },
  ] as const;
  for (const c of cases) {
    const res = await m.api({ method: c.method, url: c.url, ...('payload' in c ? { payload: c.payload } : {}) });
    t.equal(res.statusCode, 400, `${c.what}: 400`);
    t.match(res.headers['content-type'], /^application\/problem\+json/);
    t.match(res.json(), { code: 'LS_INPUT_INVALID', field: c.field }, `${c.what}: names ${c.field}`);
  }
  const broken = await m.api({ method: 'POST', url: '/api/v1/stores', headers: { 'content-type': 'application/json' }, payload: '{"code": "S2",' });
  t.equal(broken.statusCode, 400, 'malformed JSON: 400');
  t.equal(broken.json().code, 'LS_INPUT_INVALID');

  t.equal(await storeCount(), before, 'no store was created');
  const settings = await m.api({ method: 'GET', url: `/api/v1/stores/${m.storeId}/settings` });
  t.match(settings.json(), { delivery: { sameCity: { feeFen: 500 }, express: { feeFen: 1000 } }, passwordFreeMemberPayment: { limitFen: 20000 } },
    'the settings kept their values');
});

t.test('login is rate limited per username and address', async (t) => {
  const attempt = (username: string, password = 'wrong-password', remoteAddress = '10.1.1.1') =>
    h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password }, remoteAddress });
  for (let i = 1; i <= 10; i++) {
    const res = await attempt('operator');
    if (res.statusCode !== 401) t.fail(`attempt ${i} answered ${res.statusCode}`);
  }
  const eleventh = await attempt('operator', TEST_PASSWORD);
  t.equal(eleventh.statusCode, 429, 'the 11th attempt within a minute is refused, even with the right password');
  t.match(eleventh.headers['content-type'], /^application\/problem\+json/);
  t.equal(eleventh.json().code, 'LS_AUTH_RATE_LIMITED');
  t.ok(eleventh.headers['retry-after'], 'and says when to retry');
  t.equal((await attempt('someone-else')).statusCode, 401, 'another username from the same address is not limited');
  t.equal((await attempt('operator', TEST_PASSWORD, '10.2.2.2')).statusCode, 200, 'the same username from another address is not limited');
});

t.test('the OpenAPI document describes every /api/v1 operation with a success response', async (t) => {
  const res = await h.app.inject({ method: 'GET', url: '/api/docs/json' });
  t.equal(res.statusCode, 200);
  const doc = res.json() as { openapi: string; paths: Record<string, Record<string, { responses?: Record<string, unknown> }>> };
  t.match(doc.openapi, /^3\./);
  t.ok(doc.paths['/api/v1/health']?.get, 'lists GET /api/v1/health');
  t.ok(doc.paths['/api/v1/auth/login']?.post, 'lists POST /api/v1/auth/login');
  const operations = Object.entries(doc.paths)
    .filter(([path]) => path.startsWith('/api/v1/'))
    .flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, op })));
  t.ok(operations.length > 10, `${operations.length} operations`);
  for (const { name, op } of operations) {
    const success = Object.keys(op.responses ?? {}).filter((status) => /^2/.test(status));
    t.ok(success.length > 0, `${name} declares a success response`);
  }
  const ui = await h.app.inject({ method: 'GET', url: '/api/docs' });
  t.ok([200, 302].includes(ui.statusCode), 'the UI is served at /api/docs');
});

t.test('a route must declare auth, a schema and a success response, or the app refuses it', async (t) => {
  const handler = async () => ({});
  const attempts: { why: string; opts: RouteShorthandOptions }[] = [
    { why: 'no config.auth', opts: { schema: { response: { 200: { type: 'object' } } } } },
    { why: 'no schema', opts: { config: { auth: 'public' } } },
    { why: 'no response schema', opts: { config: { auth: 'public' }, schema: { querystring: { type: 'object' } } } },
    { why: 'errors only', opts: { config: { auth: 'public' }, schema: { response: { 400: { type: 'object' } } } } },
  ];
  for (const { why, opts } of attempts) {
    const b = await bareApp();
    t.throws(() => b.app.get('/api/v1/undeclared', opts, handler), /must declare/, why);
    await b.close();
  }
  // The kernel app builds, so every route it registered passed the same check.
  const b = await bareApp();
  t.teardown(b.close);
  b.app.get('/api/v1/declared', { config: { auth: 'public' }, schema: { response: { 204: { type: 'null' } } } }, handler);
  await b.app.ready();
  t.pass('a declared route is accepted');
});

t.test('an unexpected failure is a 500 that reveals nothing', async (t) => {
  const b = await bareApp();
  t.teardown(b.close);
  b.app.get('/api/v1/boom', { config: { auth: 'public' }, schema: { response: { 200: { type: 'object' } } } }, async () => {
    throw new Error('connection string postgres://secret@db');
  });
  const res = await b.app.inject('/api/v1/boom');
  t.equal(res.statusCode, 500);
  t.match(res.json(), { code: 'LS_INTERNAL', title: 'Something went wrong on our side' });
  t.notMatch(res.body, /secret/, 'the cause stays in the log');
});

t.test('a list page past the end is empty, with the total still counted', async (t) => {
  const res = await h.as(h.platformToken)({ method: 'GET', url: '/api/v1/platform/partners?_start=90000&_end=90010' });
  t.equal(res.statusCode, 200, res.body);
  t.same(res.json(), []);
  t.equal(res.headers['x-total-count'], String((await h.db.knex('partners').count({ n: '*' }).first())!.n));
});
