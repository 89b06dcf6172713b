import type { FastifyInstance } from 'fastify';
import { listPage, type ListQuery } from '../http/list-query.ts';
import { problemResponses } from '../http/schemas.ts';
import type { Storage } from '../storage/storage.ts';
import { codeParams, saleSkuOutput, skuSearchQuery } from './catalog.schemas.ts';
import { findSkuByCode, saleSearchQuery, saleSkuToApi, toSaleSku, type SaleRow } from './skus.service.ts';

const read = { auth: 'staff', permission: 'catalog.read' } as const;

/** The till's view of the catalog: compact SKUs to scan and search. */
export async function skusRoutes(app: FastifyInstance, { storage }: { storage: Storage }): Promise<void> {
  app.get<{ Querystring: ListQuery & { id?: string[] } }>('/skus', {
    config: read,
    schema: {
      tags: ['catalog'],
      description: 'Active SKUs of products on sale, for POS search: q matches the product name, its pinyin initials, a SKU code or a barcode.',
      querystring: skuSearchQuery,
      response: { 200: { type: 'array', items: saleSkuOutput }, ...problemResponses },
    },
  }, async (request, reply) => {
    const { id: ids, ...query } = request.query;
    const page = await request.inTenant((trx) => listPage<SaleRow>(saleSearchQuery(trx, query.q, ids), { ...query, q: undefined }, {
      sortable: { id: 's.id', name: 'p.name', priceFen: 's.price_fen' }, defaultSort: 'name',
    }));
    reply.header('x-total-count', page.total);
    return page.rows.map((row) => saleSkuToApi(toSaleSku(row), storage));
  });

  app.get<{ Params: { code: string } }>('/skus/by-code/:code', {
    config: read,
    schema: {
      tags: ['catalog'],
      description: 'The active SKU with this barcode (or, failing that, this SKU code); 404 otherwise. productStatus tells whether it may be sold.',
      params: codeParams,
      response: { 200: saleSkuOutput, ...problemResponses },
    },
  }, async (request) => saleSkuToApi(await request.inTenant((trx) => findSkuByCode(trx, request.params.code)), storage));
}
