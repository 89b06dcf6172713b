/** The sandbox's tables live in their own schema, reached through the owner connection only. */
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';

export const SANDBOX_SCHEMA = 'wechatpay_sandbox';

export type Db = Knex | Knex.Transaction;

/** `table(db, 'transactions')` → a query on wechatpay_sandbox.transactions. */
export function table(db: Db, name: string): Knex.QueryBuilder {
  return db(`${SANDBOX_SCHEMA}.${name}`);
}

/** jsonb values go in as text: node-postgres would turn a JS array into a Postgres array. */
export function json(value: unknown): string {
  return JSON.stringify(value);
}

/** bigint columns come back as strings from node-postgres. */
export function num(value: unknown): number {
  return Number(value);
}

/** A stable hash of a JSON value (keys sorted), to tell a repeated request from a different one. */
export function requestHash(value: unknown): string {
  return createHash('sha256').update(canonical(value)).digest('hex');
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** True for a unique violation (a concurrent insert of the same key won). */
export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === '23505';
}
