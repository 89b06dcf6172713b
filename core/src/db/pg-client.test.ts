import t from 'tap';
import type { Knex } from 'knex';
import { createTestDatabase } from '../testing/test-db.ts';
import { forgetPreparedStatements } from './pg-client.ts';
import { APP_ROLE, inTenant } from './tenant-tx.ts';
import { MAX_PREPARED_PER_CONNECTION, PREPARE_AFTER } from './statement-cache.ts';

// Prepared statements are PostgreSQL's (node-postgres over the wire): this runs on PostgreSQL, whatever the suite uses.
const db = await createTestDatabase({ ...process.env, DATABASE_URL: process.env.DATABASE_URL || process.env.LINGSHOU_TEST_PG || 'postgres://postgres@127.0.0.1:5432/postgres' });
t.teardown(() => db.close());

/** The statements the transaction's connection has prepared (pg_prepared_statements is per session). */
const prepared = async (trx: Knex.Transaction) =>
  (await trx.raw('select statement from pg_prepared_statements')).rows.map((row: { statement: string }) => row.statement) as string[];

t.test('a text sent often is prepared once per connection and reused; a rare one never', async (t) => {
  t.equal(db.kind, 'postgres');
  await db.knex.transaction(async (trx) => {
    const often = 'select ?::int + 1 as n';
    for (let i = 1; i < PREPARE_AFTER; i++) t.equal((await trx.raw(often, [i])).rows[0].n, i + 1);
    t.notOk((await prepared(trx)).some((sql) => sql.includes('$1::int + 1')), `not prepared after ${PREPARE_AFTER - 1} uses`);
    for (let i = 0; i < 3; i++) t.equal((await trx.raw(often, [10 + i])).rows[0].n, 11 + i, 'the prepared statement answers with each call\'s values');
    t.same((await prepared(trx)).filter((sql) => sql.includes('$1::int + 1')), ['select $1::int + 1 as n'], 'prepared once, then reused');
    await trx.raw('select ?::int * 2 as once', [1]);
    t.notOk((await prepared(trx)).some((sql) => sql.includes('* 2')), 'a text sent once stays unnamed');
  });
});

t.test(`a connection keeps at most ${MAX_PREPARED_PER_CONNECTION} statements`, async (t) => {
  await db.knex.transaction(async (trx) => {
    for (let text = 0; text <= MAX_PREPARED_PER_CONNECTION + 10; text++) {
      for (let use = 0; use < PREPARE_AFTER; use++) await trx.raw(`select ?::int as cap_${text}`, [use]);
    }
    const held = await prepared(trx);
    t.ok(held.length > 0 && held.length <= MAX_PREPARED_PER_CONNECTION, `${held.length} held`);
    t.ok(held.some((sql) => sql.includes(`cap_${MAX_PREPARED_PER_CONNECTION + 10}`)), 'the newest among them');
  });
});

t.test('after DDL that changes a table\'s columns, forgetting the statements lets `select *` run again', async (t) => {
  await db.knex.raw('create table prep_probe (id int primary key, label text)');
  await db.knex('prep_probe').insert({ id: 1, label: 'a' });
  // One connection, so the statement prepared is the one used after the change.
  await db.knex.transaction(async (trx) => {
    for (let i = 0; i < PREPARE_AFTER + 1; i++) await trx('prep_probe').where({ id: 1 }).select('*');
    await trx.raw('alter table prep_probe add column note text');
    await trx.raw('savepoint before_stale');
    await t.rejects(trx('prep_probe').where({ id: 1 }).select('*'), { message: /cached plan must not change result type/ },
      'PostgreSQL refuses a prepared select * whose columns changed');
    await trx.raw('rollback to savepoint before_stale');
    t.same(await trx('prep_probe').where({ id: 1 }).select('*'), [{ id: 1, label: 'a', note: null }], 'the refusal itself made it prepare afresh (DDL by another process)');
    await trx.raw('alter table prep_probe add column more text');
    forgetPreparedStatements(db.knex);
    t.same(await trx('prep_probe').where({ id: 1 }).select('*'), [{ id: 1, label: 'a', note: null, more: null }], 'forgotten after DDL of this process: no refusal');
  });
});

t.test('a tenant transaction sends the tenant with its BEGIN: one round trip, the same settings', async (t) => {
  const tenantId = '01a252cb-cb6b-7489-a199-d860e0bc3b56';
  const sent: string[] = [];
  const listener = (query: { sql: string }) => sent.push(query.sql);
  db.knex.on('query', listener);
  const seen = await inTenant(db.knex, tenantId, async (trx) =>
    (await trx.raw(`select current_user as role, current_setting('app.tenant_id') as tenant`)).rows[0]).finally(() => db.knex.removeListener('query', listener));
  t.same(seen, { role: APP_ROLE, tenant: tenantId });
  t.match(sent[0], /^BEGIN; select set_config\('role', 'lingshou_app', true\), set_config\('app.tenant_id', '01a252cb-/, 'with the BEGIN');
  t.equal(sent.length, 3, 'BEGIN with the tenant, the query, COMMIT');
  await t.rejects(inTenant(db.knex, "x'); drop table orders; --", async () => 1), { message: /not a tenant id/ }, 'only a UUID is inlined');
  const after = await db.knex.transaction(async (trx) => (await trx.raw(`select current_user as role, current_setting('app.tenant_id', true) as tenant`)).rows[0]);
  t.not(after.role, APP_ROLE, 'the next transaction on the pool is back to the connecting role');
  t.notOk(after.tenant, 'with no tenant');
});
