import type { FastifyInstance } from 'fastify';
import { authRoutes } from '../auth/auth.routes.ts';
import { healthRoutes } from './health.routes.ts';
import { tenancyRoutes } from '../tenancy/tenancy.routes.ts';
import { storesRoutes } from '../stores/stores.routes.ts';

/** Every kernel route module, mounted under /api/v1. */
export async function apiRoutes(app: FastifyInstance): Promise<void> {
  await app.register(healthRoutes);
  await app.register(authRoutes);
  await app.register(tenancyRoutes);
  await app.register(storesRoutes);
}
