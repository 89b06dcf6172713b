/** The Postgres schema pg-boss keeps its tables in. */
export const JOB_SCHEMA = 'pgboss';

/** Each after-commit event becomes one job per consuming plugin on this queue. */
export const EVENT_QUEUE = 'plugin-events';

/** Queues the kernel creates in its migrations (pg-boss 10 needs a queue before a job is sent). */
export const kernelQueues = [
  // Retries with backoff: 2 s, 4 s, 8 s ... a failing consumer never blocks the operation that emitted.
  { name: EVENT_QUEUE, options: { policy: 'standard', retryLimit: 8, retryDelay: 2, retryBackoff: true } },
] as const;
