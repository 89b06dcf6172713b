import type { PluginDefinition } from './plugin-definition.ts';

/**
 * Declares a plugin. Returns the declaration as given (the host checks it when it loads it);
 * its purpose is the type: everything a plugin adds, checked by the compiler in one object,
 * with `Config` typing what its taps and routes read from `ctx.config`.
 */
export function definePlugin<Config = Record<string, unknown>>(definition: PluginDefinition<Config>): PluginDefinition {
  // The host handles every plugin alike; the config type matters only inside the declaration.
  return definition as unknown as PluginDefinition;
}
