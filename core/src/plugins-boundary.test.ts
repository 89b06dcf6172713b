import t from 'tap';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importProblems } from '@lingshou/plugin-sdk/verify';

const pluginsDir = fileURLToPath(new URL('../../plugins/', import.meta.url));
const packages = readdirSync(pluginsDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(pluginsDir, entry.name, 'package.json')))
  .map((entry) => entry.name);

/**
 * The plugin boundary, for every package under plugins/: its code imports @lingshou/plugin-sdk,
 * node: built-ins, its own files and its declared dependencies, never @lingshou/core or a path
 * out of its folder. The same rule `lingshou-plugin verify` applies to third-party plugins.
 */
t.test('plugins import only the SDK and what they declare', async (t) => {
  t.ok(packages.includes('greetings'), `${packages.length} plugin packages: ${packages.join(', ')}`);
  for (const name of packages) {
    t.same(importProblems(join(pluginsDir, name)), [], `plugins/${name} keeps to the boundary`);
  }
});
