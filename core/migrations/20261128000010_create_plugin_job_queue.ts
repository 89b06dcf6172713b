import type { Knex } from 'knex';
import { runOnConnection } from '../src/db/raw-connection.ts';
import { JOB_SCHEMA, PLUGIN_JOB_QUEUE } from '../src/kernel/jobs/queues.ts';

/** The queue for jobs plugins enqueue for themselves. */
export async function up(knex: Knex): Promise<void> {
  await runOnConnection(knex, `select ${JOB_SCHEMA}.create_queue($1, $2)`, [
    PLUGIN_JOB_QUEUE, JSON.stringify({ policy: 'standard', retryLimit: 5, retryDelay: 5, retryBackoff: true }),
  ]);
}

export async function down(knex: Knex): Promise<void> {
  await runOnConnection(knex, `select ${JOB_SCHEMA}.delete_queue($1)`, [PLUGIN_JOB_QUEUE]);
}
