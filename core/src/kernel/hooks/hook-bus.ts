import { AsyncSeriesWaterfallHook } from 'tapable';
import { errors, LingshouError } from '../../errors.ts';
import { hookModes, type HookCatalogue, type HookName, type PriceDraft } from './catalogue.ts';

type Payload<K extends HookName> = HookCatalogue[K]['payload'];
type Context<K extends HookName> = HookCatalogue[K]['context'];

/** A waterfall tap returns the new payload; a series tap returns nothing. */
export type TapFn<K extends HookName> = HookCatalogue[K]['mode'] extends 'waterfall'
  ? (payload: Payload<K>, context: Context<K>) => Promise<Payload<K>>
  : (payload: Payload<K>, context: Context<K>) => Promise<void>;

export interface TapOptions {
  pluginId: string;
  /** Run before these plugins' taps on the same hook. */
  before?: string[];
  /** Lower stages run first (tapable's stage); the default is 0. */
  stage?: number;
}

/** Decides, per call, whether a plugin's taps run for the tenant in the context. */
export type EnabledCheck = (tenantId: string, pluginId: string) => boolean;

/**
 * The kernel's hooks. Only the kernel calls them; plugins tap them. Both modes run on tapable's
 * AsyncSeriesWaterfallHook (a series tap passes the payload through), in a deterministic order.
 */
export class HookBus {
  readonly #hooks = new Map<HookName, AsyncSeriesWaterfallHook<[unknown, unknown]>>();
  #isEnabled: EnabledCheck = () => true;

  constructor() {
    for (const name of Object.keys(hookModes) as HookName[]) {
      this.#hooks.set(name, new AsyncSeriesWaterfallHook(['payload', 'context'], name));
    }
  }

  /** The plugin host tells the bus which plugins each tenant has enabled. */
  setEnabledCheck(check: EnabledCheck): void {
    this.#isEnabled = check;
  }

  tap<K extends HookName>(name: K, options: TapOptions, fn: TapFn<K>): void {
    const hook = this.#hooks.get(name);
    if (!hook) throw new Error(`Unknown hook "${String(name)}" tapped by plugin ${options.pluginId}`);
    if (typeof fn !== 'function') throw new Error(`Hook "${name}" tapped by ${options.pluginId} with a non-function`);
    const waterfall = hookModes[name] === 'waterfall';
    hook.tapPromise(
      // tapable accepts an array for `before` at run time; its types only say string.
      { name: options.pluginId, stage: options.stage ?? 0, ...(options.before ? { before: options.before as unknown as string } : {}) },
      async (payload, context) => {
        const tenantId = (context as { tenantId: string }).tenantId;
        if (!this.#isEnabled(tenantId, options.pluginId)) return payload;
        try {
          const result = await (fn as (p: unknown, c: unknown) => Promise<unknown>)(payload, context);
          if (!waterfall) return payload;
          if (name === 'checkout.price') attributeAdjustments(payload as PriceDraft, result as PriceDraft, options.pluginId);
          return result;
        } catch (error) {
          if (error instanceof LingshouError && error.statusCode < 500) {
            throw Object.assign(error, { extra: { ...(error.extra ?? {}), plugin: options.pluginId } });
          }
          throw errors.LS_PLUGIN_HOOK_FAILED(`Plugin ${options.pluginId} failed in ${name}`, {
            cause: error, extra: { plugin: options.pluginId, hook: name },
          });
        }
      },
    );
  }

  async call<K extends HookName>(name: K, payload: Payload<K>, context: Context<K>): Promise<Payload<K>> {
    const hook = this.#hooks.get(name)!;
    if (hook.taps.length === 0) return payload;
    return (await hook.promise(payload, context)) as Payload<K>;
  }
}

/**
 * A price tap may only add adjustments, and those it adds are recorded under its own id,
 * whatever source it wrote: an order always shows which plugin changed its price.
 */
function attributeAdjustments(before: PriceDraft, after: PriceDraft, pluginId: string): void {
  const kept = before.adjustments.length;
  if (!after || !Array.isArray(after.adjustments) || after.adjustments.length < kept || after.lines !== before.lines) {
    throw new Error(`checkout.price tap ${pluginId} must return the draft with its adjustments appended`);
  }
  for (let i = kept; i < after.adjustments.length; i++) after.adjustments[i] = { ...after.adjustments[i]!, source: pluginId };
}
