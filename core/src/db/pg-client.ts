import { createRequire } from 'node:module';
import type { Knex } from 'knex';
import { StatementCache, type PreparingConnection } from './statement-cache.ts';

interface PgQuery {
  sql: string;
  bindings?: unknown[];
  options?: Record<string, unknown>;
}

/** knex's PostgreSQL client, which this one extends (knex ships no types for the dialect classes). */
const KnexPgClient = createRequire(import.meta.url)('knex/lib/dialects/postgres/index.js') as
  new (config: Knex.Config) => Knex.Client & { _query(client: unknown, query: PgQuery): Promise<unknown> };

/** node-postgres' client, as knex hands it over: its wire connection holds the parsed statements. */
interface PgClient {
  connection: PreparingConnection;
  query(text: string): Promise<unknown>;
}

/** knex's PostgreSQL transaction, which the client's transactions extend. */
const KnexPgTransaction = createRequire(import.meta.url)('knex/lib/dialects/postgres/execution/pg-transaction.js') as
  new (client: unknown, container: unknown, config: TransactionStart, outerTx: unknown) => { begin(connection: unknown): Promise<unknown>; query(connection: unknown, sql: string): Promise<unknown> };

/** A transaction's options, with the statement to send with its BEGIN. */
export interface TransactionStart {
  /** SQL without parameters, sent in the same round trip as BEGIN (the simple protocol takes several statements). */
  prelude?: string;
  isolationLevel?: string;
  readOnly?: boolean;
}

/** A transaction that sends its prelude with its BEGIN: one round trip, not two. */
class PreludeTransaction extends KnexPgTransaction {
  readonly #prelude: string | undefined;

  constructor(client: unknown, container: unknown, config: TransactionStart, outerTx: unknown) {
    super(client, container, config, outerTx);
    this.#prelude = config.isolationLevel || config.readOnly ? undefined : config.prelude;
  }

  override begin(connection: unknown): Promise<unknown> {
    if (!this.#prelude) return super.begin(connection);
    return this.query(connection, `BEGIN; ${this.#prelude}`);
  }
}

/**
 * One cache per process: knex makes a transaction's client from the prototype, without the
 * instance's fields, and names stay unique across knex instances anyway.
 */
const statements = new StatementCache();

/**
 * knex's PostgreSQL client with prepared statements for the texts a server sends again and again
 * (see StatementCache), and transactions that send their prelude with their BEGIN. Only
 * statements with parameters are named: the others go by the simple protocol, which cannot
 * prepare, and are DDL and one-offs anyway.
 */
class LingshouPgClient extends KnexPgClient {
  override transaction(container: unknown, config: TransactionStart, outerTx: unknown) {
    return new PreludeTransaction(this, container, config, outerTx) as unknown as Knex.Transaction;
  }

  override async _query(client: PgClient, query: PgQuery): Promise<unknown> {
    const name = query.bindings && query.bindings.length > 0 && query.options?.name === undefined ? statements.nameFor(query.sql) : undefined;
    if (!name) return super._query(client, query);
    if (statements.mustDeallocate(client.connection, name)) {
      await client.query('DEALLOCATE ALL');
      statements.deallocated(client.connection);
    }
    return super._query(client, { ...query, options: { ...query.options, name } }).catch((error: { code?: string; routine?: string }) => {
      // Another server process changed a table under this one's statements (a plugin upgrade):
      // this statement fails, and every connection here prepares afresh from the next one on.
      if (error.code === '0A000' && error.routine === 'RevalidateCachedQuery') statements.forgetAll();
      throw error;
    });
  }
}

/** The client for knex's `client` option (typed as knex types its own, as knex-pglite does). */
export const lingshouPgClient = LingshouPgClient as unknown as typeof Knex.Client;

/** Whether a transaction of this knex sends `prelude` with its BEGIN (else the caller runs it itself). */
export function sendsPrelude(knex: Knex): boolean {
  return knex.client instanceof LingshouPgClient && !knex.isTransaction;
}

/** After DDL that may change what prepared statements return: every connection prepares afresh. */
export function forgetPreparedStatements(knex: Knex): void {
  if (knex.client instanceof LingshouPgClient) statements.forgetAll();
}
