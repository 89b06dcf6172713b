import semver from 'semver';
import type { PluginDefinition } from './plugin-definition.ts';
import { manifestProblems } from './manifest.ts';

/** Why a set of plugins cannot be loaded; each line names the plugin, what it needs and what was found. */
export class PluginLoadError extends Error {
  readonly problems: string[];

  constructor(problems: string[]) {
    super(`Plugins cannot be loaded:\n  - ${problems.join('\n  - ')}`);
    this.name = 'PluginLoadError';
    this.problems = problems;
  }
}

/**
 * Checks every declaration and its requirements against the kernel and each other, and returns
 * the plugins in dependency order (a plugin after those it requires). Refuses the whole set
 * with every problem listed: a bad manifest, a kernel range this kernel is outside of, a missing
 * or incompatible requirement, a cycle.
 */
export function resolvePlugins(definitions: PluginDefinition[], kernelVersion: string): PluginDefinition[] {
  const problems: string[] = [];
  const byId = new Map<string, PluginDefinition>();
  for (const definition of definitions) {
    const id = typeof definition?.id === 'string' ? definition.id : '(no id)';
    for (const problem of manifestProblems(definition)) problems.push(`${id}: ${problem}`);
    if (byId.has(id)) problems.push(`${id}: loaded twice`);
    byId.set(id, definition);
  }
  if (problems.length > 0) throw new PluginLoadError(problems);

  for (const definition of byId.values()) {
    if (!semver.satisfies(kernelVersion, definition.kernel, { includePrerelease: true })) {
      problems.push(`${definition.id}: needs kernel ${definition.kernel}, but this kernel is ${kernelVersion}`);
    }
    for (const [id, range] of Object.entries(definition.requires ?? {})) {
      const required = byId.get(id);
      if (!required) problems.push(`${definition.id}: requires ${id} ${range}, which is not loaded`);
      else if (!semver.satisfies(required.version, range, { includePrerelease: true })) {
        problems.push(`${definition.id}: requires ${id} ${range}, but ${id} is ${required.version}`);
      }
    }
  }

  const ordered: PluginDefinition[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (definition: PluginDefinition, path: string[]): void => {
    if (state.get(definition.id) === 'done') return;
    if (state.get(definition.id) === 'visiting') {
      problems.push(`dependency cycle: ${[...path.slice(path.indexOf(definition.id)), definition.id].join(' → ')}`);
      return;
    }
    state.set(definition.id, 'visiting');
    for (const id of Object.keys(definition.requires ?? {}).sort()) {
      const required = byId.get(id);
      if (required) visit(required, [...path, definition.id]);
    }
    state.set(definition.id, 'done');
    ordered.push(definition);
  };
  for (const definition of [...byId.values()].sort((a, b) => a.id.localeCompare(b.id))) visit(definition, []);
  if (problems.length > 0) throw new PluginLoadError(problems);
  return ordered;
}
