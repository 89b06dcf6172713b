/**
 * Row-level security at work: rows of two merchants in every tenant table, read and written as
 * the request role with no tenant, and as one merchant against the other.
 */
import t from 'tap';
import type { Knex } from 'knex';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../testing/test-app.ts';
import { asAppWithoutTenant, inTenant } from './tenant-tx.ts';
import { newId } from './ids.ts';
import { readCatalog, tenantTables } from './schema-catalog.ts';

interface Fixture { h: TestApp; tables: string[]; a: string; b: string; unfilled: string[] }

/**
 * Two merchants made through the platform API, each with a store made by its admin (so roles,
 * staff, stores and warehouses hold real rows), then one made-up row per merchant in every
 * tenant table, so no table's "0 rows" is true merely because it is empty.
 */
async function twoMerchants(): Promise<Fixture> {
  const h = await startTestApp();
  const op = h.as(h.platformToken);
  const ids: string[] = [];
  for (const who of ['a', 'b']) {
    const merchant = await op({ method: 'POST', url: '/api/v1/platform/merchants', payload: {
      name: `商户${who}`, admin: { username: `${who}-admin`, password: TEST_PASSWORD, name: who },
    } });
    if (merchant.statusCode !== 201) throw new Error(merchant.body);
    ids.push(merchant.json().id);
    const store = await h.as(await h.login(`${who}-admin`))({ method: 'POST', url: '/api/v1/stores', payload: { code: '01', name: `${who}店` } });
    if (store.statusCode !== 201) throw new Error(store.body);
  }
  const tables = tenantTables(await readCatalog(h.db.knex)).filter((t) => t.schema === 'public').map((t) => t.name);
  const unfilled: string[] = [];
  await h.db.knex.transaction(async (trx) => {
    // Foreign keys are triggers; replica mode skips them so each table can get a row on its own.
    await trx.raw(`set local session_replication_role = replica`);
    for (const table of tables) {
      for (const tenantId of ids) {
        try {
          await trx.transaction(async (sp) => { await sp(table).insert(await madeUpRow(sp, table, tenantId)); });
        } catch (error) {
          unfilled.push(`${table} (${(error as Error).message.split('\n')[0]})`);
          break;
        }
      }
    }
  });
  return { h, tables, a: ids[0]!, b: ids[1]!, unfilled };
}

/** A row with a value for every NOT NULL column without a default, chosen from the column type and its CHECK list. */
async function madeUpRow(knex: Knex, table: string, tenantId: string): Promise<Record<string, unknown>> {
  const { rows } = (await knex.raw(`
    select a.attname as name, ty.typname, ty.typcategory as category, a.atttypmod as typmod,
           (select string_agg(pg_get_constraintdef(c.oid), ' ') from pg_constraint c
             where c.conrelid = a.attrelid and c.contype = 'c' and a.attnum = any(c.conkey)) as checks
    from pg_attribute a join pg_type ty on ty.oid = a.atttypid
    where a.attrelid = ?::regclass and a.attnum > 0 and not a.attisdropped and a.attnotnull and not a.atthasdef`, [table])) as {
    rows: { name: string; typname: string; category: string; typmod: number; checks: string | null }[];
  };
  const row: Record<string, unknown> = {};
  for (const column of rows) {
    if (column.name === 'tenant_id') row.tenant_id = tenantId;
    else if (column.typname === 'uuid') row[column.name] = newId();
    else if (column.category === 'S') {
      // A CHECK (x = ANY (ARRAY['a', 'b'])) list names the values allowed; otherwise any short text.
      const allowed = column.checks?.match(/ARRAY\['([^']*)'/)?.[1];
      const max = column.typmod > 4 ? column.typmod - 4 : 12;
      row[column.name] = allowed ?? `z${newId().replace(/-/g, '').slice(-11)}`.slice(0, max);
    } else if (column.category === 'N') row[column.name] = 1;
    else if (column.category === 'B') row[column.name] = false;
    else if (column.category === 'A') row[column.name] = '{}';
    else if (column.typname === 'jsonb' || column.typname === 'json') row[column.name] = '{}';
    else if (column.typname === 'date') row[column.name] = '2026-01-01';
    else if (column.typname === 'timestamptz') row[column.name] = new Date();
    else throw new Error(`no made-up value for ${table}.${column.name} (${column.typname})`);
  }
  if (!('tenant_id' in row)) row.tenant_id = tenantId;
  return row;
}

