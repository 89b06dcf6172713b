import type { FastifyInstance } from 'fastify';
import { createStorage } from '../storage/storage.ts';
import { categoriesRoutes } from './categories.routes.ts';
import { importsRoutes } from './import/imports.routes.ts';
import { productsRoutes } from './products.routes.ts';
import { skusRoutes } from './skus.routes.ts';
import { uploadsRoutes } from './uploads.routes.ts';

/** The catalog domain: categories, products and SKUs, the till's lookups, images and imports. */
export async function catalogRoutes(app: FastifyInstance): Promise<void> {
  const storage = createStorage(app.config);
  await app.register(categoriesRoutes);
  await app.register(productsRoutes, { storage });
  await app.register(skusRoutes, { storage });
  await app.register(uploadsRoutes, { storage });
  await app.register(importsRoutes);
}
