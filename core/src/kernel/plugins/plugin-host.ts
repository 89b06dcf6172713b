import type { Knex } from 'knex';
import { newId } from '../../db/ids.ts';
import type { Trx } from '../../db/tenant-tx.ts';
import { errors } from '../../errors.ts';
import type { HookBus, ActivePlugins } from '../hooks/hook-bus.ts';
import type { PluginHooks } from '../hooks/plugin-hooks.ts';
import type { PaymentMethodRegistry } from '../../payments/payment-methods.ts';
import { KERNEL_API_VERSION } from '../version.ts';
import type { PluginContext, PluginDefinition } from './plugin-definition.ts';
import { resolvePlugins } from './resolver.ts';
import { openConfig } from './plugin-config.ts';
import { pluginSchema } from './plugin-migrations.ts';
import { createKernelFacade } from './kernel-facade.ts';
import type { PluginEvents } from '../events/plugin-events.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import { PLUGIN_JOB_QUEUE } from '../jobs/queues.ts';
import type { WechatpayBindings } from '../../wechatpay/merchant-binding.ts';

/**
 * How long a plugin route's gate trusts an earlier read that a tenant has a plugin enabled. Only
 * "enabled" is remembered, and the handler's transaction reads the enabled set again, so a stale
 * entry can at most let a request reach a handler that then refuses it.
 */
const ENABLED_SEEN_MS = 5000;

/** A plugin's SQL function name (db.call): a plain lowercase identifier. */
const SQL_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export interface PluginHostDeps {
  knex: Knex;
  hooks: HookBus;
  payments: PaymentMethodRegistry;
  events: PluginEvents;
  jobs: JobQueue;
  masterKey: Buffer;
  /** Merchants' WeChat Pay, for plugins with the wechatpay:use capability. */
  wechatpay: WechatpayBindings;
}

/**
 * Holds the plugins this server has loaded and answers, per transaction, which of them a
 * tenant has enabled. Loading wires each plugin's taps, payment methods and event consumers
 * once; whether they run for a tenant is decided per call from the tenant's enabled set.
 */
export class PluginHost {
  readonly #deps: PluginHostDeps;
  readonly #loaded = new Map<string, PluginDefinition>();
  readonly #active = new WeakMap<Trx, Promise<ActivePlugins>>();
  readonly #enabledSeen = new Map<string, { ids: Set<string>; at: number }>();

  constructor(deps: PluginHostDeps) {
    this.#deps = deps;
    deps.hooks.setActivePluginsLoader((trx, tenantId) => this.active(trx, tenantId));
    deps.payments.setAvailability((trx, tenantId, owner) => this.active(trx, tenantId).then((a) => a.ids.has(owner)));
    deps.events.setActivePluginsLoader((trx, tenantId) => this.active(trx, tenantId));
  }