async function ownerCount(knex: Knex, table: string, tenantId?: string): Promise<number> {
  const query = knex(table).count({ n: '*' });
  if (tenantId) query.where({ tenant_id: tenantId });
  return Number((await query.first())?.n);
}

async function sqlState(work: Promise<unknown>): Promise<string | undefined> {
  try {
    await work;
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code ?? (error as Error).message;
  }
}

t.test('with no tenant set, the request role reads no row of any tenant table', async (t) => {
  const f = await twoMerchants();
  t.teardown(f.h.close);
  const knex = f.h.db.knex;
  if (f.unfilled.length) t.comment(`no made-up row for: ${f.unfilled.join('; ')}`);
  for (const table of ['roles', 'staff', 'stores', 'warehouses']) {
    t.ok(await ownerCount(knex, table, f.a) > 0 && await ownerCount(knex, table, f.b) > 0, `${table} has rows of both merchants`);
  }
  for (const table of f.tables) {
    const rows = await ownerCount(knex, table);
    const unset = await asAppWithoutTenant(knex, (trx) => ownerCount(trx, table));
    // After any tenant transaction the setting exists as '' on that connection: the policy's nullif covers it.
    const empty = await asAppWithoutTenant(knex, async (trx) => {
      await trx.raw(`select set_config('app.tenant_id', '', true)`);
      return ownerCount(trx, table);
    });
    t.strictSame([unset, empty], [0, 0], `${table}: 0 of ${rows} rows without a tenant`);
  }
  const write = await sqlState(asAppWithoutTenant(knex, async (trx) => trx('stores').insert({ tenant_id: f.a, id: newId(), code: 'x', name: 'x' })));
  t.equal(write, '42501', 'and writes nothing: an insert is refused by the policy');
});

t.test("as tenant A, tenant B's rows can be neither seen nor written", async (t) => {
  const f = await twoMerchants();
  t.teardown(f.h.close);
  const knex = f.h.db.knex;
  const asA = <T>(fn: (trx: Knex.Transaction) => Promise<T>) => inTenant(knex, f.a, fn);
  for (const table of f.tables) {
    const [ownA, ownB] = [await ownerCount(knex, table, f.a), await ownerCount(knex, table, f.b)];
    t.equal(await asA((trx) => ownerCount(trx, table)), ownA, `${table}: A sees exactly its ${ownA} rows`);
    t.equal(await asA((trx) => ownerCount(trx, table, f.b)), 0, `${table}: A sees none of B's ${ownB} rows`);
    // Counted with RETURNING: on PGlite, knex-pglite answers a bare delete() with a result object, not a count.
    const touched = (rows: unknown[]) => rows.length;
    t.equal(touched(await asA((trx) => trx(table).where({ tenant_id: f.b }).update({ tenant_id: f.b }).returning('tenant_id'))), 0,
      `${table}: an UPDATE of B's rows touches none`);
    t.equal(touched(await asA((trx) => trx(table).where({ tenant_id: f.b }).delete().returning('tenant_id'))), 0,
      `${table}: a DELETE of B's rows removes none`);
    t.equal(await sqlState(asA(async (trx) => trx(table).insert(await madeUpRow(trx, table, f.b)))), '42501',
      `${table}: an INSERT with B's tenant_id is refused (WITH CHECK)`);
    if (ownA > 0) {
      t.equal(await sqlState(asA((trx) => trx(table).update({ tenant_id: f.b }))), '42501',
        `${table}: moving A's rows to B is refused (WITH CHECK)`);
    }
    t.strictSame([await ownerCount(knex, table, f.a), await ownerCount(knex, table, f.b)], [ownA, ownB], `${table}: nothing changed`);
  }
  // Over HTTP the same rule reads as "not found", never "forbidden".
  const storeOfB = await knex('stores').where({ tenant_id: f.b }).first('id');
  const res = await f.h.as(await f.h.login('a-admin'))({ method: 'GET', url: `/api/v1/stores/${storeOfB.id}` });
  t.equal(res.statusCode, 404, "A asking for B's store by id gets 404");
});
