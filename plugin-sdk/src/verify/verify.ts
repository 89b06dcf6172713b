import { existsSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { KERNEL_API_VERSION, manifestProblems, PluginLoadError, resolvePlugins, type PluginDefinition } from '@lingshou/core';
import { checkMigrations } from '../testing/index.ts';
import { importProblems, readPackageJson, serverSourceFiles } from './imports.ts';
import { permissionFindings } from './permissions.ts';
import { uiPageFindings } from './ui-pages.ts';

export interface Check {
  name: string;
  problems: string[];
  notes: string[];
}

export interface VerifyReport {
  dir: string;
  checks: Check[];
  ok: boolean;
}

/** The module a package's importers get: `exports['.']` (a string or its import/default), else `main`. */
function entryOf(pkg: ReturnType<typeof readPackageJson>): string | undefined {
  const root = typeof pkg.exports === 'object' && pkg.exports !== null && '.' in pkg.exports
    ? (pkg.exports as Record<string, unknown>)['.'] : pkg.exports;
  if (typeof root === 'string') return root;
  if (typeof root === 'object' && root !== null) {
    const conditional = root as Record<string, unknown>;
    const target = conditional.import ?? conditional.default;
    if (typeof target === 'string') return target;
  }
  return pkg.main;
}

async function loadPlugin(dir: string, check: Check): Promise<PluginDefinition | undefined> {
  const pkg = readPackageJson(dir);
  const entry = entryOf(pkg);
  if (!entry) {
    check.problems.push('package.json has no exports["."] or main: the host imports the package by name');
    return undefined;
  }
  try {
    const module = (await import(pathToFileURL(join(dir, entry)).href)) as { default?: unknown };
    const definition = module.default as PluginDefinition | undefined;
    if (!definition || typeof definition !== 'object') {
      check.problems.push(`${entry} has no default export: export default definePlugin({...})`);
      return undefined;
    }
    check.notes.push(`${pkg.name}@${pkg.version}: plugin ${String(definition.id)} from ${entry}`);
    return definition;
  } catch (error) {
    check.problems.push(`${entry} could not be imported: ${(error as Error).message}`);
    return undefined;
  }
}

/**
 * Checks a plugin package before it is published or loaded: its declaration (the manifest the
 * host validates), the kernel range against this kernel, its version against package.json,
 * the modules its bundle pages name, reversible migrations, declared capabilities against the
 * code, and imports that keep to the SDK.
 * Every check runs that can; a check that cannot (no loadable declaration) says why.
 */
export async function verifyPlugin(dirArg: string, options: { migrations?: boolean } = {}): Promise<VerifyReport> {
  const dir = resolve(dirArg);
  const checks: Check[] = [];
  const check = (name: string): Check => {
    const made = { name, problems: [], notes: [] };
    checks.push(made);
    return made;
  };
  const done = () => ({ dir, checks, ok: checks.every((c) => c.problems.length === 0) });

  const pkgCheck = check('package');
  if (!existsSync(join(dir, 'package.json'))) {
    pkgCheck.problems.push(`${dir} has no package.json`);
    return done();
  }
  const pkg = readPackageJson(dir);
  const files = serverSourceFiles(dir);
  const definition = await loadPlugin(dir, pkgCheck);

  const imports = check('imports');
  imports.problems.push(...importProblems(dir));
  if (imports.problems.length === 0) imports.notes.push(`${files.length} files import only @lingshou/plugin-sdk, node: built-ins, their own files and declared dependencies`);
  if (!definition) return done();

  const manifest = check('manifest');
  manifest.problems.push(...manifestProblems(definition));
  if (manifest.problems.length > 0) return done();

  const kernel = check('kernel');
  try {
    // Requirements are checked when the host loads the set of plugins; here only the kernel range.
    resolvePlugins([{ ...definition, requires: {} }], KERNEL_API_VERSION);
    kernel.notes.push(`${definition.kernel} accepts this kernel's API ${KERNEL_API_VERSION}`);
  } catch (error) {
    kernel.problems.push(...(error instanceof PluginLoadError ? error.problems : [(error as Error).message]));
  }
  for (const [id, range] of Object.entries(definition.requires ?? {})) kernel.notes.push(`requires ${id} ${range}: install it with this one`);

  const version = check('version');
  if (definition.version !== pkg.version) version.problems.push(`declares version ${definition.version}, but package.json says ${pkg.version}`);
  else version.notes.push(`${definition.version}, as in package.json`);

  const ui = check('ui');
  const pages = uiPageFindings(definition, dir);
  ui.problems.push(...pages.problems);
  ui.notes.push(...pages.notes);

  const permissions = check('permissions');
  const found = permissionFindings(definition, files);
  permissions.problems.push(...found.problems);
  permissions.notes.push(...found.notes);
  if (found.problems.length === 0) permissions.notes.unshift(`declares ${(definition.permissions ?? []).join(', ') || 'none'}`);

  const migrations = check('migrations');
  if (!definition.migrations) migrations.notes.push('none (the plugin has no tables)');
  else if (!resolve(definition.migrations).startsWith(dir + sep)) migrations.problems.push(`${definition.migrations} is outside the package`);
  else if (kernel.problems.length > 0) migrations.notes.push('not run: the kernel would refuse to load the plugin');
  else if (options.migrations !== false) {
    try {
      const tables = await checkMigrations({ ...definition, requires: {} });
      migrations.notes.push(`${relative(dir, definition.migrations)}: up → down → up, tables ${tables.join(', ') || '(none)'}`);
    } catch (error) {
      migrations.problems.push((error as Error).message);
    }
  }
  return done();
}

/** The report as the command prints it: one line per check, its problems and notes under it. */
export function formatReport(report: VerifyReport): string {
  const lines = [`lingshou-plugin verify ${report.dir}`];
  for (const check of report.checks) {
    lines.push(`${check.problems.length === 0 ? '✓' : '✗'} ${check.name}`);
    for (const problem of check.problems) lines.push(`    problem: ${problem}`);
    for (const note of check.notes) lines.push(`    ${note}`);
  }
  lines.push(report.ok ? 'All checks passed.' : `${report.checks.reduce((n, c) => n + c.problems.length, 0)} problem(s) found.`);
  return lines.join('\n');
}
