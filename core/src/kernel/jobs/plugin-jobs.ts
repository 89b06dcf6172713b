import type { Knex } from 'knex';
import { inTenant } from '../../db/tenant-tx.ts';
import type { PluginHost } from '../plugins/plugin-host.ts';
import type { JobQueue } from './job-queue.ts';
import { cronQueue, PLUGIN_JOB_QUEUE } from './queues.ts';

interface QueuedJob {
  pluginId: string;
  job: string;
  tenantId: string;
  data: Record<string, unknown>;
}

/**
 * Runs plugins' jobs: queued ones in their tenant's transaction with the plugin's context, and
 * scheduled ones once per tenant that has the plugin enabled when the schedule fires.
 */
export class PluginJobs {
  readonly #knex: Knex;
  readonly #jobs: JobQueue;
  readonly #host: PluginHost;

  constructor(knex: Knex, jobs: JobQueue, host: PluginHost) {
    this.#knex = knex;
    this.#jobs = jobs;
    this.#host = host;
  }

  async startWorker(pollingIntervalSeconds?: number): Promise<void> {
    await this.#jobs.work(PLUGIN_JOB_QUEUE, (data) => this.runQueued(data as unknown as QueuedJob), pollingIntervalSeconds);
    for (const definition of this.#host.list()) {
      for (const job of definition.jobs ?? []) {
        if (!job.cron) continue;
        const queue = cronQueue(definition.id, job.name);
        await this.#jobs.schedule(queue, job.cron);
        await this.#jobs.work(queue, () => this.runForEveryTenant(definition.id, job.name), pollingIntervalSeconds);
      }
    }
  }

  /** One queued job; skipped if the tenant disabled the plugin since it was queued. */
  async runQueued(queued: QueuedJob): Promise<'ran' | 'skipped'> {
    const handler = this.#host.get(queued.pluginId).jobs?.find((j) => j.name === queued.job)?.handler;
    if (!handler) return 'skipped';
    return inTenant(this.#knex, queued.tenantId, async (trx) => {
      const active = await this.#host.active(trx, queued.tenantId);
      if (!active.ids.has(queued.pluginId)) return 'skipped';
      await handler(active.context(queued.pluginId), queued.data);
      return 'ran';
    });
  }

  /**
   * A scheduled job: one transaction per tenant, each as that tenant, so row-level security holds
   * and one tenant's failure does not undo another's. Costs one short query per merchant per tick.
   */
  async runForEveryTenant(pluginId: string, job: string): Promise<{ ran: number }> {
    const tenants = await this.#knex('tenants').where({ status: 'active' }).pluck('id') as string[];
    let ran = 0;
    const failures: unknown[] = [];
    for (const tenantId of tenants) {
      try {
        if ((await this.runQueued({ pluginId, job, tenantId, data: {} })) === 'ran') ran += 1;
      } catch (error) {
        failures.push(error);
      }
    }
    // Failing the job after the loop retries it for all; each tenant's handler must be idempotent.
    if (failures.length > 0) throw new AggregateError(failures, `${pluginId}/${job} failed for ${failures.length} tenant(s)`);
    return { ran };
  }
}
