import type { PluginDefinition } from '@lingshou/plugin-sdk';
import { disabledCheckoutPlugins, enabledCheckoutPlugins } from './checkout-plugins.ts';

/**
 * Plugin sets a bench server can load, by name. The harness turns a set into LINGSHOU_PLUGINS
 * (one tiny module per plugin whose default export is `pluginById(id)`), so the server loads
 * them exactly as it loads installed plugin packages. Loading is not enabling: scenarios install
 * and enable plugins per tenant through the API, as an operator and a merchant would.
 */
export const pluginProfiles: Record<string, () => PluginDefinition[]> = {
  /** No plugin loaded at all: the kernel by itself. */
  kernel: () => [],
  /** Issue 3: 12 checkout plugins to enable and 100 to leave disabled. */
  'checkout-plugins': () => [...enabledCheckoutPlugins(), ...disabledCheckoutPlugins()],
};

/**
 * Plugin sets that are real plugin packages of this repository, by the module whose default
 * export is the plugin: the server imports it as it imports an installed package. The harness
 * never imports them itself, so a plugin being changed cannot break the other scenarios.
 */
export const packageProfiles: Record<string, string> = {
  /** Issue 9 §5: the hot claim of one merchant-coupon stock. */
  'merchant-coupon': '../../plugins/merchant-coupon/src/index.ts',
};

/** The plugins of one or more profiles (`a,b`), each once (package profiles aside: see packageProfiles). */
export function pluginsFor(profile: string): PluginDefinition[] {
  const seen = new Set<string>();
  const plugins: PluginDefinition[] = [];
  for (const name of profile.split(',').map((s) => s.trim()).filter(Boolean)) {
    if (name in packageProfiles) continue;
    const make = pluginProfiles[name];
    if (!make) throw new Error(`Unknown plugin profile "${name}" (known: ${[...Object.keys(pluginProfiles), ...Object.keys(packageProfiles)].join(', ')})`);
    for (const plugin of make()) {
      if (!seen.has(plugin.id)) plugins.push(plugin);
      seen.add(plugin.id);
    }
  }
  return plugins;
}

let all: Map<string, PluginDefinition> | undefined;

/** One bench plugin by id, from any profile (the same definition object for every caller in a process). */
export function pluginById(id: string): PluginDefinition {
  all ??= new Map(pluginsFor(Object.keys(pluginProfiles).join(',')).map((p) => [p.id, p]));
  const plugin = all.get(id);
  if (!plugin) throw new Error(`No bench plugin ${id}`);
  return plugin;
}
