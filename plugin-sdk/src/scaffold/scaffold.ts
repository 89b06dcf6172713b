import { cpSync, existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KERNEL_API_VERSION, manifestProblems } from '@lingshou/core';

const TEMPLATE = fileURLToPath(new URL('../../templates/plugin', import.meta.url));
const SDK_PACKAGE = fileURLToPath(new URL('../../package.json', import.meta.url));

/** Template files whose names npm or the tools would treat specially until they are written out. */
const RENAMES: Record<string, string> = { taprc: '.taprc' };

export interface ScaffoldOptions {
  id: string;
  /** The folder the plugin's folder goes in (default `plugins`). */
  parent: string;
  /** The npm package name (default `lingshou-plugin-<id>`). */
  packageName?: string;
}

/** `merchant-coupon` → `Merchant Coupon`. */
const titleOf = (id: string) => id.split('-').map((word) => word[0]!.toUpperCase() + word.slice(1)).join(' ');

/** `2026-11-28T09:30:00Z` → `20261128093000`, the migration file prefix. */
const stampOf = (date: Date) => date.toISOString().replace(/\D/g, '').slice(0, 14);

/**
 * Writes a working plugin package at `<parent>/<id>`: package.json, tsconfig, a declaration with
 * one tap and one route, one migration, and a test on the SDK's test kit that passes as written.
 * The id is checked by the manifest's own rule; an existing, non-empty folder is never touched.
 */
export function scaffoldPlugin(options: ScaffoldOptions): { dir: string; files: string[] } {
  const { id } = options;
  const problems = manifestProblems({ id, version: '0.1.0', kernel: '*', name: { zh: id, en: id } });
  if (problems.length > 0) throw new Error(`"${id}" cannot be a plugin id: ${problems.join('; ')} (lower-case words joined by dashes, e.g. merchant-coupon)`);
  const dir = resolve(options.parent, id);
  if (existsSync(dir) && readdirSync(dir).length > 0) throw new Error(`${dir} already exists and is not empty`);

  const values: Record<string, string> = {
    __PLUGIN_ID__: id,
    __PLUGIN_TITLE__: titleOf(id),
    __PACKAGE_NAME__: options.packageName ?? `lingshou-plugin-${id}`,
    __SDK_VERSION__: (JSON.parse(readFileSync(SDK_PACKAGE, 'utf8')) as { version: string }).version,
    __KERNEL_RANGE__: `^${KERNEL_API_VERSION.split('.')[0]}.0.0`,
    __STAMP__: stampOf(new Date()),
  };
  const fill = (text: string) => text.replace(/__[A-Z_]+?__/g, (key) => values[key] ?? key);

  cpSync(TEMPLATE, dir, { recursive: true });
  const files: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        walk(path);
        continue;
      }
      const base = fill(entry.name.replace(/\.tmpl$/, ''));
      const target = join(folder, RENAMES[base] ?? base);
      writeFileSync(path, fill(readFileSync(path, 'utf8')));
      renameSync(path, target);
      files.push(relative(dir, target));
    }
  };
  walk(dir);
  return { dir, files: files.sort() };
}

/** What to do next, printed after `new`. */
export function nextSteps(dir: string): string {
  const where = relative(process.cwd(), dir) || '.';
  return [
    `Created ${where}.`,
    'Next:',
    `  cd ${where} && npm install   (in a Lingshou checkout, npm install at the root links it instead)`,
    '  npm test         its test, on a fresh kernel with two merchants',
    '  npm run verify   manifest, kernel range, migrations, permissions, imports',
    `Guide: docs/plugins.md. Load it in a server with LINGSHOU_PLUGINS=<package name>.`,
  ].join('\n');
}
