/**
 * Builds the front-end apps (admin, cashier, mall H5 + weapp) and the first-party plugins' admin
 * pages (`plugins/<id>/ui-src` → `ui/`) whose build is missing or older than their sources.
 * `npm start` and `npm test` run it first, so a fresh clone serves and tests built apps without a
 * separate step; `--force` rebuilds all.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { buildPluginUi, uiEntries, UI_OUTPUT_DIR } from '@lingshou/plugin-sdk/ui-build';

const root = resolve(import.meta.dirname, '..');

interface AppBuild { workspace: string; output: string }

const apps: AppBuild[] = [
  { workspace: 'admin', output: 'admin/dist/index.html' },
  { workspace: 'cashier', output: 'cashier/dist/index.html' },
  { workspace: 'miniapp', output: 'miniapp/dist/h5/index.html' },
];

const ignored = new Set(['node_modules', 'dist', '.temp', '.swc']);

/** Newest modification time of the files an app is built from (its folder, minus outputs). */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (ignored.has(entry.name)) continue;
    const path = join(dir, entry.name);
    const time = entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs;
    if (time > newest) newest = time;
  }
  return newest;
}

const force = process.argv.includes('--force');
for (const app of apps) {
  const dir = join(root, app.workspace);
  const pkg = join(dir, 'package.json');
  if (!existsSync(pkg) || !existsSync(join(dir, 'src'))) continue;
  const output = join(root, app.output);
  const fresh = existsSync(output) && statSync(output).mtimeMs >= newestSource(dir);
  if (fresh && !force) continue;
  process.stdout.write(`building ${app.workspace}…\n`);
  execFileSync('npm', ['run', 'build', '-w', app.workspace], { cwd: root, stdio: 'inherit' });
}

/**
 * A plugin's pages are stale when one is missing or older than the plugin's `ui-src` and `src`
 * (a page may import the plugin's own modules, as merchant-coupon's form shares its text limits).
 */
function pluginUiStale(dir: string, entries: string[]): boolean {
  const built = entries.map((entry) => join(dir, UI_OUTPUT_DIR, `${basename(entry, '.tsx')}.js`));
  if (!built.every((file) => existsSync(file))) return true;
  const oldest = Math.min(...built.map((file) => statSync(file).mtimeMs));
  return ['ui-src', 'src'].some((folder) => existsSync(join(dir, folder)) && newestSource(join(dir, folder)) > oldest);
}

const pluginsDir = join(root, 'plugins');
for (const id of existsSync(pluginsDir) ? readdirSync(pluginsDir).sort() : []) {
  const dir = join(pluginsDir, id);
  const entries = uiEntries(dir);
  if (entries.length === 0 || (!force && !pluginUiStale(dir, entries))) continue;
  process.stdout.write(`building plugins/${id}/ui…\n`);
  await buildPluginUi(dir);
}
