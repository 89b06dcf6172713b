import type { FastifyInstance } from 'fastify';
import { tenantOf } from '../http/auth-guard.ts';
import { listPage, type ListQuery } from '../http/list-query.ts';
import { idParams, problemResponses } from '../http/schemas.ts';
import type { Storage } from '../storage/storage.ts';
import {
  matrixInput, matrixRow, productCreate, productGetQuery, productListItem, productListQuery, productOutput, productUpdate,
} from './catalog.schemas.ts';
import { skusOf } from './product-skus.ts';
import {
  createProduct, getProductDetail, getProductRow, productDetailToApi, productListItemToApi, productsQuery, skuToApi, updateProduct,
  type ProductFilters, type ProductInput, type ProductListRow,
} from './products.service.ts';
import { assertSpecs, expandSpecs, specKeyOf, specTextOf, type SpecDef } from './specs.ts';

const read = { auth: 'staff', permission: 'catalog.read' } as const;
const write = { auth: 'staff', permission: 'catalog.write' } as const;

export async function productsRoutes(app: FastifyInstance, { storage }: { storage: Storage }): Promise<void> {
  app.get<{ Querystring: ListQuery & ProductFilters }>('/products', {
    config: read,
    schema: {
      tags: ['catalog'],
      description: 'Products with their active SKUs\' price range. q matches the name, its pinyin initials (kkkl for 可口可乐), a SKU code or a barcode.',
      querystring: productListQuery,
      response: { 200: { type: 'array', items: productListItem }, ...problemResponses },
    },
  }, async (request, reply) => {
    const { q, ...filters } = request.query;
    const page = await request.inTenant((trx) => listPage<ProductListRow>(productsQuery(trx, { ...filters, q }), { ...request.query, q: undefined }, {
      sortable: {
        id: 'products.id', name: 'products.name', createdAt: 'products.created_at', updatedAt: 'products.updated_at',
        status: 'products.status', priceMinFen: 'agg.price_min_fen',
      },
      defaultSort: 'createdAt',
    }));
    reply.header('x-total-count', page.total);
    return page.rows.map((row) => productListItemToApi(row, storage));
  });

  app.post<{ Body: ProductInput }>('/products', {
    config: write,
    schema: { tags: ['catalog'], body: productCreate, response: { 201: productOutput, ...problemResponses } },
  }, async (request, reply) => {
    const detail = await request.inTenant((trx) => createProduct(trx, tenantOf(request), request.body));
    return reply.code(201).send(productDetailToApi(detail, storage));
  });

  app.get<{ Params: { id: string }; Querystring: { withStock: boolean } }>('/products/:id', {
    config: read,
    schema: {
      tags: ['catalog'], description: 'A product with all its SKUs (inactive ones too).',
      params: idParams, querystring: productGetQuery, response: { 200: productOutput, ...problemResponses },
    },
  }, async (request) => {
    const detail = await request.inTenant((trx) => getProductDetail(trx, request.params.id, {
      withStock: request.query.withStock, storeIds: request.auth!.storeIds,
    }));
    return productDetailToApi(detail, storage);
  });

  app.patch<{ Params: { id: string }; Body: Partial<ProductInput> }>('/products/:id', {
    config: write,
    schema: { tags: ['catalog'], params: idParams, body: productUpdate, response: { 200: productOutput, ...problemResponses } },
  }, async (request) => {
    const detail = await request.inTenant((trx) => updateProduct(trx, tenantOf(request), request.params.id, request.body));
    return productDetailToApi(detail, storage);
  });

  app.post<{ Body: { specs: SpecDef[]; productId?: string } }>('/products/sku-matrix', {
    config: write,
    schema: {
      tags: ['catalog'],
      description: 'Every combination of the specs, for the SKU editor. With productId, rows the product already has carry its SKU.',
      body: matrixInput,
      response: { 200: { type: 'array', items: matrixRow }, ...problemResponses },
    },
  }, async (request) => {
    const { specs, productId } = request.body;
    assertSpecs(specs);
    const rows = expandSpecs(specs);
    const existing = productId
      ? await request.inTenant(async (trx) => {
        await getProductRow(trx, productId);
        return skusOf(trx, productId);
      })
      : [];
    const byKey = new Map(existing.map((sku) => [sku.spec_key, sku]));
    return rows.map((specValues) => {
      const specKey = specKeyOf(specValues);
      const sku = byKey.get(specKey);
      return { specValues, specKey, specText: specTextOf(specs, specValues), sku: sku ? skuToApi(sku, specs) : null };
    });
  });
}
