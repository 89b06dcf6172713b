import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

/** The folders of a plugin package whose code runs in the kernel: its source and its migrations. */
const SERVER_FOLDERS = ['src', 'migrations'];
const SOURCE = /\.(?:[cm]?[jt]s|[jt]sx)$/;
const TEST = /\.test\.(?:[cm]?[jt]s|[jt]sx)$/;

interface PackageJson {
  name?: string;
  version?: string;
  main?: string;
  exports?: unknown;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

export function readPackageJson(packageDir: string): PackageJson {
  return JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as PackageJson;
}

/** Every source file under the package's src/ and migrations/ folders (node_modules left out). */
export function serverSourceFiles(packageDir: string): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts')) files.push(path);
    }
  };
  for (const folder of SERVER_FOLDERS) if (existsSync(join(packageDir, folder))) walk(join(packageDir, folder));
  return files.sort();
}

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/**
 * What a plugin's code may import: `@lingshou/plugin-sdk`, its own files, `node:` built-ins and
 * the packages it declares (tests may also use its devDependencies). Never the kernel's
 * internals (`@lingshou/core`): the SDK is the contract that stays stable across kernel versions,
 * and a plugin that reaches past it breaks on the next kernel, or when installed from npm.
 * Returns one line per offending import, naming the file; an empty list means it keeps the rule.
 */
export function importProblems(packageDir: string): string[] {
  const root = resolve(packageDir);
  const pkg = readPackageJson(root);
  const declared = new Set([pkg.dependencies, pkg.peerDependencies, pkg.optionalDependencies].flatMap((deps) => Object.keys(deps ?? {})));
  const devDeclared = new Set(Object.keys(pkg.devDependencies ?? {}));
  const problems: string[] = [];
  for (const file of serverSourceFiles(root)) {
    const where = relative(root, file);
    const isTest = TEST.test(file);
    // TypeScript's own pre-scan: static, type-only and dynamic imports, re-exports and require(), never comments or strings.
    const specifiers = ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles.map((f) => f.fileName);
    for (const specifier of specifiers) {
      if (specifier.startsWith('.') || specifier.startsWith('/')) {
        const target = resolve(dirname(file), specifier);
        if (target !== root && !target.startsWith(root + sep)) problems.push(`${where}: imports ${specifier}, which is outside the package`);
        continue;
      }
      if (specifier.startsWith('node:')) continue;
      if (isBuiltin(specifier)) {
        problems.push(`${where}: imports ${specifier}; write node:${specifier}`);
        continue;
      }
      const name = packageOf(specifier);
      if (name === '@lingshou/core') {
        problems.push(`${where}: imports ${specifier}, the kernel's internals; import from @lingshou/plugin-sdk instead`);
      } else if (name !== '@lingshou/plugin-sdk' && name !== pkg.name && !declared.has(name) && !(isTest && devDeclared.has(name))) {
        problems.push(`${where}: imports ${specifier}, which is not among its ${isTest ? 'dependencies or devDependencies' : 'dependencies'}`);
      }
    }
  }
  return problems;
}
