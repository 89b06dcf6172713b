import type { FastifyInstance, FastifyRequest } from 'fastify';
import { assertStoreAccess, tenantOf } from '../http/auth-guard.ts';
import type { Trx } from '../db/tenant-tx.ts';
import { errors } from '../errors.ts';
import { idParams, problemResponses } from '../http/schemas.ts';
import { listPage, type ListQuery } from '../http/list-query.ts';
import { whereChinaDays, type ChinaDayQuery } from '../http/china-days.ts';
import { idempotencyHeader, idempotent } from '../http/idempotency.ts';
import type { TenderInput } from '../payments/payment-methods.ts';
import { payOrder } from '../payments/payments.service.ts';
import { advanceOrder, cancelOrder, createOrder, quote, type CheckoutInput, type OrderRow } from './orders.service.ts';
import { takeTillOrderNumber } from './order-number.ts';
import { refundOrder, type RefundInput } from './refunds.service.ts';
import { getOrderDetail, orderToApi } from './order-detail.ts';
import {
  checkoutBody, orderDetail, orderListQuery, orderSummary, posOrderBody, quoteOutput, refundBody, tendersBody,
} from './orders.schemas.ts';
import type { OrderDeps } from './order-deps.ts';

type OrderListQuery = ListQuery & ChinaDayQuery & {
  storeId?: string; customerId?: string; status?: string; channel?: string; createdFrom?: string; createdTo?: string;
};

/** Store-bound staff see and touch only their stores' orders; others' look like they don't exist. */
async function assertOrderAccess(request: FastifyRequest, trx: Trx, orderId: string): Promise<void> {
  if (!request.auth?.storeIds) return;
  const order = await trx('orders').where({ id: orderId }).first('store_id');
  if (order) assertStoreAccess(request, order.store_id as string);
}

