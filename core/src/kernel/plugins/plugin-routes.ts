import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { readFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { errors } from '../../errors.ts';
import { inTenant, type Trx } from '../../db/tenant-tx.ts';
import { tenantOf } from '../../http/auth-guard.ts';
import type { PluginContext, PluginRouteOptions } from './plugin-definition.ts';
import type { PluginHost } from './plugin-host.ts';
import { createRequestBatcher } from './request-batcher.ts';

/** Items a batch takes when a route does not say: enough to empty a crowd's queue in a few transactions. */
const BATCH_MAX = 50;

const RESERVED = new Set(['enable', 'disable', 'config', 'ui']);

const UI_TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8', mjs: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8', map: 'application/json',
};

/**
 * Mounts each loaded plugin's routes at /api/v1/plugins/<id>, in its own encapsulated context.
 * A staff request reaches them only when the tenant has the plugin enabled (404 otherwise).
 */
export async function mountPluginRoutes(app: FastifyInstance, host: PluginHost): Promise<void> {
  for (const definition of host.list()) {
    if (definition.ui) mountPluginUi(app, definition.id, definition.ui);
    if (!definition.routes) continue;
    const id = definition.id;
    const asPlugin = async <T>(trx: Trx, tenantId: string, fn: (ctx: PluginContext) => Promise<T>): Promise<T> => {
      const active = await host.active(trx, tenantId);
      if (!active.ids.has(id)) throw errors.LS_PLUGIN_NOT_ENABLED(`${id} is not enabled for your shop`);
      return fn(active.context(id));
    };
    const inContext: PluginRouteOptions['inContext'] = (request, fn) => request.inTenant((trx) => asPlugin(trx, tenantOf(request), fn));
    const batch: PluginRouteOptions['batch'] = <Item, Result>(
      run: (ctx: PluginContext, key: string, items: Item[]) => Promise<(Result | Error)[]>, options: { max?: number } = {},
    ) => {
      // Queued per tenant and key: a batch is one tenant's transaction.
      const submit = createRequestBatcher<{ tenantId: string; key: string; item: Item }, Result>((_queue, entries) => {
        const { tenantId, key } = entries[0]!;
        return inTenant(app.db.knex, tenantId, (trx) => asPlugin(trx, tenantId, (ctx) => run(ctx, key, entries.map((entry) => entry.item))));
      }, options.max ?? BATCH_MAX);
      return (request: FastifyRequest, key: string, item: Item) => {
        const tenantId = tenantOf(request);
        return submit(`${tenantId}:${key}`, { tenantId, key, item });
      };
    };
    await app.register(async (child) => {
      child.addHook('onRoute', (route: RouteOptions) => {
        const first = route.url.slice(`/api/v1/plugins/${id}/`.length).split('/')[0] ?? '';
        if (RESERVED.has(first)) throw new Error(`Plugin ${id} may not define ${route.url}: /${first} belongs to the plugin host`);
      });
      child.addHook('preHandler', async (request) => {
        const tenantId = request.auth?.tenantId;
        // A recent read that found it enabled spares the hot path a transaction: handlers reach
        // tenant data through inContext, which checks again in its own transaction.
        if (!tenantId || host.seenEnabled(tenantId, id)) return;
        const enabled = await request.inTenant(async (trx) => (await host.active(trx, tenantId)).ids.has(id));
        if (!enabled) throw errors.LS_PLUGIN_NOT_ENABLED(`${id} is not enabled for your shop`);
      });
      await child.register(definition.routes!, { inContext, batch });
    }, { prefix: `/plugins/${id}` });
  }
}

/**
 * A plugin's prebuilt UI modules, public like any app code (no data in them). The admin imports
 * them with dynamic import(); the plugin's version in the URL query busts caches on upgrade.
 */
function mountPluginUi(app: FastifyInstance, id: string, folder: string): void {
  app.get<{ Params: { file: string } }>(`/plugins/${id}/ui/:file`, {
    config: { auth: 'public' },
    schema: {
      tags: ['plugins'],
      params: { type: 'object', required: ['file'], properties: { file: { type: 'string', pattern: '^[A-Za-z0-9_-][A-Za-z0-9._-]*\\.(js|mjs|css|map)$', maxLength: 128 } } },
      response: { 200: { type: 'string' } },
    },
  }, async (request, reply) => {
    const { file } = request.params;
    let body: Buffer;
    try {
      body = await readFile(join(folder, basename(file)));
    } catch {
      throw errors.LS_RESOURCE_NOT_FOUND(`No UI file ${file} in plugin ${id}`, { field: 'file' });
    }
    return reply.type(UI_TYPES[extname(file).slice(1)] ?? 'application/octet-stream').header('cache-control', 'public, max-age=300').serializer((b) => b as string).send(body);
  });
}
