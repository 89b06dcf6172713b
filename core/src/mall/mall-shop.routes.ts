import type { FastifyInstance } from 'fastify';
import type { Storage } from '../storage/storage.ts';
import { idParams, problemResponses } from '../http/schemas.ts';
import { tenantOf } from '../http/auth-guard.ts';
import type { ListQuery } from '../http/list-query.ts';
import { categoryTree } from '../catalog/categories.service.ts';
import { customerToApi, getCustomerRow } from '../customers/customers.service.ts';
import { extensionManifest } from '../kernel/plugins/extensions.ts';
import { getMallStore } from './mall-entry.service.ts';
import { homePage, listProducts, productForMall } from './mall-catalog.service.ts';
import { homeOutput, meOutput, productListOutput, productListQuery, productOutput, storeQuery } from './mall.schemas.ts';

const customer = { auth: 'customer' } as const;
const anyObject = { type: 'object', additionalProperties: true } as const;

type ProductListQuery = ListQuery & { storeId: string; categoryId?: string; label?: string };

/** Browsing, for a signed-in customer in the store they picked. */
export async function mallShopRoutes(app: FastifyInstance, { storage }: { storage: Storage }): Promise<void> {
  app.get('/mall/me', {
    config: customer,
    schema: { tags: ['mall'], response: { 200: meOutput, ...problemResponses } },
  }, (request) => request.inTenant(async (trx) => customerToApi(await getCustomerRow(trx, request.auth!.customerId!))));

  app.get<{ Querystring: { storeId: string } }>('/mall/home', {
    config: customer,
    schema: { tags: ['mall'], querystring: storeQuery, response: { 200: homeOutput, ...problemResponses } },
  }, (request) => request.inTenant(async (trx) => {
    await getMallStore(trx, request.query.storeId);
    return homePage(trx, storage, request.query.storeId);
  }));

  app.get('/mall/categories', {
    config: customer,
    schema: { tags: ['mall'], description: 'The category tree (分类导航).', response: { 200: { type: 'array', items: anyObject }, ...problemResponses } },
  }, (request) => request.inTenant((trx) => categoryTree(trx)));

  app.get<{ Querystring: ProductListQuery }>('/mall/products', {
    config: customer,
    schema: {
      tags: ['mall'], description: 'On-sale goods with price range and stock in the store; q searches names and pinyin initials.',
      querystring: productListQuery, response: { 200: productListOutput, ...problemResponses },
    },
  }, (request, reply) => request.inTenant(async (trx) => {
    const { storeId, categoryId, label, q, ...page } = request.query;
    await getMallStore(trx, storeId);
    const { rows, total } = await listProducts(trx, storage, storeId, { categoryId, q, labels: label ? [label] : undefined }, page);
    void reply.header('x-total-count', String(total));
    return rows;
  }));

  app.get<{ Params: { id: string }; Querystring: { storeId: string } }>('/mall/products/:id', {
    config: customer,
    schema: { tags: ['mall'], params: idParams, querystring: storeQuery, response: { 200: productOutput, ...problemResponses } },
  }, (request) => request.inTenant(async (trx) => {
    await getMallStore(trx, request.query.storeId);
    return productForMall(trx, storage, request.query.storeId, request.params.id);
  }));

  app.get('/mall/extensions', {
    config: customer,
    schema: {
      tags: ['mall'], description: 'The blocks and pages the merchant\'s enabled plugins add to the mall (docs/plugins.md §9).',
      response: { 200: { type: 'object', properties: { blocks: { type: 'array', items: anyObject }, pages: { type: 'array', items: anyObject } } }, ...problemResponses },
    },
  }, (request) => request.inTenant(async (trx) => {
    const active = await app.plugins.active(trx, tenantOf(request));
    return extensionManifest(app.plugins.list().filter((d) => active.ids.has(d.id)), []).mall;
  }));
}
