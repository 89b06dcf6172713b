import type { FastifyInstance } from 'fastify';
import type { Knex } from 'knex';
import type { Trx } from '../db/tenant-tx.ts';
import { tenantOf } from '../http/auth-guard.ts';
import { problemResponses } from '../http/schemas.ts';
import { listPage, type ListQuery } from '../http/list-query.ts';
import { adjustmentCreate, adjustmentOutput, movementListQuery, movementOutput, stockLevelOutput, stockListQuery } from './stock.schemas.ts';
import { adjustStock, type AdjustmentInput } from './adjustments.service.ts';
import { movementsQuery, movementToApi, stockLevelsQuery, stockLevelToApi, type MovementRow, type StockLevelRow } from './stock-ledger.service.ts';
import { assertWarehouseWritable, getVisibleWarehouse, visibleWarehouses } from './warehouses.service.ts';

interface StockFilter {
  warehouseId?: string;
  skuId?: string;
}

/** Limits a levels or ledger query to the warehouses the caller may see (and to one, if asked). */
async function scopeToWarehouses(trx: Trx, scope: readonly string[] | null, query: Knex.QueryBuilder, warehouseId?: string) {
  if (warehouseId) await getVisibleWarehouse(trx, scope, warehouseId, 'warehouseId');
  if (scope) query.whereIn('w.id', visibleWarehouses(trx, scope).select('w.id'));
}

export async function stockRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: ListQuery & StockFilter }>('/stock', {
    config: { auth: 'staff', permission: 'stock.read' },
    schema: { tags: ['stock'], querystring: stockListQuery, response: { 200: { type: 'array', items: stockLevelOutput }, ...problemResponses } },
  }, async (request, reply) => {
    const { warehouseId, skuId } = request.query;
    const page = await request.inTenant(async (trx) => {
      const base = stockLevelsQuery(trx);
      await scopeToWarehouses(trx, request.auth!.storeIds, base, warehouseId);
      if (warehouseId) base.where('l.warehouse_id', warehouseId);
      if (skuId) base.where('l.sku_id', skuId);
      return listPage<StockLevelRow>(base, request.query, {
        sortable: { id: 'l.sku_id', productName: 'p.name', onHand: 'l.on_hand', updatedAt: 'l.updated_at' },
        defaultSort: 'productName', search: ['p.name', 'p.pinyin', 'k.code', 'k.barcode'],
      });
    });
    reply.header('x-total-count', page.total);
    return page.rows.map(stockLevelToApi);
  });

  app.get<{ Querystring: ListQuery & StockFilter & { type?: string } }>('/stock/movements', {
    config: { auth: 'staff', permission: 'stock.read' },
    schema: { tags: ['stock'], querystring: movementListQuery, response: { 200: { type: 'array', items: movementOutput }, ...problemResponses } },
  }, async (request, reply) => {
    const { warehouseId, skuId, type } = request.query;
    const page = await request.inTenant(async (trx) => {
      const base = movementsQuery(trx);
      await scopeToWarehouses(trx, request.auth!.storeIds, base, warehouseId);
      if (warehouseId) base.where('m.warehouse_id', warehouseId);
      if (skuId) base.where('m.sku_id', skuId);
      if (type) base.where('m.type', type);
      return listPage<MovementRow>(base, request.query, {
        sortable: { id: 'm.id', createdAt: 'm.created_at' }, defaultSort: 'createdAt', search: ['p.name', 'm.source_key', 'm.note'],
      });
    });
    reply.header('x-total-count', page.total);
    return page.rows.map(movementToApi);
  });

  app.post<{ Body: AdjustmentInput }>('/stock/adjustments', {
    config: { auth: 'staff', permission: 'stock.write' },
    schema: { tags: ['stock'], body: adjustmentCreate, response: { 201: adjustmentOutput, ...problemResponses } },
  }, async (request, reply) => {
    const scope = request.auth!.storeIds;
    const result = await request.inTenant(async (trx) => {
      assertWarehouseWritable(scope, await getVisibleWarehouse(trx, scope, request.body.warehouseId, 'warehouseId'));
      return adjustStock(trx, tenantOf(request), request.body, request.auth!.staffId);
    });
    return reply.code(201).send(result);
  });
}
