import { AsyncSeriesBailHook, AsyncSeriesHook, AsyncSeriesWaterfallHook } from 'tapable';
import { errors, LingshouError } from '../../errors.ts';
import type { Trx } from '../../db/tenant-tx.ts';
import type { PluginContext } from '../plugins/plugin-definition.ts';
import { hookCatalogue, type HookCall, type HookCatalogue, type HookName } from './catalogue.ts';
import type { TapFn, TapOptions } from './plugin-hooks.ts';

/** The plugins a tenant has enabled, as seen from one transaction. */
export interface ActivePlugins {
  ids: ReadonlySet<string>;
  context(pluginId: string): PluginContext;
}

export type ActivePluginsLoader = (trx: Trx, tenantId: string) => Promise<ActivePlugins>;

interface TapRecord {
  pluginId: string;
  fn: TapFn<HookName>;
  options: TapOptions;
}

interface CallState {
  active: ActivePlugins;
  info: Record<string, unknown>;
}

type CompiledHook = { promise(payload: unknown, call: CallState): Promise<unknown> };

const DEFAULT_TIMEOUT_MS = 2000;
const MAX_COMPILED = 2000;

/**
 * The kernel's hooks. Plugins tap them (through the plugin host); only the kernel calls them.
 * A call runs the taps of the plugins the tenant has enabled, and no others: for each set of
 * enabled plugins the bus compiles a tapable hook once, so the cost of a call grows with the
 * plugins a tenant enabled, not with all those installed.
 */
export class HookBus {
  readonly #taps = new Map<HookName, Map<string, TapRecord[]>>();
  readonly #compiled = new Map<string, CompiledHook>();
  #load: ActivePluginsLoader = async () => ({ ids: new Set(), context: () => { throw new Error('no plugin host'); } });

  setActivePluginsLoader(load: ActivePluginsLoader): void {
    this.#load = load;
  }

  /** Fails at registration, not at call time, for an unknown hook or a non-function. */
  register<K extends HookName>(pluginId: string, name: K, fn: TapFn<K>, options: TapOptions = {}): void {
    if (!Object.hasOwn(hookCatalogue, name)) throw new Error(`Plugin ${pluginId} tapped an unknown hook "${String(name)}"`);
    if (typeof fn !== 'function') throw new Error(`Plugin ${pluginId} tapped "${name}" with a non-function`);
    const byPlugin = this.#taps.get(name) ?? new Map<string, TapRecord[]>();
    this.#taps.set(name, byPlugin);
    byPlugin.set(pluginId, [...(byPlugin.get(pluginId) ?? []), { pluginId, fn: fn as unknown as TapFn<HookName>, options }]);
    this.#compiled.clear();
  }

  /** Forgets a plugin's taps (uninstall). */
  unregister(pluginId: string): void {
    for (const byPlugin of this.#taps.values()) byPlugin.delete(pluginId);
    this.#compiled.clear();
  }

  async call<K extends HookName>(name: K, payload: HookCatalogue[K]['payload'], call: HookCall<K>): Promise<HookCatalogue[K]['result']> {
    const idle = (hookCatalogue[name].mode === 'waterfall' ? payload : undefined) as HookCatalogue[K]['result'];
    const byPlugin = this.#taps.get(name);
    if (!byPlugin || byPlugin.size === 0) return idle;
    const active = await this.#load(call.trx, call.tenantId);
    const ids: string[] = [];
    for (const id of active.ids) if (byPlugin.has(id)) ids.push(id);
    if (ids.length === 0) return idle;
    ids.sort();
    const key = `${name}|${ids.join(',')}`;
    let hook = this.#compiled.get(key);
    if (!hook) {
      hook = this.#compile(name, ids.flatMap((id) => byPlugin.get(id) ?? []));
      if (this.#compiled.size >= MAX_COMPILED) this.#compiled.clear();
      this.#compiled.set(key, hook);
    }
    const result = await hook.promise(payload, { active, info: call.info as Record<string, unknown> });
    return (result ?? idle) as HookCatalogue[K]['result'];
  }

  #compile(name: HookName, records: TapRecord[]): CompiledHook {
    const mode = hookCatalogue[name].mode;
    const hook = mode === 'waterfall'
      ? new AsyncSeriesWaterfallHook<[unknown, CallState]>(['payload', 'call'], name)
      : mode === 'bail'
        ? new AsyncSeriesBailHook<[unknown, CallState], unknown>(['payload', 'call'], name)
        : new AsyncSeriesHook<[unknown, CallState]>(['payload', 'call'], name);
    for (const record of records) {
      hook.tapPromise(
        // tapable accepts an array for `before` at run time; its types only say string.
        { name: record.pluginId, stage: record.options.stage ?? 0, ...(record.options.before ? { before: record.options.before as unknown as string } : {}) },
        (payload: unknown, call: CallState) => runTap(name, mode, record, payload, call) as Promise<never>,
      );
    }
    return hook as unknown as CompiledHook;
  }
}

async function runTap(name: HookName, mode: string, record: TapRecord, payload: unknown, call: CallState): Promise<unknown> {
  const { pluginId } = record;
  const inputs = call.info.pluginInputs as Record<string, unknown> | undefined;
  const ctx = { ...call.active.context(pluginId), ...call.info, input: inputs?.[pluginId] };
  const timeoutMs = record.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let timer: NodeJS.Timeout | undefined;
  try {
    const result = await Promise.race([
      (record.fn as (p: unknown, c: unknown) => Promise<unknown>)(payload, ctx),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(errors.LS_PLUGIN_HOOK_TIMEOUT(`Plugin ${pluginId} took longer than ${timeoutMs} ms in ${name}`, {
          extra: { plugin: pluginId, hook: name },
        })), timeoutMs);
      }),
    ]);
    // A scan result says which plugin recognised the code.
    if (mode === 'bail') return result === undefined || result === null ? undefined : { ...(result as object), source: pluginId };
    if (mode !== 'waterfall') return result;
    const list = hookCatalogue[name].appends;
    if (list) attributeAppended(name, list, payload as Record<string, unknown>, result as Record<string, unknown>, pluginId);
    return result;
  } catch (error) {
    if (error instanceof LingshouError && error.statusCode < 500) {
      throw new LingshouError(error.code, error.statusCode, error.message, {
        field: error.field, cause: error, extra: { ...(error.extra ?? {}), plugin: pluginId },
      });
    }
    if (error instanceof LingshouError && error.code === 'LS_PLUGIN_HOOK_TIMEOUT') throw error;
    throw errors.LS_PLUGIN_HOOK_FAILED(`Plugin ${pluginId} failed in ${name}`, { cause: error, extra: { plugin: pluginId, hook: name } });
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A tap may only append to its hook's list (a price draft's adjustments, a receipt's blocks), and
 * what it appends is recorded under its own id, whatever source it wrote: an order always shows
 * which plugin changed its price.
 */
function attributeAppended(name: HookName, list: string, before: Record<string, unknown>, after: Record<string, unknown>, pluginId: string): void {
  const kept = (before[list] as unknown[]).length;
  const items = after?.[list];
  if (!Array.isArray(items) || items.length < kept || (name === 'checkout.price' && after.lines !== before.lines)) {
    throw new Error(`${name} tap ${pluginId} must return the payload with its ${list} appended`);
  }
  for (let i = kept; i < items.length; i++) items[i] = { ...(items[i] as object), source: pluginId };
}
