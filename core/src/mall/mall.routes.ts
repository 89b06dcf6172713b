import type { FastifyInstance } from 'fastify';
import { createStorage } from '../storage/storage.ts';
import { mallEntryRoutes } from './mall-entry.routes.ts';
import { mallShopRoutes } from './mall-shop.routes.ts';
import { addressesRoutes } from './addresses.routes.ts';
import { mallOrdersRoutes } from './mall-orders.routes.ts';
import { mallSettingsRoutes } from './mall-settings.routes.ts';
import { pickupsRoutes } from './pickups.routes.ts';

/** The mall (docs/mall.md): the customers' API, the merchant's mall settings and the till's pickups. */
export async function mallRoutes(app: FastifyInstance): Promise<void> {
  await app.register(mallEntryRoutes);
  await app.register(mallShopRoutes, { storage: createStorage(app.config) });
  await app.register(addressesRoutes);
  await app.register(mallOrdersRoutes);
  await app.register(mallSettingsRoutes);
  await app.register(pickupsRoutes);
}
