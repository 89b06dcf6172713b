import type { FastifyInstance, FastifyRequest } from 'fastify';
import { tenantOf } from '../http/auth-guard.ts';
import type { Trx } from '../db/tenant-tx.ts';
import { errors } from '../errors.ts';
import { idParams, problemResponses } from '../http/schemas.ts';
import {
  approveRefundRequest, getRefundRequestItem, listRefundRequests, rejectRefundRequest, type RefundRequestListQuery,
} from './refund-requests.service.ts';
import { refundRequestItem, refundRequestListQuery, rejectBody } from './refund-requests.schemas.ts';
import type { OrderDeps } from './order-deps.ts';

/** Store-bound staff decide only their stores' requests; others' look like they don't exist. */
async function assertRequestAccess(request: FastifyRequest, trx: Trx, id: string): Promise<void> {
  const storeIds = request.auth?.storeIds;
  if (!storeIds) return;
  const row = await trx('refund_requests').where({ id }).first('store_id');
  if (row && !storeIds.includes(row.store_id as string)) throw errors.LS_RESOURCE_NOT_FOUND('Refund request not found');
}

/** 售后审核: the customers' refund requests from the mall, listed, approved or rejected by staff. */
export async function refundRequestsRoutes(app: FastifyInstance): Promise<void> {
  const deps: OrderDeps = { hooks: app.hooks, payments: app.payments, events: app.events };

  app.get<{ Querystring: RefundRequestListQuery }>('/refund-requests', {
    config: { auth: 'staff', permission: 'order.read' },
    schema: {
      tags: ['orders'],
      description: 'Customers\' refund requests, newest first, with the order, store, customer and who decided. '
        + 'dateFrom/dateTo are Asia/Shanghai days of the request, both included; q matches the order number or the customer\'s phone.',
      querystring: refundRequestListQuery,
      response: { 200: { type: 'array', items: refundRequestItem }, ...problemResponses },
    },
  }, async (request, reply) => {
    const page = await request.inTenant((trx) => listRefundRequests(trx, request.query, request.auth!.storeIds));
    reply.header('x-total-count', page.total);
    return page.rows;
  });

  app.post<{ Params: { id: string } }>('/refund-requests/:id/approve', {
    config: { auth: 'staff', permission: 'order.refund' },
    schema: {
      tags: ['orders'],
      description: 'Approves an open request: the whole order is refunded to how it was paid, in this transaction, '
        + 'with the return window judged when the customer asked. A decided request: 409.',
      params: idParams, response: { 200: refundRequestItem, ...problemResponses, 402: problemResponses[400] },
    },
  }, (request) => request.inTenant(async (trx) => {
    await assertRequestAccess(request, trx, request.params.id);
    await approveRefundRequest(trx, deps, tenantOf(request), request.params.id, request.auth!.staffId!);
    return getRefundRequestItem(trx, request.params.id);
  }));

  app.post<{ Params: { id: string }; Body: { note: string } }>('/refund-requests/:id/reject', {
    config: { auth: 'staff', permission: 'order.refund' },
    schema: {
      tags: ['orders'],
      description: 'Rejects an open request with a note the customer reads in the mall; nothing is refunded. A decided request: 409.',
      params: idParams, body: rejectBody, response: { 200: refundRequestItem, ...problemResponses },
    },
  }, (request) => request.inTenant(async (trx) => {
    await assertRequestAccess(request, trx, request.params.id);
    await rejectRefundRequest(trx, request.params.id, request.auth!.staffId!, request.body.note.trim());
    return getRefundRequestItem(trx, request.params.id);
  }));
}