  /** Checks the declarations together (manifests, kernel range, requirements, cycles) and wires them. */
  load(definitions: PluginDefinition[]): void {
    const ordered = resolvePlugins([...this.#loaded.values(), ...definitions], KERNEL_API_VERSION);
    for (const definition of ordered) {
      if (this.#loaded.has(definition.id)) continue;
      const hooks: PluginHooks = { tap: (name, fn, options) => this.#deps.hooks.register(definition.id, name, fn, options) };
      definition.hooks?.(hooks);
      for (const method of definition.paymentMethods ?? []) this.#deps.payments.register(method, definition.id);
      for (const [event, consumer] of Object.entries(definition.events ?? {})) {
        if (consumer) this.#deps.events.subscribe(definition.id, event, consumer);
      }
      this.#loaded.set(definition.id, definition);
    }
  }

  get(id: string): PluginDefinition {
    const definition = this.#loaded.get(id);
    if (!definition) throw errors.LS_PLUGIN_NOT_FOUND(`Plugin ${id} is not loaded by this server`);
    return definition;
  }

  list(): PluginDefinition[] {
    return [...this.#loaded.values()];
  }

  /** The plugins the tenant has enabled (and this server has loaded), read once per transaction. */
  active(trx: Trx, tenantId: string): Promise<ActivePlugins> {
    let active = this.#active.get(trx);
    if (!active) {
      active = this.#readActive(trx, tenantId);
      this.#active.set(trx, active);
    }
    return active;
  }

  /** Forgets what a transaction read (and this process saw of the tenant), after it changed what is enabled. */
  invalidate(trx: Trx, tenantId: string): void {
    this.#active.delete(trx);
    this.#enabledSeen.delete(tenantId);
  }

  /** Whether a read of the last few seconds found the plugin enabled for the tenant (see ENABLED_SEEN_MS). */
  seenEnabled(tenantId: string, pluginId: string): boolean {
    const seen = this.#enabledSeen.get(tenantId);
    return seen !== undefined && Date.now() - seen.at < ENABLED_SEEN_MS && seen.ids.has(pluginId);
  }

  async #readActive(trx: Trx, tenantId: string): Promise<ActivePlugins> {
    const rows = await trx('tenant_plugins').where({ enabled: true }).select('plugin_id', 'config') as { plugin_id: string; config: Record<string, unknown> }[];
    const configs = new Map(rows.filter((r) => this.#loaded.has(r.plugin_id)).map((r) => [r.plugin_id, r.config]));
    const ids = new Set(configs.keys());
    this.#enabledSeen.set(tenantId, { ids, at: Date.now() });
    const contexts = new Map<string, PluginContext>();
    return {
      ids,
      context: (pluginId) => {
        let ctx = contexts.get(pluginId);
        if (!ctx) {
          ctx = this.contextFor(trx, tenantId, pluginId, configs.get(pluginId) ?? {});
          contexts.set(pluginId, ctx);
        }
        return ctx;
      },
    };
  }

  /** A plugin's context in a transaction: its own tables, its config, the kernel it declared. */
  contextFor(trx: Trx, tenantId: string, pluginId: string, storedConfig: Record<string, unknown>): PluginContext {
    const definition = this.get(pluginId);
    const schema = pluginSchema(pluginId);
    return {
      pluginId,
      tenantId,
      config: openConfig(definition.config, this.#deps.masterKey, storedConfig),
      db: Object.assign((table: string) => trx(`${schema}.${table}`), {
        call: async <Row>(fn: string, args: readonly unknown[]) => {
          if (!SQL_NAME.test(fn)) throw new Error(`Plugin ${pluginId} called ${JSON.stringify(fn)}: not a function name`);
          const placeholders = args.map(() => '?').join(', ');
          return (await trx.raw(`select * from ??.??(${placeholders})`, [schema, fn, ...args] as Knex.RawBinding[])).rows as Row[];
        },
      }),
      kernel: createKernelFacade(trx, tenantId, pluginId, definition.permissions ?? [], { wechatpay: this.#deps.wechatpay, hooks: this.#deps.hooks, payments: this.#deps.payments }),
      jobs: {
        enqueue: async (job, data = {}) => {
          if (!definition.jobs?.some((j) => j.name === job)) throw new Error(`Plugin ${pluginId} has no job "${job}"`);
          await this.#deps.jobs.enqueue(trx, PLUGIN_JOB_QUEUE, [{ data: { pluginId, job, tenantId, data } }]);
        },
      },
    };
  }

  /** Writes one line of the plugin audit log (as the owner: the request role cannot). */
  async audit(entry: {
    pluginId: string; action: string; tenantId?: string | null; fromVersion?: string | null; toVersion?: string | null;
    actorAccountId?: string | null; outcome: 'succeeded' | 'failed'; error?: string | null;
  }): Promise<void> {
    await this.#deps.knex('plugin_audit').insert({
      id: newId(), plugin_id: entry.pluginId, action: entry.action, tenant_id: entry.tenantId ?? null,
      from_version: entry.fromVersion ?? null, to_version: entry.toVersion ?? null,
      actor_account_id: entry.actorAccountId ?? null, outcome: entry.outcome, error: entry.error?.slice(0, 2000) ?? null,
    });
  }
}
