import type { FastifyInstance, RouteOptions } from 'fastify';
import { errors } from '../../errors.ts';
import { tenantOf } from '../../http/auth-guard.ts';
import type { PluginRouteOptions } from './plugin-definition.ts';
import type { PluginHost } from './plugin-host.ts';

const RESERVED = new Set(['enable', 'disable', 'config']);

/**
 * Mounts each loaded plugin's routes at /api/v1/plugins/<id>, in its own encapsulated context.
 * A staff request reaches them only when the tenant has the plugin enabled (404 otherwise).
 */
export async function mountPluginRoutes(app: FastifyInstance, host: PluginHost): Promise<void> {
  for (const definition of host.list()) {
    if (!definition.routes) continue;
    const id = definition.id;
    const inContext: PluginRouteOptions['inContext'] = (request, fn) => request.inTenant(async (trx) => {
      const active = await host.active(trx, tenantOf(request));
      if (!active.ids.has(id)) throw errors.LS_PLUGIN_NOT_ENABLED(`${id} is not enabled for your shop`);
      return fn(active.context(id));
    });
    await app.register(async (child) => {
      child.addHook('onRoute', (route: RouteOptions) => {
        const first = route.url.slice(`/api/v1/plugins/${id}/`.length).split('/')[0] ?? '';
        if (RESERVED.has(first)) throw new Error(`Plugin ${id} may not define ${route.url}: /${first} belongs to the plugin host`);
      });
      child.addHook('preHandler', async (request) => {
        if (!request.auth?.tenantId) return;
        const enabled = await request.inTenant(async (trx) => (await host.active(trx, request.auth!.tenantId!)).ids.has(id));
        if (!enabled) throw errors.LS_PLUGIN_NOT_ENABLED(`${id} is not enabled for your shop`);
      });
      await child.register(definition.routes!, { inContext });
    }, { prefix: `/plugins/${id}` });
  }
}
