import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { errors } from '../errors.ts';
import { inTenant, type Trx } from '../db/tenant-tx.ts';
import type { AuthContext } from './context.ts';

/**
 * Every /api route declares who may call it; a route without `config.auth` fails at
 * registration, so no route is ever open by accident.
 */
export function requireAuthDeclaration(route: RouteOptions): void {
  if (!route.url.startsWith('/api/v1')) return;
  const config = route.config as { auth?: string } | undefined;
  if (!config?.auth) {
    throw new Error(`Route ${String(route.method)} ${route.url} must declare config.auth ('public' | 'any' | 'platform' | 'staff' | 'customer')`);
  }
  if (!route.schema) throw new Error(`Route ${String(route.method)} ${route.url} must declare a schema`);
  // The output is declared too: it documents the route and keeps unlisted columns from leaking.
  const response = route.schema.response as Record<string, unknown> | undefined;
  if (!response || !Object.keys(response).some((status) => /^(2\d\d|2xx|default)$/.test(status))) {
    throw new Error(`Route ${String(route.method)} ${route.url} must declare schema.response for its success status`);
  }
}

export async function authenticate(app: FastifyInstance, request: FastifyRequest): Promise<void> {
  const config = request.routeOptions.config;
  if (!config.auth || config.auth === 'public') return;
  const header = request.headers.authorization;
  if (!header?.startsWith('Bearer ')) throw errors.LS_AUTH_REQUIRED();
  let auth: AuthContext;
  try {
    auth = app.jwt.verify<AuthContext & { typ?: string }>(header.slice(7));
  } catch (error) {
    throw errors.LS_AUTH_TOKEN_INVALID(undefined, { cause: error });
  }
  request.auth = auth;
  request.log = request.log.child({ tenantId: auth.tenantId, accountId: auth.accountId });
  if (config.auth === 'platform' && auth.kind !== 'platform') throw errors.LS_AUTH_FORBIDDEN();
  if (config.auth === 'customer' && (auth.kind !== 'customer' || !auth.tenantId || !auth.customerId)) throw errors.LS_AUTH_FORBIDDEN();
  if (config.auth === 'staff') {
    if (auth.kind !== 'staff' || !auth.tenantId) throw errors.LS_AUTH_FORBIDDEN();
    if (config.permission && !auth.permissions.includes(config.permission)) {
      throw errors.LS_AUTH_FORBIDDEN(`This needs the ${config.permission} permission`);
    }
  }
}

export function tenantOf(request: FastifyRequest): string {
  const tenantId = request.auth?.tenantId;
  if (!tenantId) throw errors.LS_AUTH_FORBIDDEN();
  return tenantId;
}

export function requestInTenant<T>(this: FastifyRequest, fn: (trx: Trx) => Promise<T>): Promise<T> {
  return inTenant(this.server.db.knex, tenantOf(this), fn);
}

/** Store-bound staff may act only in their stores; others get the same 404 as a missing store. */
export function assertStoreAccess(request: FastifyRequest, storeId: string): void {
  const storeIds = request.auth?.storeIds;
  if (storeIds && !storeIds.includes(storeId)) throw errors.LS_RESOURCE_NOT_FOUND('Store not found', { field: 'storeId' });
}
