import type { FastifyInstance } from 'fastify';
import { problemResponses } from '../http/schemas.ts';
import { listPayments, type PaymentListQuery } from './payment-list.service.ts';
import { paymentListItem, paymentListQuery } from './payments.schemas.ts';

export async function paymentsRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: { channel?: 'pos' | 'mall' } }>('/payment-methods', {
    config: { auth: 'staff', permission: 'order.read' },
    schema: {
      tags: ['payments'],
      description: 'The ways to pay registered by the kernel and plugins, for a channel.',
      querystring: { type: 'object', additionalProperties: false, properties: { channel: { type: 'string', enum: ['pos', 'mall'] } } },
      response: {
        200: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              id: { type: 'string' }, label: { type: 'object', properties: { zh: { type: 'string' }, en: { type: 'string' } } },
              channels: { type: 'array', items: { type: 'string' } }, offline: { type: 'boolean' },
              owner: { type: ['string', 'null'], description: 'The plugin that adds it; null for the kernel' },
            },
          },
        },
        ...problemResponses,
      },
    },
  }, (request) => request.inTenant((trx) => app.payments.list(trx, request.auth!.tenantId!, request.query.channel)));

  app.get<{ Querystring: PaymentListQuery }>('/payments', {
    config: { auth: 'staff', permission: 'payment.read' },
    schema: {
      tags: ['payments'],
      description: "Tenders across orders, newest first, each with its order's number and store. dateFrom/dateTo are Asia/Shanghai days, both included; q matches the order number.",
      querystring: paymentListQuery,
      response: { 200: { type: 'array', items: paymentListItem }, ...problemResponses },
    },
  }, async (request, reply) => {
    const page = await request.inTenant((trx) => listPayments(trx, request.query, request.auth!.storeIds));
    reply.header('x-total-count', page.total);
    return page.rows;
  });
}
