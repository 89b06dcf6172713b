import semver from 'semver';
import { errors } from '../../errors.ts';
import type { PluginHost } from './plugin-host.ts';
import type { Knex } from 'knex';
import { migratePluginDown, migratePluginUp } from './plugin-migrations.ts';

export interface InstalledPlugin {
  id: string;
  version: string;
  state: string;
  enabled_tenants: number;
  error: string | null;
}

export async function installedPlugins(knex: Knex | Knex.Transaction): Promise<Map<string, InstalledPlugin>> {
  const rows = (await knex('plugins').select('id', 'version', 'state', 'enabled_tenants', 'error')) as InstalledPlugin[];
  return new Map(rows.map((r) => [r.id, r]));
}

async function step<T>(
  host: PluginHost, entry: { pluginId: string; action: string; fromVersion?: string | null; toVersion?: string | null; actorAccountId?: string | null },
  run: () => Promise<T>,
): Promise<T> {
  try {
    const result = await run();
    await host.audit({ ...entry, outcome: 'succeeded' });
    return result;
  } catch (error) {
    await host.audit({ ...entry, outcome: 'failed', error: (error as Error).message });
    throw error;
  }
}

/**
 * Installs a loaded plugin platform-wide: its schema and migrations, then its install callback.
 * Installing what is installed at this version does nothing; a failed install can be retried.
 */
export async function installPlugin(host: PluginHost, knex: Knex, id: string, actorAccountId: string | null): Promise<InstalledPlugin> {
  const definition = host.get(id);
  const current = (await installedPlugins(knex)).get(id);
  if (current && current.state === 'installed') {
    if (current.version === definition.version) return current;
    return upgradePlugin(host, knex, id, actorAccountId);
  }
  for (const required of Object.keys(definition.requires ?? {})) {
    const installed = (await installedPlugins(knex)).get(required);
    if (!installed || installed.state !== 'installed') {
      throw errors.LS_PLUGIN_REQUIREMENT_MISSING(`Install ${required} before ${id}`, { extra: { requires: required } });
    }
  }
  return step(host, { pluginId: id, action: 'install', toVersion: definition.version, actorAccountId }, async () => {
    await knex('plugins').insert({ id, version: definition.version, state: 'installing' })
      .onConflict('id').merge({ state: 'installing', version: definition.version, error: null, updated_at: knex.fn.now() });
    try {
      await migratePluginUp(knex, definition);
      await definition.install?.({ pluginId: id, knex });
    } catch (error) {
      await knex('plugins').where({ id }).update({ state: 'failed', error: (error as Error).message.slice(0, 2000), updated_at: knex.fn.now() });
      throw error;
    }
    await knex('plugins').where({ id }).update({ state: 'installed', updated_at: knex.fn.now() });
    return (await installedPlugins(knex)).get(id)!;
  });
}

/** Moves an installed plugin to the loaded version: new migrations, then its upgrade callback. */
export async function upgradePlugin(host: PluginHost, knex: Knex, id: string, actorAccountId: string | null): Promise<InstalledPlugin> {
  const definition = host.get(id);
  const current = (await installedPlugins(knex)).get(id);
  if (!current) throw errors.LS_PLUGIN_NOT_FOUND(`Plugin ${id} is not installed`);
  if (current.version === definition.version && current.state === 'installed') return current;
  if (semver.lt(definition.version, current.version)) {
    throw errors.LS_RESOURCE_CONFLICT(`Plugin ${id} ${current.version} is installed; this server loads the older ${definition.version}`);
  }
  return step(host, { pluginId: id, action: 'upgrade', fromVersion: current.version, toVersion: definition.version, actorAccountId }, async () => {
    await knex('plugins').where({ id }).update({ state: 'upgrading', updated_at: knex.fn.now() });
    try {
      await migratePluginUp(knex, definition);
      await definition.upgrade?.({ pluginId: id, knex }, current.version);
    } catch (error) {
      await knex('plugins').where({ id }).update({ state: 'failed', error: (error as Error).message.slice(0, 2000), updated_at: knex.fn.now() });
      throw error;
    }
    await knex('plugins').where({ id }).update({ state: 'installed', version: definition.version, error: null, updated_at: knex.fn.now() });
    return (await installedPlugins(knex)).get(id)!;
  });
}

/**
 * Removes a plugin platform-wide: refused while any tenant has it enabled or another installed
 * plugin requires it; then its uninstall callback, its migrations rolled back, its schema dropped.
 */
export async function uninstallPlugin(host: PluginHost, knex: Knex, id: string, actorAccountId: string | null): Promise<void> {
  const definition = host.get(id);
  const installed = await installedPlugins(knex);
  const current = installed.get(id);
  if (!current) return;
  if (current.enabled_tenants > 0) {
    throw errors.LS_PLUGIN_IN_USE(`${current.enabled_tenants} merchant(s) still have ${id} enabled`, { extra: { enabledTenants: current.enabled_tenants } });
  }
  const dependents = host.list().filter((d) => d.requires?.[id] && installed.get(d.id)).map((d) => d.id);
  if (dependents.length > 0) throw errors.LS_PLUGIN_REQUIRED_BY_OTHERS(`Uninstall ${dependents.join(', ')} first`, { extra: { requiredBy: dependents } });
  await step(host, { pluginId: id, action: 'uninstall', fromVersion: current.version, actorAccountId }, async () => {
    await knex.transaction(async (trx) => {
      // Locks the row against a concurrent enable, and re-checks the count under the lock.
      const locked = await trx('plugins').where({ id }).forUpdate().first('enabled_tenants');
      if (locked && locked.enabled_tenants > 0) throw errors.LS_PLUGIN_IN_USE(`${locked.enabled_tenants} merchant(s) still have ${id} enabled`);
      await trx('plugins').where({ id }).update({ state: 'uninstalling', updated_at: trx.fn.now() });
    });
    await definition.uninstall?.({ pluginId: id, knex });
    await migratePluginDown(knex, definition);
    // Tenants' settings for it go too (cascade): a later install starts clean.
    await knex('plugins').where({ id }).delete();
  });
}
