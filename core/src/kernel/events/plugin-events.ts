import { newId } from '../../db/ids.ts';
import { inTenant, type Trx } from '../../db/tenant-tx.ts';
import type { Knex } from 'knex';
import type { JobQueue } from '../jobs/job-queue.ts';
import { EVENT_QUEUE } from '../jobs/queues.ts';
import type { ActivePlugins } from '../hooks/hook-bus.ts';
import type { PluginContext } from '../plugins/plugin-definition.ts';
import { eventCatalogue, type EventName } from './event-catalogue.ts';

type Consumer = (ctx: PluginContext, payload: Record<string, unknown>) => Promise<void>;

interface EventJob {
  eventId: string;
  event: string;
  consumer: string;
  tenantId: string;
  payload: Record<string, unknown>;
}

/** Consecutive failures after which a plugin shows as degraded for a tenant. */
export const DEGRADED_AFTER = 3;

/**
 * Delivers after-commit events to plugins. emit() enqueues one job per consuming plugin the
 * tenant has enabled, in the emitting transaction (pg-boss's job table is the outbox). A worker
 * runs each job in the tenant's transaction, records the delivery under (consumer, event id) so
 * a redelivered job changes nothing, and counts failures so a failing plugin shows as degraded.
 */
export class PluginEvents {
  readonly #consumers = new Map<string, Map<string, Consumer>>();
  readonly #knex: Knex;
  readonly #jobs: JobQueue;
  #active!: (trx: Trx, tenantId: string) => Promise<ActivePlugins>;

  constructor(knex: Knex, jobs: JobQueue) {
    this.#knex = knex;
    this.#jobs = jobs;
  }

  setActivePluginsLoader(load: (trx: Trx, tenantId: string) => Promise<ActivePlugins>): void {
    this.#active = load;
  }

  subscribe(pluginId: string, event: string, consumer: Consumer): void {
    if (!Object.hasOwn(eventCatalogue, event)) throw new Error(`Plugin ${pluginId} consumes an unknown event "${event}"`);
    const byPlugin = this.#consumers.get(event) ?? new Map<string, Consumer>();
    byPlugin.set(pluginId, consumer);
    this.#consumers.set(event, byPlugin);
  }

  async emit(trx: Trx, tenantId: string, event: EventName, payload: Record<string, unknown>): Promise<void> {
    const byPlugin = this.#consumers.get(event);
    if (!byPlugin || byPlugin.size === 0) return;
    const active = await this.#active(trx, tenantId);
    const eventId = newId();
    const jobs = [...byPlugin.keys()].filter((id) => active.ids.has(id)).map((consumer) => ({
      data: { eventId, event, consumer, tenantId, payload } satisfies EventJob,
      singletonKey: `${consumer}:${eventId}`,
    }));
    await this.#jobs.enqueue(trx, EVENT_QUEUE, jobs);
  }

  /** Starts this process's worker for event jobs. */
  async startWorker(pollingIntervalSeconds?: number): Promise<void> {
    await this.#jobs.work(EVENT_QUEUE, (data) => this.deliver(data as unknown as EventJob), pollingIntervalSeconds);
  }

  /** Runs one event job: at most one effect per (consumer, event), however often it comes. */
  async deliver(job: EventJob): Promise<'delivered' | 'duplicate' | 'skipped'> {
    const consumer = this.#consumers.get(job.event)?.get(job.consumer);
    if (!consumer) return 'skipped';
    try {
      const outcome = await inTenant(this.#knex, job.tenantId, async (trx) => {
        const active = await this.#active(trx, job.tenantId);
        // Disabled since the event: its consumer no longer runs for this tenant.
        if (!active.ids.has(job.consumer)) return 'skipped' as const;
        const claimed = await trx.raw(
          `insert into event_deliveries (tenant_id, consumer, event_id) values (?, ?, ?) on conflict do nothing returning event_id`,
          [job.tenantId, job.consumer, job.eventId],
        );
        if (claimed.rows.length === 0) return 'duplicate' as const;
        await consumer(active.context(job.consumer), job.payload);
        await trx('tenant_plugins').where({ plugin_id: job.consumer }).where('consecutive_failures', '>', 0)
          .update({ consecutive_failures: 0, degraded_since: null, last_error: null });
        return 'delivered' as const;
      });
      return outcome;
    } catch (error) {
      await this.#recordFailure(job, error);
      throw error;
    }
  }

  async #recordFailure(job: EventJob, error: unknown): Promise<void> {
    await inTenant(this.#knex, job.tenantId, (trx) => trx('tenant_plugins').where({ plugin_id: job.consumer }).update({
      consecutive_failures: trx.raw('consecutive_failures + 1'),
      degraded_since: trx.raw(`case when consecutive_failures + 1 >= ? then coalesce(degraded_since, now()) else degraded_since end`, [DEGRADED_AFTER]),
      last_error: `${job.event}: ${(error as Error)?.message ?? String(error)}`.slice(0, 2000),
      updated_at: trx.fn.now(),
    }));
  }
}
