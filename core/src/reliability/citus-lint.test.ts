/**
 * Citus lint: every tenant table can be distributed by tenant_id and co-located, and every other
 * table is placed on purpose (docs/scale-out.md "Citus"). We cannot run Citus here, so this reads
 * the migrated schema for what Citus would refuse.
 */
import t from 'tap';
import { createTestDatabase } from '../testing/test-db.ts';
import { checkRules, label, readCatalog, tenantTables, type Catalog } from '../db/schema-catalog.ts';

/**
 * Where each table that is not distributed by tenant_id lives on a Citus cluster: `reference`
 * tables are replicated to every worker (tenant tables may point at them), `local` tables stay
 * on the coordinator (nothing distributed may point at them). A new non-tenant table fails the
 * lint until it is listed here, with its reason.
 */
const PLACEMENT: Record<string, { kind: 'reference' | 'local'; why: string }> = {
  tenants: { kind: 'reference', why: 'every tenant row is joined to and referenced by tenant tables' },
  partners: { kind: 'reference', why: 'small, read with the tenant, referenced by tenants' },
  accounts: { kind: 'reference', why: 'logins are looked up before any tenant is known; staff rows point at them' },
  refresh_tokens: { kind: 'reference', why: 'belong to accounts (a reference table may only point at reference tables)' },
  plugins: { kind: 'reference', why: 'the installed-plugin registry, read by every tenant transaction' },
  plugin_audit: { kind: 'local', why: 'an append-only platform log nothing points at' },
  knex_migrations: { kind: 'local', why: 'migration bookkeeping, run on the coordinator' },
  knex_migrations_lock: { kind: 'local', why: 'migration bookkeeping, run on the coordinator' },
};
/** Schemas kept on the coordinator: pg-boss's queue tables (the job outbox) and the WeChat Pay sandbox (never on in production). */
const LOCAL_SCHEMAS = ['pgboss', 'wechatpay_sandbox'];

type Placement = 'distributed' | 'reference' | 'local';

/** What Citus would refuse in this schema: unplaced tables, and foreign keys across placements it does not allow. */
function citusViolations(catalog: Catalog): { unplaced: string[]; stale: string[]; refused: string[] } {
  const distributed = new Set(tenantTables(catalog).map((table) => table.oid));
  const byOid = new Map(catalog.tables.map((table) => [table.oid, table]));
  const placementOf = (oid: string | null): Placement | undefined => {
    const table = oid ? byOid.get(oid) : undefined;
    if (!table) return undefined;
    if (distributed.has(table.oid)) return 'distributed';
    if (LOCAL_SCHEMAS.includes(table.schema)) return 'local';
    return table.schema === 'public' ? PLACEMENT[table.name]?.kind : undefined;
  };
  const unplaced = catalog.tables.filter((table) => placementOf(table.oid) === undefined).map(label);
  const stale = Object.keys(PLACEMENT).filter((name) =>
    !catalog.tables.some((table) => table.schema === 'public' && table.name === name && !distributed.has(table.oid)));
  // A reference table may point only at reference tables; nothing distributed or replicated may
  // point at a coordinator-local table; local tables may point anywhere.
  const refused: string[] = [];
  for (const fk of catalog.constraints.filter((c) => c.type === 'f')) {
    const from = placementOf(fk.rel);
    const to = placementOf(fk.refRel);
    const allowed = from === 'local' || (from === 'distributed' && to !== 'local' && to !== undefined) || (from === 'reference' && to === 'reference');
    if (!allowed) {
      const target = fk.refRel ? byOid.get(fk.refRel) : undefined;
      refused.push(`${label(byOid.get(fk.rel)!)} (${from}) → ${target ? label(target) : fk.refRel} (${to}) by ${fk.name}`);
    }
  }
  return { unplaced, stale, refused };
}

t.test('every tenant table can be distributed by tenant_id and every other table is placed', async (t) => {
  const db = await createTestDatabase();
  t.teardown(() => db.close());
  const catalog = await readCatalog(db.knex);
  const distributed = tenantTables(catalog);
  t.ok(distributed.length >= 10, `${distributed.length} tables to distribute by tenant_id: ${distributed.map(label).join(', ')}`);

  // Citus needs the distribution column in every primary key, unique constraint and unique
  // index, and foreign keys between distributed tables that include it: the data rules already say so.
  const rules = checkRules(catalog);
  t.strictSame(rules.primaryKey, [], 'every tenant table primary key includes tenant_id');
  t.strictSame(rules.unique, [], 'every unique constraint and unique index of a tenant table includes tenant_id');
  t.strictSame(rules.foreignKey, [], 'foreign keys between tenant tables pair tenant_id');

  const v = citusViolations(catalog);
  t.strictSame(v.unplaced, [], 'every table is distributed by tenant_id, or listed as a reference or local table');
  t.strictSame(v.stale, [], 'every listed table exists and is not a tenant table');
  t.strictSame(v.refused, [], 'no foreign key Citus would refuse');
});

t.test('the lint catches an unplaced table and a reference table pointing at a tenant table', async (t) => {
  const db = await createTestDatabase();
  t.teardown(() => db.close());
  const rollback = new Error('rollback');
  // Built inside a transaction that is rolled back: the database is left as migrated.
  await db.knex.transaction(async (trx) => {
    await trx.raw(`create table zz_lookup (code text primary key)`);
    await trx.raw(`alter table plugins add column zz_store_tenant uuid, add column zz_store_id uuid`);
    await trx.raw(`alter table plugins add constraint zz_plugins_store foreign key (zz_store_tenant, zz_store_id) references stores (tenant_id, id)`);
    const v = citusViolations(await readCatalog(trx));
    t.strictSame(v.unplaced, ['zz_lookup'], 'a new shared table must be listed');
    t.match(v.refused, [/^plugins \(reference\) → stores \(distributed\) by zz_plugins_store$/], 'a reference table may not point at a tenant table');
    throw rollback;
  }).catch((error: unknown) => {
    if (error !== rollback) throw error;
  });
});
