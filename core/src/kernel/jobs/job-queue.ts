import type { Knex } from 'knex';
import PgBoss from 'pg-boss';
import { runOnConnection } from '../../db/raw-connection.ts';
import { JOB_SCHEMA } from './queues.ts';

function adapter(knex: Knex): PgBoss.Db {
  return { executeSql: (text, values) => runOnConnection(knex, text, values ?? []) as Promise<{ rows: never[] }> };
}

export interface JobToSend {
  data: object;
  /** Two jobs with the same key are one job while it is waiting (pg-boss singleton). */
  singletonKey?: string;
  /** Run no earlier than this many seconds from now. */
  startAfterSeconds?: number;
}

/**
 * The kernel's background jobs on pg-boss, through knex's own connections (so it works on the
 * embedded PGlite too). Jobs are enqueued inside the caller's transaction and exist only if it
 * commits; any number of worker processes may take them (SKIP LOCKED).
 */
export class JobQueue {
  readonly #boss: PgBoss;
  #started = false;

  constructor(knex: Knex, onError: (error: Error) => void) {
    // The schema comes from the kernel migrations; the cron clock runs only in a started worker.
    this.#boss = new PgBoss({ db: adapter(knex), schema: JOB_SCHEMA, migrate: false, schedule: true });
    this.#boss.on('error', onError);
  }

  /** Adds jobs in the caller's transaction. */
  async enqueue(trx: Knex.Transaction, queue: string, jobs: JobToSend[]): Promise<void> {
    if (jobs.length === 0) return;
    await this.#boss.insert(jobs.map((job) => ({
      name: queue, data: job.data, singletonKey: job.singletonKey,
      ...(job.startAfterSeconds ? { startAfter: new Date(Date.now() + job.startAfterSeconds * 1000) } : {}),
    })), { db: adapter(trx) });
  }

  async #start(): Promise<void> {
    if (this.#started) return;
    await this.#boss.start();
    this.#started = true;
  }

  /** Sends a job to a queue on a cron schedule (China time), creating the queue if needed. */
  async schedule(queue: string, cron: string): Promise<void> {
    await this.#start();
    await this.#createQueueOnce(queue);
    await this.#boss.schedule(queue, cron, {}, { tz: 'Asia/Shanghai' });
  }

  /**
   * Processes starting together race to create the same queue (docs/scale-out.md): PostgreSQL
   * ends the loser with a deadlock or a duplicate key, and on the next look the queue is there.
   */
  async #createQueueOnce(queue: string): Promise<void> {
    for (let attempt = 1; !(await this.#boss.getQueue(queue)); attempt++) {
      try {
        await this.#boss.createQueue(queue, { name: queue, policy: 'standard' });
      } catch (error) {
        const code = (error as { code?: string } | null)?.code;
        if (attempt >= 5 || (code !== '40P01' && code !== '23505')) throw error;
      }
    }
  }

  /**
   * Starts taking jobs from a queue, up to `batchSize` per fetch: pg-boss's worker waits out its
   * polling interval after each fetch, so one job per fetch would cap a worker at one job per
   * interval. Jobs of a batch run one after the other; one that throws is failed (and retried
   * with backoff) on its own, without its batch.
   */
  async work(queue: string, handler: (data: Record<string, unknown>) => Promise<unknown>, pollingIntervalSeconds = 2, batchSize = 20): Promise<void> {
    await this.#start();
    await this.#boss.work<Record<string, unknown>>(queue, { pollingIntervalSeconds, batchSize }, async (jobs) => {
      for (const job of jobs) {
        try {
          await handler(job.data);
        } catch (error) {
          await this.#boss.fail(queue, job.id, { message: error instanceof Error ? error.message : String(error) });
        }
      }
    });
  }

  async stop(): Promise<void> {
    if (!this.#started) return;
    this.#started = false;
    await this.#boss.stop({ graceful: true, wait: true, timeout: 5000 });
  }
}