export async function ordersRoutes(app: FastifyInstance): Promise<void> {
  const deps: OrderDeps = { hooks: app.hooks, payments: app.payments, events: app.events };

  app.post<{ Body: CheckoutInput }>('/checkout/price', {
    config: { auth: 'staff', permission: 'order.create' },
    schema: { tags: ['orders'], description: 'Prices a cart without creating an order.', body: checkoutBody, response: { 200: quoteOutput, ...problemResponses } },
  }, async (request) => {
    assertStoreAccess(request, request.body.storeId);
    assertDiscountAllowed(request, request.body);
    return request.inTenant((trx) => quote(trx, deps, tenantOf(request), request.body));
  });

  app.post<{ Body: CheckoutInput }>('/orders', {
    config: { auth: 'staff', permission: 'order.create' },
    schema: { tags: ['orders'], headers: idempotencyHeader, body: checkoutBody, response: { 201: orderDetail, ...problemResponses } },
  }, async (request, reply) => {
    assertStoreAccess(request, request.body.storeId);
    assertDiscountAllowed(request, request.body);
    const tenantId = tenantOf(request);
    return request.inTenant((trx) => idempotent(request, reply, trx, tenantId, async () => {
      const id = await createOrder(trx, deps, tenantId, { ...request.body, staffId: request.auth!.staffId });
      return { statusCode: 201, body: await getOrderDetail(trx, id) };
    }));
  });

  app.post<{ Body: CheckoutInput & { clientOrderId: string; tenders: TenderInput[] } }>('/pos/orders', {
    config: { auth: 'staff', permission: 'order.create' },
    schema: {
      tags: ['orders'],
      description: 'A till sale in one call: the order and its tenders. Uploading the same clientOrderId again returns the first order (200).',
      body: posOrderBody, response: { 200: orderDetail, 201: orderDetail, ...problemResponses },
    },
  }, async (request, reply) => {
    const body = request.body;
    assertStoreAccess(request, body.storeId);
    assertDiscountAllowed(request, body);
    if (!request.auth!.permissions.includes('payment.collect')) throw forbidden('payment.collect');
    const tenantId = tenantOf(request);
    const findFirst = (trx: Trx) => trx('orders').where({ client_order_id: body.clientOrderId }).first('id')
      .then((existing) => existing ? getOrderDetail(trx, existing.id as string) : null);
    // A new sale takes its number in this short transaction, so the store's counter is not
    // locked while the sale runs: concurrent sales at one till or store do not queue on it.
    // A sale that then fails leaves a gap in the day's numbers.
    const first = await request.inTenant((trx) => takeTillOrderNumber(trx, tenantId, body.storeId, body.clientOrderId));
    if ('existingId' in first) return reply.code(200).send(await request.inTenant((trx) => getOrderDetail(trx, first.existingId)));
    try {
      const created = await request.inTenant(async (trx) => {
        const id = await createOrder(trx, deps, tenantId, { ...body, channel: 'pos', staffId: request.auth!.staffId, number: first.number });
        await payOrder(trx, deps, tenantId, id, body.tenders);
        return getOrderDetail(trx, id);
      });
      return reply.code(201).send(created);
    } catch (error) {
      // A concurrent upload of the same order won the race: answer with its order.
      if ((error as { code?: string; constraint?: string }).constraint === 'orders_tenant_id_client_order_id_unique') {
        return reply.code(200).send(await request.inTenant(findFirst));
      }
      throw error;
    }
  });

  app.post<{ Params: { id: string }; Body: { tenders: TenderInput[] } }>('/orders/:id/payments', {
    config: { auth: 'staff', permission: 'payment.collect' },
    schema: { tags: ['orders'], headers: idempotencyHeader, params: idParams, body: tendersBody, response: { 200: orderDetail, ...problemResponses } },
  }, async (request, reply) => {
    const tenantId = tenantOf(request);
    return request.inTenant(async (trx) => {
      await assertOrderAccess(request, trx, request.params.id);
      return idempotent(request, reply, trx, tenantId, async () => {
        await payOrder(trx, deps, tenantId, request.params.id, request.body.tenders);
        return { statusCode: 200, body: await getOrderDetail(trx, request.params.id) };
      });
    });
  });

  app.post<{ Params: { id: string }; Body: RefundInput }>('/orders/:id/refunds', {
    config: { auth: 'staff', permission: 'order.refund' },
    schema: { tags: ['orders'], headers: idempotencyHeader, params: idParams, body: refundBody, response: { 201: orderDetail, ...problemResponses } },
  }, async (request, reply) => {
    const tenantId = tenantOf(request);
    return request.inTenant(async (trx) => {
      await assertOrderAccess(request, trx, request.params.id);
      return idempotent(request, reply, trx, tenantId, async () => {
        await refundOrder(trx, deps, tenantId, request.params.id, { ...request.body, staffId: request.auth!.staffId });
        return { statusCode: 201, body: await getOrderDetail(trx, request.params.id) };
      });
    });
  });

  const stateChange = (
    path: string, permission: 'order.cancel' | 'order.create', run: (trx: Trx, request: FastifyRequest<{ Params: { id: string } }>) => Promise<void>,
  ) => app.post<{ Params: { id: string } }>(`/orders/:id/${path}`, {
    config: { auth: 'staff', permission },
    schema: { tags: ['orders'], params: idParams, response: { 200: orderDetail, ...problemResponses } },
  }, (request) => request.inTenant(async (trx) => {
    await assertOrderAccess(request, trx, request.params.id);
    await run(trx, request);
    return getOrderDetail(trx, request.params.id);
  }));
  stateChange('cancel', 'order.cancel', (trx, request) => cancelOrder(trx, tenantOf(request), request.params.id, request.auth!.staffId));
  stateChange('fulfil', 'order.create', (trx, request) => advanceOrder(trx, request.params.id, 'fulfil'));
  stateChange('complete', 'order.create', (trx, request) => advanceOrder(trx, request.params.id, 'complete'));

  app.get<{ Params: { id: string } }>('/orders/:id', {
    config: { auth: 'staff', permission: 'order.read' },
    schema: { tags: ['orders'], params: idParams, response: { 200: orderDetail, ...problemResponses } },
  }, (request) => request.inTenant(async (trx) => {
    await assertOrderAccess(request, trx, request.params.id);
    return getOrderDetail(trx, request.params.id);
  }));

  app.get<{ Querystring: OrderListQuery }>('/orders', {
    config: { auth: 'staff', permission: 'order.read' },
    schema: { tags: ['orders'], querystring: orderListQuery, response: { 200: { type: 'array', items: orderSummary }, ...problemResponses } },
  }, async (request, reply) => {
    const q = request.query;
    const storeIds = request.auth!.storeIds;
    const page = await request.inTenant((trx) => {
      const base = trx('orders').select('*');
      if (storeIds) base.whereIn('store_id', storeIds);
      if (q.storeId) base.where('store_id', q.storeId);
      if (q.customerId) base.where('customer_id', q.customerId);
      if (q.status) base.where('status', q.status);
      if (q.channel) base.where('channel', q.channel);
      if (q.createdFrom) base.where('created_at', '>=', q.createdFrom);
      if (q.createdTo) base.where('created_at', '<', q.createdTo);
      whereChinaDays(base, 'created_at', q);
      return listPage<OrderRow>(base, q, {
        sortable: { id: 'id', createdAt: 'created_at', number: 'number', totalFen: 'total_fen', status: 'status' },
        defaultSort: 'createdAt', search: ['number'],
      });
    });
    reply.header('x-total-count', page.total);
    return page.rows.map(orderToApi);
  });
}

function forbidden(permission: string) {
  return errors.LS_AUTH_FORBIDDEN(`This needs the ${permission} permission`);
}

/** Line discounts and gifts change prices, so they need the order.discount permission (seed 6.3, 6.7). */
function assertDiscountAllowed(request: FastifyRequest, body: CheckoutInput): void {
  const wants = body.lines.some((line) => line.discount || line.gift);
  if (wants && !request.auth!.permissions.includes('order.discount')) throw forbidden('order.discount');
}
