import type { FastifyInstance } from 'fastify';
import { tenantOf } from '../../http/auth-guard.ts';
import { objectSchema, problemResponses } from '../../http/schemas.ts';
import { installPlugin, installedPlugins, uninstallPlugin, upgradePlugin } from './lifecycle.service.ts';
import { disablePlugin, enablePlugin, getPluginConfig, pluginsForTenant, putPluginConfig } from './tenant-plugins.service.ts';
import { extensionManifest } from './extensions.ts';

const pluginParams = objectSchema({ id: { type: 'string', pattern: '^[a-z][a-z0-9]*(-[a-z0-9]+)*$', maxLength: 40 } }, ['id']);
const label = { type: 'object', properties: { zh: { type: 'string' }, en: { type: 'string' } } } as const;
const anyObject = { type: 'object', additionalProperties: true } as const;

const tenantPlugin = {
  type: 'object',
  properties: {
    id: { type: 'string' }, version: { type: 'string' }, name: label, description: { ...label, nullable: true },
    icon: { type: ['string', 'null'] }, requires: { type: 'array', items: { type: 'string' } },
    permissions: { type: 'array', items: { type: 'string' } },
    capabilities: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, label } } },
    configurable: { type: 'boolean' }, enabled: { type: 'boolean' }, degraded: { type: 'boolean' }, degradedSince: { type: ['string', 'null'], format: 'date-time' },
    consecutiveFailures: { type: 'integer' }, lastError: { type: ['string', 'null'] },
  },
} as const;

const configOutput = {
  type: 'object',
  properties: { schema: anyObject, values: anyObject, secretsSet: { type: 'array', items: { type: 'string' } } },
} as const;

const platformPlugin = {
  type: 'object',
  properties: {
    id: { type: 'string' }, name: label, loadedVersion: { type: ['string', 'null'] }, installedVersion: { type: ['string', 'null'] },
    state: { type: 'string' }, enabledTenants: { type: 'integer' }, error: { type: ['string', 'null'] },
    requires: { type: 'object', additionalProperties: { type: 'string' } }, kernel: { type: 'string' },
  },
} as const;

export async function pluginsRoutes(app: FastifyInstance): Promise<void> {
  const host = app.plugins;
  const manage = { auth: 'staff', permission: 'plugin.manage' } as const;

  app.get('/plugins', {
    config: { auth: 'staff' },
    schema: { tags: ['plugins'], description: 'Installed plugins and their state for your shop.', response: { 200: { type: 'array', items: tenantPlugin }, ...problemResponses } },
  }, (request) => request.inTenant((trx) => pluginsForTenant(trx, host)));

  const toggle = (action: 'enable' | 'disable') => app.post<{ Params: { id: string } }>(`/plugins/:id/${action}`, {
    config: manage,
    schema: { tags: ['plugins'], params: pluginParams, response: { 200: tenantPlugin, ...problemResponses } },
  }, async (request) => {
    const tenantId = tenantOf(request);
    const { id } = request.params;
    try {
      const state = await request.inTenant(async (trx) => {
        if (action === 'enable') await enablePlugin(trx, host, app.config.masterKey, tenantId, id);
        else await disablePlugin(trx, host, tenantId, id);
        return (await pluginsForTenant(trx, host)).find((p) => p.id === id)!;
      });
      await host.audit({ pluginId: id, action, tenantId, actorAccountId: request.auth!.accountId, outcome: 'succeeded' });
      return state;
    } catch (error) {
      await host.audit({ pluginId: id, action, tenantId, actorAccountId: request.auth!.accountId, outcome: 'failed', error: (error as Error).message });
      throw error;
    }
  });
  toggle('enable');
  toggle('disable');

  app.get<{ Params: { id: string } }>('/plugins/:id/config', {
    config: manage,
    schema: { tags: ['plugins'], params: pluginParams, response: { 200: configOutput, ...problemResponses } },
  }, (request) => request.inTenant((trx) => getPluginConfig(trx, host, request.params.id)));

  app.put<{ Params: { id: string }; Body: Record<string, unknown> }>('/plugins/:id/config', {
    config: manage,
    schema: {
      tags: ['plugins'], params: pluginParams,
      description: 'Saves the configuration. Secret fields left out keep their saved value.',
      body: { type: 'object', additionalProperties: true, maxProperties: 100 },
      response: { 200: configOutput, ...problemResponses },
    },
  }, async (request) => {
    const tenantId = tenantOf(request);
    const saved = await request.inTenant((trx) => putPluginConfig(trx, host, app.config.masterKey, tenantId, request.params.id, request.body));
    await host.audit({ pluginId: request.params.id, action: 'configure', tenantId, actorAccountId: request.auth!.accountId, outcome: 'succeeded' });
    return saved;
  });

  app.get('/extensions', {
    config: { auth: 'staff' },
    schema: {
      tags: ['plugins'],
      description: 'What the plugins your shop enabled add to the admin, the till and the mall, for your permissions.',
      response: { 200: { type: 'object', additionalProperties: true }, ...problemResponses },
    },
  }, (request) => request.inTenant(async (trx) => {
    const active = await host.active(trx, tenantOf(request));
    return extensionManifest(host.list().filter((d) => active.ids.has(d.id)), request.auth!.permissions);
  }));

  // The operator: what this server loads, what is installed, and the platform-wide lifecycle.
  app.get('/platform/plugins', {
    config: { auth: 'platform' },
    schema: { tags: ['platform'], response: { 200: { type: 'array', items: platformPlugin }, ...problemResponses } },
  }, async () => {
    const installed = await installedPlugins(app.db.knex);
    const ids = new Set([...host.list().map((d) => d.id), ...installed.keys()]);
    return [...ids].sort().map((id) => {
      const definition = host.list().find((d) => d.id === id);
      const row = installed.get(id);
      return {
        id, name: definition?.name ?? { zh: id, en: id }, loadedVersion: definition?.version ?? null,
        installedVersion: row?.version ?? null, state: row?.state ?? 'not_installed', enabledTenants: row?.enabled_tenants ?? 0,
        error: row?.error ?? null, requires: definition?.requires ?? {}, kernel: definition?.kernel ?? '',
      };
    });
  });

  for (const [action, run] of [['install', installPlugin], ['upgrade', upgradePlugin], ['uninstall', uninstallPlugin]] as const) {
    app.post<{ Params: { id: string } }>(`/platform/plugins/:id/${action}`, {
      config: { auth: 'platform' },
      schema: { tags: ['platform'], params: pluginParams, response: { 204: { type: 'null' }, ...problemResponses } },
    }, async (request, reply) => {
      await run(host, app.db.knex, request.params.id, request.auth!.accountId);
      return reply.code(204).send();
    });
  }
}
