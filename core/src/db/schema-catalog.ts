/**
 * The data rules of docs/architecture.md, read off a migrated database: pg_class, pg_attribute,
 * pg_constraint, pg_index and pg_policy. Whatever helper a migration used (or forgot), a table
 * that breaks a rule is reported. Used by core/src/db/schema-rules.test.ts and the isolation
 * tests; a plugin test kit can run the same check on a database with its migrations applied.
 */
import type { Knex } from 'knex';
import { APP_ROLE } from './tenant-tx.ts';

/**
 * Tables that are not tenant-scoped, each with the reason. A table in `public` is either a
 * tenant table (it has tenant_id and follows every rule below) or listed here.
 */
export const PLATFORM_TABLES: Record<string, string> = {
  partners: 'WeChat Pay service providers (合伙人): above tenants; a tenant may read its own partner row (RLS select policy)',
  tenants: 'the merchants themselves; a tenant may read its own row (RLS select policy)',
  accounts:
    'logins are platform-wide (usernames are unique across merchants) and looked up before any tenant is known; ' +
    'tenant_id only says which merchant a staff login belongs to. The request role has no privilege on it (checked below)',
  refresh_tokens: 'belong to accounts; the request role has no privilege on them',
  plugins: 'the registry of installed plugins: install is platform-wide (enabling is per tenant, in tenant_plugins)',
  plugin_audit:
    'the log of plugin lifecycle steps, platform-wide (install, upgrade) and per tenant (enable, configure); ' +
    'tenant_id is null for platform steps. Tenants do not read it directly, so the request role must have no privilege on it',
  knex_migrations: 'migration bookkeeping',
  knex_migrations_lock: 'migration bookkeeping',
};

/** Platform tables that carry a tenant_id column: exempt from the tenant rules only because the request role cannot touch them. */
const PLATFORM_TABLES_WITH_TENANT_ID = ['accounts', 'plugin_audit'];

/** Schemas owned by libraries, not by our migrations. */
const EXTERNAL_SCHEMAS = ['pgboss'];

export interface Table { oid: string; schema: string; name: string; rls: boolean; forceRls: boolean; owner: string; appCanSelect: boolean }
interface Column { rel: string; name: string; type: string; typname: string }
interface Constraint { rel: string; name: string; type: 'p' | 'u' | 'f'; columns: string[]; refRel: string | null; refColumns: string[] | null }
interface UniqueIndex { rel: string; name: string; columns: (string | null)[] }
interface Policy { rel: string; name: string; cmd: string; permissive: boolean; roles: string[]; using: string | null; check: string | null }

export interface Catalog {
  tables: Table[];
  columns: Column[];
  constraints: Constraint[];
  uniqueIndexes: UniqueIndex[];
  policies: Policy[];
  appRole: { super: boolean; bypassRls: boolean } | undefined;
}

const userTables = `
  select c.oid from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema')
    and n.nspname not like 'pg\\_toast%' and n.nspname not like 'pg\\_temp%' and n.nspname <> all(?::text[])`;

/** Reads what the rules need from the system catalogs, in a handful of queries. */
export async function readCatalog(knex: Knex): Promise<Catalog> {
  const rows = async <R>(sql: string, bindings: unknown[] = []): Promise<R[]> =>
    ((await knex.raw(sql, bindings as Knex.RawBinding[])) as { rows: R[] }).rows;
  const ext = [EXTERNAL_SCHEMAS];
  const tables = await rows<Table>(`
    select c.oid::text as oid, n.nspname as schema, c.relname as name, c.relrowsecurity as rls,
           c.relforcerowsecurity as "forceRls", pg_get_userbyid(c.relowner) as owner,
           has_table_privilege(?, c.oid, 'SELECT') as "appCanSelect"
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where c.oid in (${userTables}) order by n.nspname, c.relname`, [APP_ROLE, ...ext]);
  const columns = await rows<Column>(`
    select a.attrelid::text as rel, a.attname as name, format_type(a.atttypid, a.atttypmod) as type, ty.typname
    from pg_attribute a join pg_type ty on ty.oid = a.atttypid
    where a.attnum > 0 and not a.attisdropped and a.attrelid in (${userTables}) order by a.attrelid, a.attnum`, ext);
  const names = (array: string, rel: string) => `to_json(array(
    select a.attname from unnest(${array}) with ordinality k(num, ord)
    left join pg_attribute a on a.attrelid = ${rel} and a.attnum = k.num order by k.ord))`;
  const constraints = await rows<Constraint>(`
    select con.conrelid::text as rel, con.conname as name, con.contype as type,
           ${names('con.conkey', 'con.conrelid')} as columns,
           nullif(con.confrelid, 0)::text as "refRel",
           case when con.contype = 'f' then ${names('con.confkey', 'con.confrelid')} end as "refColumns"
    from pg_constraint con where con.contype in ('p', 'u', 'f') and con.conrelid in (${userTables})`, ext);
  const uniqueIndexes = await rows<UniqueIndex>(`
    select i.indrelid::text as rel, ic.relname as name, ${names('i.indkey::int2[]', 'i.indrelid')} as columns
    from pg_index i join pg_class ic on ic.oid = i.indexrelid
    where i.indisunique and i.indrelid in (${userTables})`, ext);
  const policies = await rows<Policy>(`
    select p.polrelid::text as rel, p.polname as name, p.polcmd as cmd, p.polpermissive as permissive,
           to_json(array(select case when r = 0 then 'public' else pg_get_userbyid(r) end from unnest(p.polroles) r)) as roles,
           pg_get_expr(p.polqual, p.polrelid) as using, pg_get_expr(p.polwithcheck, p.polrelid) as check
    from pg_policy p where p.polrelid in (${userTables})`, ext);
  const [appRole] = await rows<{ super: boolean; bypassRls: boolean }>(
    `select rolsuper as super, rolbypassrls as "bypassRls" from pg_roles where rolname = ?`, [APP_ROLE]);
  return { tables, columns, constraints, uniqueIndexes, policies, appRole };
}

