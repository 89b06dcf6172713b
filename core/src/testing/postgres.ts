/**
 * Concurrency tests need a real PostgreSQL server whichever database the rest of the suite
 * uses: DATABASE_URL when set, else the machine's server. An unreachable server fails the test.
 */
export const concurrencyDatabaseUrl = process.env.DATABASE_URL ?? process.env.LINGSHOU_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';
