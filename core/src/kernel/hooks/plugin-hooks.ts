import type { HookCatalogue, HookName } from './catalogue.ts';
import type { PluginContext } from '../plugins/plugin-definition.ts';

/** What a tap receives besides the payload: the plugin's context, the hook's info and its own input. */
export type TapContext<K extends HookName, Config = Record<string, unknown>> =
  PluginContext<Config> & HookCatalogue[K]['info'] & { input: unknown };

export type TapFn<K extends HookName, Config = Record<string, unknown>> = (
  payload: HookCatalogue[K]['payload'],
  ctx: TapContext<K, Config>,
) => Promise<HookCatalogue[K]['result']>;

export interface TapOptions {
  /** Run before these plugins' taps on the same hook. */
  before?: string[];
  /** Lower stages run first; the default is 0. */
  stage?: number;
  /** How long the tap may take before the operation is aborted; the default is 2000 ms. */
  timeoutMs?: number;
}

/** The hooks as a plugin sees them: `h.tap('checkout.price', async (draft, ctx) => draft)`. */
export interface PluginHooks<Config = Record<string, unknown>> {
  tap<K extends HookName>(name: K, fn: TapFn<K, Config>, options?: TapOptions): void;
}
