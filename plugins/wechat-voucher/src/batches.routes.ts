import { listPage, problemResponses, type ListQuery } from '@lingshou/plugin-sdk';
import {
  batchBody, batchOutput, batchParams, batchQuery, recipientOutput, recipientQuery, type BatchInput,
} from './batches.schemas.ts';
import { batchesWithCounts, batchToApi, createBatch, findBatch, recipientToApi } from './send.service.ts';
import type { PluginRoutes } from './types.ts';

const manage = { auth: 'staff', permission: 'plugin.manage' } as const;
const tags = ['plugin: wechat-voucher'];

/**
 * Sending vouchers to members (seed 4.8): a batch is queued with one row per member and sent by a
 * background job; its counts are the progress, its recipients the per-member results.
 */
export const batchesRoutes: PluginRoutes = async (app, { inContext }) => {
  app.get<{ Querystring: ListQuery & { stockId?: string } }>('/batches', {
    config: manage,
    schema: { tags, querystring: batchQuery, response: { 200: { type: 'array', items: batchOutput }, ...problemResponses } },
  }, async (request, reply) => {
    const page = await inContext(request, (ctx) => {
      const base = batchesWithCounts(ctx);
      if (request.query.stockId) base.where('b.stock_id', request.query.stockId);
      return listPage<Parameters<typeof batchToApi>[0]>(base, request.query, {
        sortable: { id: 'b.id', createdAt: 'b.created_at', status: 'b.status', total: 'b.total' }, defaultSort: 'createdAt',
      });
    });
    reply.header('x-total-count', page.total);
    return page.rows.map(batchToApi);
  });

  app.get<{ Params: { id: string } }>('/batches/:id', {
    config: manage,
    schema: { tags, params: batchParams, response: { 200: batchOutput, ...problemResponses } },
  }, (request) => inContext(request, async (ctx) => batchToApi(await findBatch(ctx, request.params.id))));

  app.post<{ Body: BatchInput }>('/batches', {
    config: manage,
    schema: {
      tags, description: 'Queues sending one coupon of a running stock to each member named; poll GET /batches/:id for progress.',
      body: batchBody, response: { 201: batchOutput, ...problemResponses },
    },
  }, async (request, reply) => {
    const batch = await inContext(request, async (ctx) => batchToApi(await findBatch(ctx, await createBatch(ctx, request.body, request.auth?.staffId ?? null))));
    return reply.code(201).send(batch);
  });

  app.get<{ Params: { id: string }; Querystring: ListQuery & { status?: string } }>('/batches/:id/recipients', {
    config: manage,
    schema: { tags, params: batchParams, querystring: recipientQuery, response: { 200: { type: 'array', items: recipientOutput }, ...problemResponses } },
  }, async (request, reply) => {
    const page = await inContext(request, async (ctx) => {
      await findBatch(ctx, request.params.id);
      const base = ctx.db('send_recipients').select('*').where({ batch_id: request.params.id });
      if (request.query.status) base.where({ status: request.query.status });
      return listPage<Parameters<typeof recipientToApi>[0]>(base, request.query, {
        sortable: { id: 'id', status: 'status', updatedAt: 'updated_at' }, defaultSort: 'id', search: ['error_code', 'coupon_id'],
      });
    });
    reply.header('x-total-count', page.total);
    return page.rows.map(recipientToApi);
  });
};
