import type { Knex } from 'knex';
import { isUuid } from './ids.ts';
import { sendsPrelude, type TransactionStart } from './pg-client.ts';

/** The non-owner, non-BYPASSRLS role every tenant request runs as. */
export const APP_ROLE = 'lingshou_app';

export type Trx = Knex.Transaction;

/**
 * Runs fn in one transaction as APP_ROLE with app.tenant_id set locally, so row-level
 * security limits every statement to this tenant's rows. Both settings end with the transaction.
 */
export async function inTenant<T>(knex: Knex, tenantId: string, fn: (trx: Trx) => Promise<T>): Promise<T> {
  if (sendsPrelude(knex)) {
    // With the BEGIN, in one round trip; the id is inlined (the simple protocol has no
    // parameters), which its check as a UUID makes safe.
    const start: TransactionStart = { prelude: enterTenantSql(tenantId) };
    return knex.transaction(fn, start as Knex.TransactionConfig);
  }
  return knex.transaction(async (trx) => {
    await enterTenant(trx, tenantId);
    return fn(trx);
  });
}

/** One statement, one round trip: set_config(..., true) is SET LOCAL, and `role` is SET ROLE. */
function enterTenantSql(tenantId: string): string {
  if (!isUuid(tenantId)) throw new Error(`enterTenant: not a tenant id: ${tenantId}`);
  return `select set_config('role', '${APP_ROLE}', true), set_config('app.tenant_id', '${tenantId}', true)`;
}

/**
 * Switches an open transaction to APP_ROLE and one tenant until it ends. Platform work that
 * creates a tenant's first rows uses it to do both halves in one transaction.
 */
export async function enterTenant(trx: Trx, tenantId: string): Promise<void> {
  await trx.raw(enterTenantSql(tenantId));
}

/**
 * Runs fn in one transaction as APP_ROLE with no tenant set: tenant tables read as empty.
 * Used for lookups that must not see tenant data (and by the isolation tests).
 */
export async function asAppWithoutTenant<T>(knex: Knex, fn: (trx: Trx) => Promise<T>): Promise<T> {
  return knex.transaction(async (trx) => {
    await trx.raw(`select set_config('role', '${APP_ROLE}', true)`);
    return fn(trx);
  });
}

/**
 * Platform work (partners, tenants, accounts) as the connecting role. Tenant tables are
 * never touched here: work on a tenant's rows goes through inTenant.
 */
export async function inPlatform<T>(knex: Knex, fn: (trx: Trx) => Promise<T>): Promise<T> {
  return knex.transaction(fn);
}
