import type { Knex } from 'knex';
import PgBoss from 'pg-boss';
import { APP_ROLE } from '../src/db/tenant-tx.ts';
import { runOnConnection } from '../src/db/raw-connection.ts';
import { EVENT_QUEUE, JOB_SCHEMA } from '../src/kernel/jobs/queues.ts';

// pg-boss's script opens and commits its own transaction.
export const config = { transaction: false };

/**
 * The job queue (pg-boss) is created by the kernel's migrations, so every database (and the
 * test template) has it, and the request role may enqueue jobs inside its own transaction:
 * the job table is the transactional outbox of after-commit events.
 */
export async function up(knex: Knex): Promise<void> {
  await runOnConnection(knex, PgBoss.getConstructionPlans(JOB_SCHEMA));
  // Retries with backoff (2 s, 4 s, 8 s ...): a failing consumer never blocks the operation that emitted.
  await runOnConnection(knex, `select ${JOB_SCHEMA}.create_queue($1, $2)`, [
    EVENT_QUEUE, JSON.stringify({ policy: 'standard', retryLimit: 8, retryDelay: 2, retryBackoff: true }),
  ]);
  await knex.raw(`grant usage on schema ${JOB_SCHEMA} to ${APP_ROLE}`);
  await knex.raw(`grant select on ${JOB_SCHEMA}.queue to ${APP_ROLE}`);
  await knex.raw(`grant insert on ${JOB_SCHEMA}.job to ${APP_ROLE}`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`drop schema ${JOB_SCHEMA} cascade`);
}
