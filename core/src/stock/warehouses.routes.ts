import type { FastifyInstance } from 'fastify';
import { errors } from '../errors.ts';
import { assertStoreAccess, tenantOf } from '../http/auth-guard.ts';
import { idParams, problemResponses } from '../http/schemas.ts';
import { listPage, type ListQuery } from '../http/list-query.ts';
import { warehouseCreate, warehouseListQuery, warehouseOutput, warehouseUpdate } from './stock.schemas.ts';
import {
  assertWarehouseWritable, createWarehouse, getVisibleWarehouse, renameWarehouse, visibleWarehouses, warehouseToApi,
  type WarehouseRow,
} from './warehouses.service.ts';

export async function warehousesRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: ListQuery & { storeId?: string } }>('/warehouses', {
    config: { auth: 'staff', permission: 'stock.read' },
    schema: { tags: ['stock'], querystring: warehouseListQuery, response: { 200: { type: 'array', items: warehouseOutput }, ...problemResponses } },
  }, async (request, reply) => {
    const { storeId } = request.query;
    if (storeId) assertStoreAccess(request, storeId);
    const page = await request.inTenant((trx) => {
      const base = visibleWarehouses(trx, request.auth!.storeIds).select('w.*');
      if (storeId) base.where('w.store_id', storeId);
      return listPage<WarehouseRow>(base, request.query, {
        sortable: { id: 'w.id', name: 'w.name', createdAt: 'w.created_at' }, defaultSort: 'createdAt', search: ['w.name'],
      });
    });
    reply.header('x-total-count', page.total);
    return page.rows.map(warehouseToApi);
  });

  app.post<{ Body: { name: string; storeId?: string } }>('/warehouses', {
    config: { auth: 'staff', permission: 'stock.write' },
    schema: { tags: ['stock'], body: warehouseCreate, response: { 201: warehouseOutput, ...problemResponses } },
  }, async (request, reply) => {
    const { storeId } = request.body;
    // A central warehouse serves every store, so only merchant-wide staff add one.
    if (!storeId && request.auth!.storeIds) throw errors.LS_AUTH_FORBIDDEN('Only merchant-wide staff may add a central warehouse', { field: 'storeId' });
    if (storeId) assertStoreAccess(request, storeId);
    return reply.code(201).send(await request.inTenant((trx) => createWarehouse(trx, tenantOf(request), request.body)));
  });

  app.get<{ Params: { id: string } }>('/warehouses/:id', {
    config: { auth: 'staff', permission: 'stock.read' },
    schema: { tags: ['stock'], params: idParams, response: { 200: warehouseOutput, ...problemResponses } },
  }, async (request) => warehouseToApi(await request.inTenant((trx) => getVisibleWarehouse(trx, request.auth!.storeIds, request.params.id))));

  app.patch<{ Params: { id: string }; Body: { name: string } }>('/warehouses/:id', {
    config: { auth: 'staff', permission: 'stock.write' },
    schema: { tags: ['stock'], params: idParams, body: warehouseUpdate, response: { 200: warehouseOutput, ...problemResponses } },
  }, (request) => request.inTenant(async (trx) => {
    const scope = request.auth!.storeIds;
    assertWarehouseWritable(scope, await getVisibleWarehouse(trx, scope, request.params.id));
    return renameWarehouse(trx, request.params.id, request.body.name);
  }));
}
