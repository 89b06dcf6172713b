import type { Knex } from 'knex';

interface RawConnection {
  exec?(sql: string): Promise<{ rows: unknown[] }[]>;
  query(sql: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/**
 * Runs SQL on a connection of knex's own pool (inside a transaction, on its connection), with
 * `$1` parameters as written. Scripts with several statements and no parameters use the simple
 * protocol (PGlite's exec). Holding knex's connection is what keeps the one embedded PGlite
 * session from being shared by two users at once.
 */
export async function runOnConnection(knex: Knex, text: string, values: unknown[] = []): Promise<{ rows: unknown[] }> {
  const client = knex.client as { acquireConnection(): Promise<RawConnection>; releaseConnection(c: RawConnection): Promise<void> };
  const connection = await client.acquireConnection();
  try {
    if (values.length > 0) return await connection.query(text, values);
    if (connection.exec) {
      const results = await connection.exec(text);
      return results[results.length - 1] ?? { rows: [] };
    }
    // node-postgres sends a query without values by the simple protocol, which takes scripts.
    return await connection.query(text);
  } finally {
    await client.releaseConnection(connection);
  }
}
