import { existsSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { PluginDefinition } from '@lingshou/core';
import { uiEntries } from '../ui-build/build-ui.ts';

/**
 * Each `kind: 'bundle'` admin page names a module the server must find in the plugin's `ui`
 * folder: a missing one is a menu entry that opens an error.
 */
export function uiPageFindings(definition: PluginDefinition, dir: string): { problems: string[]; notes: string[] } {
  const problems: string[] = [];
  const notes: string[] = [];
  const bundles = (definition.admin?.menu ?? []).flatMap((entry, i) =>
    entry.page?.kind === 'bundle' ? [{ at: `admin.menu.${i}.page.module`, module: entry.page.module }] : []);
  const sources = uiEntries(dir).length;
  if (bundles.length === 0) {
    notes.push(sources > 0 ? `${sources} ui-src page(s), but no admin page of kind 'bundle' uses them` : 'no bundle pages');
    return { problems, notes };
  }
  if (!definition.ui) {
    problems.push(`${bundles[0]!.at} names ${bundles[0]!.module}, but the declaration has no ui folder`);
    return { problems, notes };
  }
  const folder = resolve(definition.ui);
  if (!folder.startsWith(dir + sep)) problems.push(`ui ${definition.ui} is outside the package`);
  const hint = sources > 0 ? ': run lingshou-plugin build-ui' : '';
  for (const { at, module } of bundles) {
    if (existsSync(join(folder, module))) notes.push(`${at}: ${relative(dir, join(folder, module))}`);
    else problems.push(`${at} names ${module}, which is not in ${relative(dir, folder) || '.'}${hint}`);
  }
  return { problems, notes };
}
