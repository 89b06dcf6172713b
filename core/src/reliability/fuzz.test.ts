/**
 * Schema-driven fuzzing: for every route with a body or querystring schema, invalid and edge
 * inputs derived from that schema (schema-mutations.ts) must never get a 5xx; an input error
 * is problem+json naming the field; a rejected write leaves every tenant table as it was.
 * Bounded: FUZZ_RUNS cases per route (default 6). A failure prints the seed and the input;
 * FUZZ_SEED=<seed> replays the same run.
 */
import t from 'tap';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { startTestApp } from '../testing/test-app.ts';
import { createShop } from '../testing/shop.ts';
import { enablePlugin, installPlugin } from '../testing/plugins.ts';
import { firstPartyPlugins, loadPluginPackages } from '../kernel/plugins/plugin-loader.ts';
import { readCatalog, tenantTables } from '../db/schema-catalog.ts';
import { apiRoutes, fillPath, type ApiRoute, type Schema } from './route-table.ts';
import { sampleOf } from './schema-samples.ts';
import { mutationsOf, type Mutation } from './schema-mutations.ts';
import { callerFor, customerOf, type Inject } from './callers.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 6);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() % 2 ** 31;

const plugins = await loadPluginPackages(firstPartyPlugins);
// The sandbox stands in for the SMS service the mall's phone sign-in needs.
const h = await startTestApp({ plugins, wechatpaySandbox: true });
t.teardown(h.close);
const shop = await createShop(h, '模糊测试');
for (const plugin of plugins) {
  await installPlugin(h, plugin.id);
  await enablePlugin(shop, plugin.id);
}
const callers = [
  { name: 'merchant admin', inject: shop.api },
  { name: 'mall customer', inject: await customerOf(h, shop) },
  { name: 'platform operator', inject: h.as(h.platformToken) },
];
const tables = tenantTables(await readCatalog(h.db.knex)).filter((table) => table.schema === 'public').map((table) => table.name);

/** A digest of every tenant table's rows (read as the owner, all tenants): any write changes it. */
async function fingerprint(): Promise<string> {
  const parts = tables.map((name) => `select '${name}' as t, md5(coalesce(string_agg(x::text, ',' order by x::text), '')) as d from "${name}" x`);
  const rows = (await h.db.knex.raw(parts.join(' union all '))).rows as { t: string; d: string }[];
  return rows.map((row) => `${row.t}:${row.d}`).join(' ');
}

/** Query values as a till would send them: strings, objects as JSON, nothing for undefined. */
function queryString(value: Record<string, unknown>): string {
  const pairs = Object.entries(value).filter(([, v]) => v !== undefined)
    .map(([k, v]): [string, string] => [k, typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)]);
  return pairs.length ? `?${new URLSearchParams(pairs).toString()}` : '';
}

function send(as: Inject, route: ApiRoute, body: unknown, query: Record<string, unknown>): Promise<LightMyRequestResponse> {
  const url = fillPath(route.path, Object.fromEntries(route.params.map((p) => [p, randomUUID()]))) + queryString(query);
  return as({ method: route.method, url, ...(body === undefined ? {} : { payload: body as object }) });
}

/** What a response to a fuzzed input must be; the reason it is not, or undefined. */
function problemWith(res: LightMyRequestResponse, rejectedWrite: boolean, before: string, after: string): string | undefined {
  if (res.statusCode >= 500) return `answered ${res.statusCode}: ${res.body.slice(0, 300)}`;
  if (res.statusCode < 400) return undefined;
  if (!String(res.headers['content-type']).startsWith('application/problem+json')) return `${res.statusCode} is not problem+json`;
  if (res.statusCode === 400 && typeof res.json().field !== 'string') return `400 names no field: ${res.body.slice(0, 300)}`;
  if (rejectedWrite && before !== after) return `refused with ${res.statusCode} but a tenant table changed`;
  return undefined;
}

/** An input the route's schema cannot accept (a body that is not an object, a query value of the wrong type), or none. */
function invalidProbe(route: ApiRoute, validQuery: Record<string, unknown>): { what: string; body?: unknown; query?: Record<string, unknown> } | undefined {
  if (route.body) return { what: 'a JSON array as the body', body: [] };
  const [name] = Object.entries(route.query?.properties ?? {})
    .find(([, schema]) => ['integer', 'number', 'boolean'].includes(String(schema.type)) || schema.enum || schema.format === 'uuid') ?? [];
  return name ? { what: `${name}=☃ in the query`, query: { ...validQuery, [name]: '☃' } } : undefined;
}

const routes = apiRoutes(h.app).filter((route) => !route.multipart && (route.body || route.query));
const requiredOf = (schema: Schema | undefined) =>
  Object.fromEntries((schema?.required ?? []).map((name) => [name, sampleOf(schema!.properties![name]!)])) as Record<string, unknown>;

t.test('the table has routes to fuzz', async (t) => {
  t.ok(routes.length >= 40, `${routes.length} routes with a body or querystring schema; seed ${SEED}, ${RUNS} cases each`);
});

for (const route of routes) {
  t.test(`${route.method} ${route.path}`, async (t) => {
    const validBody = route.body ? (sampleOf(route.body) as Record<string, unknown>) : undefined;
    const validQuery = requiredOf(route.query);
    const cases: fc.Arbitrary<{ part: 'body' | 'query'; mutation: Mutation }>[] = [];
    const bodyMutations = route.body && mutationsOf(route.body, validBody!);
    if (bodyMutations) cases.push(bodyMutations.map((mutation) => ({ part: 'body' as const, mutation })));
    const queryMutations = route.query && mutationsOf(route.query, validQuery);
    if (queryMutations) cases.push(queryMutations.map((mutation) => ({ part: 'query' as const, mutation })));
    if (cases.length === 0) return t.pass('nothing in its schema to vary');
    const caller = await callerFor(callers, (inject) => send(inject, route, validBody, validQuery));
    if (!caller) return t.fail('no caller is let in: merchant admin, mall customer and platform operator all refused');
    const write = route.method !== 'GET';
    const statuses: number[] = [];
    const result = await fc.check(fc.asyncProperty(fc.oneof(...cases), async ({ part, mutation }) => {
      const before = write ? await fingerprint() : '';
      const res = await send(caller.inject, route, part === 'body' ? mutation.value : validBody, part === 'query' ? mutation.value : validQuery);
      statuses.push(res.statusCode);
      const after = write && res.statusCode >= 400 ? await fingerprint() : before;
      const problem = problemWith(res, write && res.statusCode >= 400, before, after);
      if (problem) throw new Error(`${part}: ${mutation.what} → ${problem}`);
    }), { numRuns: RUNS, seed: SEED, endOnFailure: true });
    t.notOk(result.failed, fc.defaultReportMessage(result) ?? `${result.numRuns} cases as ${caller.name} answered ${[...new Set(statuses)].sort().join(', ')}`);
    // The fuzzer reached the route's validation: an input that cannot be valid is refused with 400.
    const probe = invalidProbe(route, validQuery);
    if (probe) {
      const res = await send(caller.inject, route, probe.body === undefined ? validBody : probe.body, probe.query ?? validQuery);
      t.equal(res.statusCode, 400, `reached: ${probe.what} is refused`, { body: res.body.slice(0, 300) });
    }
  });
}
