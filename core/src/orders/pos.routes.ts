import type { FastifyInstance } from 'fastify';
import { assertStoreAccess, tenantOf } from '../http/auth-guard.ts';
import { errors, LingshouError } from '../errors.ts';
import { idParams, objectSchema, problemResponses, text, uuid } from '../http/schemas.ts';
import { findSkuByCode } from '../catalog/skus.service.ts';
import { idempotencyHeader, idempotent } from '../http/idempotency.ts';
import { renderReceipt } from './receipt.ts';
import { orderDetail, refundBody } from './orders.schemas.ts';
import { getOrderDetail } from './order-detail.ts';
import { refundOrder, type RefundInput } from './refunds.service.ts';
import { approverAccount, approvingStaff, type Approver } from './refund-approval.ts';
import type { OrderDeps } from './order-deps.ts';

const scanResult = {
  type: 'object',
  properties: {
    kind: { type: 'string' }, label: { type: 'string' }, source: { type: 'string' },
    data: { type: 'object', additionalProperties: true },
  },
} as const;

const receiptOutput = {
  type: 'object',
  properties: {
    orderId: uuid,
    blocks: {
      type: 'array',
      items: { type: 'object', properties: { source: { type: 'string' }, kind: { type: 'string' }, text: { type: 'string' } } },
    },
  },
} as const;

const approvedRefundBody = objectSchema({
  ...refundBody.properties,
  approver: objectSchema({ username: text(64, 1), password: text(200, 1) }, ['username', 'password']),
}, ['approver']);

/** The till's server side: what a scanned code is, an order's receipt, and a refund a manager approves. */
export async function posRoutes(app: FastifyInstance): Promise<void> {
  const deps: OrderDeps = { hooks: app.hooks, payments: app.payments, events: app.events };

  app.post<{ Body: { storeId: string; code: string; customerId?: string } }>('/pos/scan', {
    config: { auth: 'staff', permission: 'order.create' },
    schema: {
      tags: ['pos'],
      description: 'Recognises a scanned code: a product barcode or SKU code first, then each enabled plugin\'s pos.scan handler (scale barcode, coupon, card).',
      body: objectSchema({ storeId: uuid, code: text(128, 1), customerId: uuid }, ['storeId', 'code']),
      response: { 200: scanResult, ...problemResponses },
    },
  }, async (request) => {
    const { storeId, code, customerId } = request.body;
    assertStoreAccess(request, storeId);
    const tenantId = tenantOf(request);
    return request.inTenant(async (trx) => {
      try {
        const sku = await findSkuByCode(trx, code);
        return { kind: 'sku', source: 'kernel', label: `${sku.name}${sku.specText ? ` ${sku.specText}` : ''}`, data: { ...sku } };
      } catch (error) {
        if (!(error instanceof LingshouError && error.code === 'LS_RESOURCE_NOT_FOUND')) throw error;
      }
      const input = { code, storeId, customerId: customerId ?? null };
      const result = await app.hooks.call('pos.scan', input, { trx, tenantId, info: input });
      if (!result) throw errors.LS_RESOURCE_NOT_FOUND('Nothing in this shop has this code', { field: 'code' });
      return result;
    });
  });

  app.get<{ Params: { id: string } }>('/orders/:id/receipt', {
    config: { auth: 'staff', permission: 'order.read' },
    schema: { tags: ['pos'], params: idParams, response: { 200: receiptOutput, ...problemResponses } },
  }, (request) => request.inTenant(async (trx) => {
    const order = await trx('orders').where({ id: request.params.id }).first('store_id');
    if (order) assertStoreAccess(request, order.store_id as string);
    return renderReceipt(trx, { hooks: app.hooks, payments: app.payments }, tenantOf(request), request.params.id);
  }));

  app.post<{ Params: { id: string }; Body: Omit<RefundInput, 'staffId' | 'approvedBy'> & { approver: Approver } }>('/orders/:id/approved-refunds', {
    config: {
      auth: 'staff',
      permission: 'order.create',
      // Guesses at a manager's password are limited as login guesses are: per address and username.
      rateLimit: {
        hook: 'preHandler',
        max: 10,
        timeWindow: '1 minute',
        keyGenerator: (request) => `${request.ip}|${String((request.body as { approver?: { username?: unknown } } | undefined)?.approver?.username ?? '')}`,
      },
    },
    schema: {
      tags: ['pos'],
      description: 'A refund made at the till by staff without order.refund, approved on the spot by a manager who holds it '
        + 'in the order\'s store (approver credentials). The approver is recorded on the refund; wrong credentials or an '
        + 'approver without the permission: 403 and nothing refunded.',
      headers: idempotencyHeader, params: idParams, body: approvedRefundBody, response: { 201: orderDetail, ...problemResponses },
    },
  }, async (request, reply) => {
    const tenantId = tenantOf(request);
    const { approver, ...refund } = request.body;
    // The order first, so an order out of reach is a 404 whatever the credentials say.
    const storeId = await request.inTenant(async (trx) => {
      const order = await trx('orders').where({ id: request.params.id }).first('store_id');
      if (!order) throw errors.LS_RESOURCE_NOT_FOUND('Order not found');
      assertStoreAccess(request, order.store_id as string);
      return order.store_id as string;
    });
    const accountId = await approverAccount(app.db.knex, tenantId, approver);
    return request.inTenant(async (trx) => {
      const approvedBy = await approvingStaff(trx, accountId, storeId);
      return idempotent(request, reply, trx, tenantId, async () => {
        await refundOrder(trx, deps, tenantId, request.params.id, { ...refund, staffId: request.auth!.staffId, approvedBy });
        return { statusCode: 201, body: await getOrderDetail(trx, request.params.id) };
      });
    });
  });
}
