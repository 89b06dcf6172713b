import type { Trx } from '../../db/tenant-tx.ts';
import { errors, LingshouError } from '../../errors.ts';
import { capabilities } from './capabilities.ts';
import { installedPlugins } from './lifecycle.service.ts';
import { maskConfig, prepareConfig } from './plugin-config.ts';
import type { PluginHost } from './plugin-host.ts';

interface TenantPluginRow {
  plugin_id: string;
  enabled: boolean;
  config: Record<string, unknown>;
  consecutive_failures: number;
  degraded_since: Date | null;
  last_error: string | null;
}

async function tenantRows(trx: Trx): Promise<Map<string, TenantPluginRow>> {
  const rows = (await trx('tenant_plugins').select('*')) as TenantPluginRow[];
  return new Map(rows.map((r) => [r.plugin_id, r]));
}

/** Every installed plugin this server has loaded, with its state for the tenant. */
export async function pluginsForTenant(trx: Trx, host: PluginHost) {
  const installed = await installedPlugins(trx);
  const mine = await tenantRows(trx);
  return host.list().filter((d) => installed.get(d.id)?.state === 'installed').map((definition) => {
    const row = mine.get(definition.id);
    return {
      id: definition.id,
      version: installed.get(definition.id)!.version,
      name: definition.name,
      description: definition.description ?? null,
      icon: definition.icon ?? null,
      requires: Object.keys(definition.requires ?? {}),
      permissions: definition.permissions ?? [],
      // What the merchant is asked to allow, in words, for the plugin centre.
      capabilities: (definition.permissions ?? []).map((name) => ({ name, label: capabilities[name] })),
      configurable: Object.keys(definition.config?.properties ?? {}).length > 0,
      enabled: row?.enabled ?? false,
      degraded: Boolean(row?.degraded_since),
      degradedSince: row?.degraded_since ?? null,
      consecutiveFailures: row?.consecutive_failures ?? 0,
      lastError: row?.last_error ?? null,
    };
  });
}

async function assertInstalled(trx: Trx, host: PluginHost, id: string) {
  const definition = host.get(id);
  const installed = (await installedPlugins(trx)).get(id);
  if (!installed || installed.state !== 'installed') throw errors.LS_PLUGIN_NOT_FOUND(`Plugin ${id} is not installed`);
  return definition;
}

/**
 * Enables a plugin for the tenant, at run time: its requirements must be enabled first and its
 * saved configuration must satisfy its schema. The count of enabling tenants moves in the same
 * transaction, which is what keeps uninstall from racing an enable.
 */
export async function enablePlugin(trx: Trx, host: PluginHost, masterKey: Buffer, tenantId: string, id: string): Promise<void> {
  const definition = await assertInstalled(trx, host, id);
  const mine = await tenantRows(trx);
  for (const required of Object.keys(definition.requires ?? {})) {
    if (!mine.get(required)?.enabled) {
      throw errors.LS_PLUGIN_REQUIREMENT_MISSING(`Enable ${required} before ${id}`, { extra: { requires: required } });
    }
  }
  const row = mine.get(id);
  if (row?.enabled) return;
  try {
    prepareConfig(definition.config, masterKey, {}, row?.config ?? {});
  } catch (error) {
    if (error instanceof LingshouError && error.code === 'LS_INPUT_INVALID') {
      throw errors.LS_INPUT_INVALID(`Configure the plugin first: ${error.message}`, { field: `config.${error.field ?? ''}`.replace(/\.$/, '') });
    }
    throw error;
  }
  await trx('tenant_plugins').insert({ tenant_id: tenantId, plugin_id: id, enabled: true, enabled_at: trx.fn.now() })
    .onConflict(['tenant_id', 'plugin_id']).merge({ enabled: true, enabled_at: trx.fn.now(), updated_at: trx.fn.now() });
  await trx('plugins').where({ id }).increment('enabled_tenants', 1);
  host.invalidate(trx, tenantId);
  if (definition.enable) await definition.enable(host.contextFor(trx, tenantId, id, row?.config ?? {}));
}

/** Disables a plugin for the tenant; its data stays. Refused while an enabled plugin requires it. */
export async function disablePlugin(trx: Trx, host: PluginHost, tenantId: string, id: string): Promise<void> {
  const definition = await assertInstalled(trx, host, id);
  const mine = await tenantRows(trx);
  const row = mine.get(id);
  if (!row?.enabled) return;
  const dependents = host.list().filter((d) => d.requires?.[id] && mine.get(d.id)?.enabled).map((d) => d.id);
  if (dependents.length > 0) {
    throw errors.LS_PLUGIN_REQUIRED_BY_OTHERS(`Disable ${dependents.join(', ')} first`, { extra: { requiredBy: dependents } });
  }
  if (definition.disable) await definition.disable(host.contextFor(trx, tenantId, id, row.config));
  await trx('tenant_plugins').where({ plugin_id: id }).update({ enabled: false, updated_at: trx.fn.now() });
  await trx('plugins').where({ id }).decrement('enabled_tenants', 1);
  host.invalidate(trx, tenantId);
}

export async function getPluginConfig(trx: Trx, host: PluginHost, id: string) {
  const definition = await assertInstalled(trx, host, id);
  const row = (await tenantRows(trx)).get(id);
  return { schema: definition.config ?? { type: 'object', properties: {} }, ...maskConfig(definition.config, row?.config ?? {}) };
}

/** Saves the tenant's configuration: validated by the schema, then by the plugin's own check. */
export async function putPluginConfig(
  trx: Trx, host: PluginHost, masterKey: Buffer, tenantId: string, id: string, input: Record<string, unknown>,
) {
  const definition = await assertInstalled(trx, host, id);
  const row = (await tenantRows(trx)).get(id);
  let prepared: ReturnType<typeof prepareConfig>;
  try {
    prepared = prepareConfig(definition.config, masterKey, input, row?.config ?? {});
  } catch (error) {
    if (error instanceof LingshouError && error.code === 'LS_INPUT_INVALID') {
      throw errors.LS_INPUT_INVALID(error.message, { field: error.field ? `config.${error.field}` : 'config', extra: error.extra });
    }
    throw error;
  }
  if (definition.validateConfig) {
    try {
      await definition.validateConfig(prepared.plain, { tenantId });
    } catch (error) {
      const field = error instanceof LingshouError && error.field ? `config.${error.field}` : 'config';
      throw errors.LS_INPUT_INVALID((error as Error).message, { field, extra: { plugin: id } });
    }
  }
  await trx('tenant_plugins').insert({ tenant_id: tenantId, plugin_id: id, enabled: false, config: JSON.stringify(prepared.stored) })
    .onConflict(['tenant_id', 'plugin_id']).merge({ config: JSON.stringify(prepared.stored), updated_at: trx.fn.now() });
  host.invalidate(trx, tenantId);
  return { schema: definition.config ?? { type: 'object', properties: {} }, ...maskConfig(definition.config, prepared.stored) };
}
