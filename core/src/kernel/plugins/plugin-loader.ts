import type { PluginDefinition } from './plugin-definition.ts';

/** The plugins that ship with Lingshou (npm workspaces under plugins/). */
export const firstPartyPlugins = ['@lingshou/plugin-greetings', '@lingshou/plugin-wechat-voucher', '@lingshou/plugin-merchant-coupon', '@lingshou/plugin-printers'];

/**
 * The packages this server loads: `LINGSHOU_PLUGINS` (comma-separated package names, for
 * third-party plugins installed with npm) or, by default, the first-party ones.
 */
export function configuredPluginPackages(env: NodeJS.ProcessEnv = process.env): string[] {
  const listed = env.LINGSHOU_PLUGINS;
  if (listed === undefined) return firstPartyPlugins;
  return listed.split(',').map((name) => name.trim()).filter(Boolean);
}

/** Imports each package's default export; a package that is missing or exports no plugin stops the boot, by name. */
export async function loadPluginPackages(names: string[]): Promise<PluginDefinition[]> {
  const definitions: PluginDefinition[] = [];
  for (const name of names) {
    let module: { default?: unknown };
    try {
      module = (await import(name)) as { default?: unknown };
    } catch (error) {
      throw new Error(`Plugin package ${name} could not be imported: ${(error as Error).message}`, { cause: error });
    }
    const definition = module.default as PluginDefinition | undefined;
    if (!definition || typeof definition !== 'object' || typeof definition.id !== 'string') {
      throw new Error(`Plugin package ${name} has no plugin as its default export (definePlugin({...}))`);
    }
    definitions.push(definition);
  }
  return definitions;
}
