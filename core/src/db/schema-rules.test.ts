/**
 * The data rules, checked against the migrated database itself (core/src/db/schema-catalog.ts):
 * a new table (kernel or plugin) that breaks one fails here, whatever helper it was made with.
 */
import t from 'tap';
import { createTestDatabase } from '../testing/test-db.ts';
import { checkRules, label, readCatalog, RULES, tenantTables, type Rule } from './schema-catalog.ts';

t.test('the migrated schema follows the data rules', async (t) => {
  const db = await createTestDatabase();
  t.teardown(() => db.close());
  const catalog = await readCatalog(db.knex);
  const tenant = tenantTables(catalog);
  t.ok(tenant.length >= 10, `the walk found the tenant tables (${tenant.length}: ${tenant.map(label).join(', ')})`);
  t.ok(catalog.constraints.some((c) => c.type === 'f'), 'and their foreign keys');
  t.ok(catalog.policies.length >= tenant.length, 'and their policies');
  const violations = checkRules(catalog);
  for (const rule of Object.keys(RULES) as Rule[]) t.strictSame(violations[rule], [], RULES[rule]);
});

t.test('the checker catches each kind of violation', async (t) => {
  const db = await createTestDatabase();
  t.teardown(() => db.close());
  const rollback = new Error('rollback');
  // Built inside a transaction that is rolled back: the database is left as migrated.
  await db.knex.transaction(async (trx) => {
    await trx.raw(`create table zz_parent (tenant_id uuid not null, id uuid not null unique, primary key (tenant_id, id))`);
    await trx.raw(`create table zz_bad (
      id uuid primary key, tenant_id uuid not null, code text unique, parent_id uuid references zz_parent (id),
      price_fen integer, seen_at timestamp)`);
    await trx.raw(`create unique index zz_bad_code_lower on zz_bad (lower(code))`);
    await trx.raw(`alter table zz_parent enable row level security`);
    await trx.raw(`create policy open_door on zz_parent using (true)`);
    await trx.raw(`create table zz_unlisted (id uuid primary key)`);
    await trx.raw(`create table zz_per_row (tenant_id uuid not null, id uuid not null, primary key (tenant_id, id))`);
    await trx.raw(`alter table zz_per_row enable row level security`);
    await trx.raw(`alter table zz_per_row force row level security`);
    const perRow = `tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid`;
    await trx.raw(`create policy tenant_isolation on zz_per_row using (${perRow}) with check (${perRow})`);
    const v = checkRules(await readCatalog(trx));
    const about = (rule: Rule, table: string) => v[rule].filter((line) => line.startsWith(`${table} `));
    t.match(v.classified, [/^zz_unlisted has no tenant_id/]);
    t.match(about('primaryKey', 'zz_bad'), [/primary key \(id\) does not start with tenant_id/]);
    t.match(about('unique', 'zz_bad'), [/unique constraint zz_bad_code_key \(code\)/, /unique index zz_bad_code_lower \(<expr>\)/]);
    t.match(about('unique', 'zz_parent'), [/unique constraint \w+ \(id\)/]);
    t.match(about('foreignKey', 'zz_bad'), [/\(parent_id\) → zz_parent does not pair tenant_id/]);
    t.strictSame(about('rls', 'zz_bad'), ['zz_bad does not enable row level security', 'zz_bad does not force row level security']);
    t.strictSame(about('rls', 'zz_parent'), ['zz_parent does not force row level security']);
    t.match(about('policy', 'zz_bad'), [/has no policy/]);
    t.match(about('policy', 'zz_parent'), [/has no policy/, /permissive policy open_door USING \(true\) does not test the tenant/]);
    t.match(about('policy', 'zz_per_row'), [/policy tenant_isolation reads app.tenant_id for every row/]);
    t.match(v.money, [/^zz_bad.price_fen is integer/]);
    t.match(v.time, [/^zz_bad.seen_at is timestamp without time zone/]);
    throw rollback;
  }).catch((error: unknown) => {
    if (error !== rollback) throw error;
  });
  t.notOk(await db.knex.schema.hasTable('zz_bad'), 'the probe tables are gone');
});
