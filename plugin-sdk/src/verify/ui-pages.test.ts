import t from 'tap';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PluginDefinition } from '@lingshou/core';
import { uiPageFindings } from './ui-pages.ts';

const dir = mkdtempSync(join(tmpdir(), 'lingshou-ui-pages-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
mkdirSync(join(dir, 'ui'));
mkdirSync(join(dir, 'ui-src'));
writeFileSync(join(dir, 'ui', 'notes.js'), 'export default function Notes() { return null; }\n');
writeFileSync(join(dir, 'ui-src', 'notes.tsx'), 'export default function Notes() { return null; }\n');

const plugin = (ui: string | undefined, modules: string[]): PluginDefinition => ({
  id: 'shop-notes', version: '0.1.0', kernel: '^1.0.0', name: { zh: '便签', en: 'Notes' }, ui,
  admin: { menu: modules.map((module, i) => ({ key: `page-${i}`, label: { zh: '便签', en: 'Notes' }, page: { kind: 'bundle', module } })) },
});

t.test('each bundle page\'s module must be built into the ui folder', async (t) => {
  t.same(uiPageFindings(plugin(join(dir, 'ui'), ['notes.js']), dir), { problems: [], notes: ['admin.menu.0.page.module: ui/notes.js'] });
  const missing = uiPageFindings(plugin(join(dir, 'ui'), ['notes.js', 'stats.js']), dir);
  t.same(missing.problems, ['admin.menu.1.page.module names stats.js, which is not in ui: run lingshou-plugin build-ui']);
});

t.test('a bundle page without a ui folder, or a ui folder outside the package', async (t) => {
  t.match(uiPageFindings(plugin(undefined, ['notes.js']), dir).problems, [/names notes\.js, but the declaration has no ui folder/]);
  t.match(uiPageFindings(plugin(tmpdir(), ['notes.js']), dir).problems[0], /is outside the package/);
});

t.test('no bundle pages: nothing to check, unbuilt sources noted', async (t) => {
  t.same(uiPageFindings(plugin(undefined, []), dir), { problems: [], notes: ['1 ui-src page(s), but no admin page of kind \'bundle\' uses them'] });
});
