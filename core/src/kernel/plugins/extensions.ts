import type { PluginDefinition } from './plugin-definition.ts';

/**
 * What the enabled plugins add to the apps, for one signed-in staff member: admin menu entries
 * they are permitted to see, POS tenders/panels/actions, mall blocks and pages. The apps build
 * themselves from this at run time, so enabling a plugin needs no rebuild.
 */
export function extensionManifest(enabled: PluginDefinition[], permissions: readonly string[]) {
  const tag = <T extends object>(pluginId: string, items: T[] | undefined) => (items ?? []).map((item) => ({ ...item, pluginId }));
  return {
    admin: {
      menu: enabled.flatMap((d) => tag(d.id, d.admin?.menu).filter((entry) => !entry.permission || permissions.includes(entry.permission)))
        .sort((a, b) => (a.order ?? 100) - (b.order ?? 100) || a.key.localeCompare(b.key)),
    },
    pos: {
      tenders: enabled.flatMap((d) => tag(d.id, d.pos?.tenders)).sort((a, b) => (a.order ?? 100) - (b.order ?? 100)),
      cartPanels: enabled.flatMap((d) => tag(d.id, d.pos?.cartPanels)),
      actions: enabled.flatMap((d) => tag(d.id, d.pos?.actions)),
      scanHandlers: enabled.flatMap((d) => tag(d.id, d.pos?.scanHandlers)),
      receiptBlocks: enabled.flatMap((d) => tag(d.id, d.pos?.receiptBlocks)),
    },
    mall: {
      blocks: enabled.flatMap((d) => tag(d.id, d.mall?.blocks)),
      pages: enabled.flatMap((d) => tag(d.id, d.mall?.pages)),
    },
    plugins: enabled.map((d) => ({ id: d.id, version: d.version, name: d.name })),
  };
}