/** `public.stores` → `stores`; other schemas keep their prefix. */
export function label(table: Table): string {
  return table.schema === 'public' ? table.name : `${table.schema}.${table.name}`;
}

/** The tenant tables: every table with a tenant_id column, except the listed platform ones. */
export function tenantTables(catalog: Catalog): Table[] {
  const hasTenantId = new Set(catalog.columns.filter((c) => c.name === 'tenant_id').map((c) => c.rel));
  return catalog.tables.filter((table) => hasTenantId.has(table.oid) &&
    !(table.schema === 'public' && PLATFORM_TABLES_WITH_TENANT_ID.includes(table.name)));
}

/** A policy expression that limits rows to the tenant in app.tenant_id (empty meaning none). */
function isTenantExpression(expression: string | null): boolean {
  if (!expression) return false;
  const e = expression.toLowerCase();
  return e.includes('tenant_id') && e.includes("current_setting('app.tenant_id'") && e.includes('nullif(');
}

/** The rules, each with the sentence a failure reports. */
export const RULES = {
  classified: 'every public table is a tenant table or a listed platform table',
  tenantIdType: 'tenant_id is a uuid',
  primaryKey: 'tenant_id is the first column of every tenant table primary key',
  unique: 'tenant_id is in every unique constraint and unique index of a tenant table',
  foreignKey: 'every foreign key between tenant tables pairs tenant_id; others point at platform tables',
  rls: 'row level security is enabled and forced on every tenant table',
  policy: 'every tenant table has a tenant policy (reading the tenant once per statement) and no permissive policy that ignores the tenant',
  appRole: `${APP_ROLE} is not superuser, not BYPASSRLS, owns no tenant table, can read tenant tables and cannot read the exempt platform tables`,
  money: 'money columns (*_fen) are bigint',
  time: 'timestamps are timestamptz',
} as const;
export type Rule = keyof typeof RULES;

