import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Trx } from '../db/tenant-tx.ts';
import { errors } from '../errors.ts';
import { problemResponses } from '../http/schemas.ts';
import { assertStoreAccess } from '../http/auth-guard.ts';
import { advanceOrder } from '../orders/orders.service.ts';
import { mallOrderDetail } from './mall-orders.service.ts';
import { mallOrderDetail as mallOrderDetailSchema, pickupParams } from './mall.schemas.ts';

/** The order behind a pickup code, in a store the staff member may act in (others: not found). */
async function orderByPickupCode(request: FastifyRequest, trx: Trx, code: string): Promise<string> {
  const row = await trx('mall_orders as m')
    .join('orders as o', function joinOrder() {
      this.on('o.tenant_id', 'm.tenant_id').andOn('o.id', 'm.order_id');
    })
    .where('m.pickup_code', code).first('o.id', 'o.store_id');
  if (!row) throw errors.LS_RESOURCE_NOT_FOUND('No order has this pickup code', { field: 'code' });
  try {
    assertStoreAccess(request, row.store_id as string);
  } catch {
    throw errors.LS_RESOURCE_NOT_FOUND('No order has this pickup code', { field: 'code' });
  }
  return row.id as string;
}

/** The till's side of store pickup (到店自提): look up the customer's code, hand over the goods. */
export async function pickupsRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: { code: string } }>('/pickups/:code', {
    config: { auth: 'staff', permission: 'order.read' },
    schema: { tags: ['mall'], params: pickupParams, response: { 200: mallOrderDetailSchema, ...problemResponses } },
  }, (request) => request.inTenant(async (trx) => mallOrderDetail(trx, await orderByPickupCode(request, trx, request.params.code))));

  app.post<{ Params: { code: string } }>('/pickups/:code/complete', {
    config: { auth: 'staff', permission: 'order.create' },
    schema: {
      tags: ['mall'], description: 'Hands a paid pickup order over: it becomes completed.',
      params: pickupParams, response: { 200: mallOrderDetailSchema, ...problemResponses },
    },
  }, (request) => request.inTenant(async (trx) => {
    const orderId = await orderByPickupCode(request, trx, request.params.code);
    await advanceOrder(trx, orderId, 'complete');
    await trx('mall_orders').where({ order_id: orderId }).update({ picked_up_at: trx.fn.now() });
    return mallOrderDetail(trx, orderId);
  }));
}
