/** The Postgres schema pg-boss keeps its tables in. */
export const JOB_SCHEMA = 'pgboss';

/** Each after-commit event becomes one job per consuming plugin on this queue. */
export const EVENT_QUEUE = 'plugin-events';

/** Jobs plugins queue for themselves (`ctx.jobs.enqueue`), run in the tenant's transaction. */
export const PLUGIN_JOB_QUEUE = 'plugin-jobs';

/** The queue a plugin's scheduled job fires on. */
export function cronQueue(pluginId: string, job: string): string {
  return `cron.${pluginId}.${job}`;
}