/** Every broken rule, as one line each; an empty list means the schema follows the rules. */
export function checkRules(catalog: Catalog): Record<Rule, string[]> {
  const tenant = tenantTables(catalog);
  const tenantOids = new Set(tenant.map((table) => table.oid));
  const byOid = new Map(catalog.tables.map((table) => [table.oid, table]));
  const columnsOf = (oid: string) => catalog.columns.filter((c) => c.rel === oid);
  const v = Object.fromEntries(Object.keys(RULES).map((rule) => [rule, []])) as unknown as Record<Rule, string[]>;

  for (const table of catalog.tables) {
    if (table.schema !== 'public' || tenantOids.has(table.oid) || table.name in PLATFORM_TABLES) continue;
    v.classified.push(`${label(table)} has no tenant_id and is not in PLATFORM_TABLES (add tenant_id, or list it with the reason)`);
  }

  for (const table of tenant) {
    const name = label(table);
    const tenantId = columnsOf(table.oid).find((c) => c.name === 'tenant_id');
    if (tenantId?.typname !== 'uuid') v.tenantIdType.push(`${name}.tenant_id is ${tenantId?.type}, not uuid`);

    const constraints = catalog.constraints.filter((c) => c.rel === table.oid);
    const pk = constraints.find((c) => c.type === 'p');
    if (!pk) v.primaryKey.push(`${name} has no primary key`);
    else if (pk.columns[0] !== 'tenant_id') v.primaryKey.push(`${name} primary key (${pk.columns.join(', ')}) does not start with tenant_id`);

    for (const u of constraints.filter((c) => c.type === 'u')) {
      if (!u.columns.includes('tenant_id')) v.unique.push(`${name} unique constraint ${u.name} (${u.columns.join(', ')}) lacks tenant_id`);
    }
    // Indexes that back a primary key or unique constraint were checked as the constraint.
    const constraintNames = new Set(constraints.map((c) => c.name));
    for (const index of catalog.uniqueIndexes.filter((i) => i.rel === table.oid && !constraintNames.has(i.name))) {
      if (!index.columns.includes('tenant_id')) {
        v.unique.push(`${name} unique index ${index.name} (${index.columns.map((c) => c ?? '<expr>').join(', ')}) lacks tenant_id`);
      }
    }

    for (const fk of constraints.filter((c) => c.type === 'f')) {
      const target = fk.refRel ? byOid.get(fk.refRel) : undefined;
      if (target && tenantOids.has(target.oid)) {
        const at = fk.columns.indexOf('tenant_id');
        if (at < 0 || fk.refColumns?.[at] !== 'tenant_id') {
          v.foreignKey.push(`${name} foreign key ${fk.name} (${fk.columns.join(', ')}) → ${label(target)} does not pair tenant_id with tenant_id`);
        }
      } else if (!(target && target.schema === 'public' && target.name in PLATFORM_TABLES)) {
        v.foreignKey.push(`${name} foreign key ${fk.name} refers to ${target ? label(target) : fk.refRel}, neither a tenant nor a platform table`);
      }
    }

    if (!table.rls) v.rls.push(`${name} does not enable row level security`);
    if (!table.forceRls) v.rls.push(`${name} does not force row level security`);

    const policies = catalog.policies.filter((p) => p.rel === table.oid);
    const appliesToApp = (p: Policy) => p.roles.includes('public') || p.roles.includes(APP_ROLE);
    const isolating = policies.find((p) =>
      p.permissive && p.cmd === '*' && appliesToApp(p) && isTenantExpression(p.using) && isTenantExpression(p.check));
    if (!isolating) {
      v.policy.push(`${name} has no policy for all commands whose USING and WITH CHECK test tenant_id against nullif(current_setting('app.tenant_id', true), '')`);
    } else if (![isolating.using, isolating.check].every((expression) => /\(\s*select\b/i.test(expression ?? ''))) {
      v.policy.push(`${name} policy ${isolating.name} reads app.tenant_id for every row: compare with (select nullif(...)), read once per statement (CURRENT_TENANT, migration 035)`);
    }
    // Permissive policies are OR-ed: one that does not test the tenant opens the table.
    for (const p of policies.filter((p) => p.permissive)) {
      for (const [part, expression] of [['USING', p.using], ['WITH CHECK', p.check]] as const) {
        if (expression !== null && !isTenantExpression(expression)) {
          v.policy.push(`${name} permissive policy ${p.name} ${part} (${expression}) does not test the tenant`);
        }
      }
    }

    if (table.owner === APP_ROLE) v.appRole.push(`${name} is owned by ${APP_ROLE}: an owner may switch row level security off`);
    if (!table.appCanSelect) v.appRole.push(`${name} cannot be read by ${APP_ROLE} (grant it, as the default privileges of migration 1 do)`);
  }

  if (!catalog.appRole) v.appRole.push(`role ${APP_ROLE} does not exist`);
  else {
    if (catalog.appRole.super) v.appRole.push(`${APP_ROLE} is a superuser, which skips row level security`);
    if (catalog.appRole.bypassRls) v.appRole.push(`${APP_ROLE} has BYPASSRLS`);
  }
  for (const table of catalog.tables.filter((t) => t.schema === 'public' && PLATFORM_TABLES_WITH_TENANT_ID.includes(t.name))) {
    if (table.appCanSelect) v.appRole.push(`${label(table)} is exempt from the tenant rules but ${APP_ROLE} can read it`);
  }

  for (const column of catalog.columns) {
    const table = byOid.get(column.rel)!;
    if (column.name.endsWith('_fen') && column.typname !== 'int8') {
      v.money.push(`${label(table)}.${column.name} is ${column.type}; money in fen is bigint`);
    }
    if (['timestamp', 'time', 'timetz'].includes(column.typname)) {
      v.time.push(`${label(table)}.${column.name} is ${column.type}; points in time are timestamptz`);
    }
  }
  return v;
}
