import { listPage, objectSchema, problemResponses, type ListQuery, type PluginContext, type PluginRouteOptions } from '@lingshou/plugin-sdk';
import { errors } from './errors.ts';
import {
  stockBody, stockOutput, stockParams, stockPatch, stockQuery, wechatProblems, type StockInput,
} from './stocks.schemas.ts';
import {
  changedRule, createAtWechat, findStock, insertDraft, readFromWechat, stepFor, stocksWithCounts, toApi, type StockRow, type VoucherConfig,
} from './stocks.service.ts';
import type { PluginRoutes } from './types.ts';
import { describeError, wechatOf } from './wechat.ts';

const manage = { auth: 'staff', permission: 'plugin.manage' } as const;
const tags = ['plugin: wechat-voucher'];

type InContext = PluginRouteOptions['inContext'];
type FastifyRequest = Parameters<InContext>[0];

/** The stock and the merchant's WeChat Pay, read in one short transaction before calling WeChat. */
const stockAndWechat = (inContext: InContext, request: FastifyRequest, id: string) =>
  inContext(request, async (ctx) => ({ row: await findStock(ctx, id), wechat: await wechatOf(ctx) }));

/**
 * Calls WeChat outside any transaction (no connection held while it answers), then stores the
 * outcome; a failure is kept on the stock as lastError and answered as WeChat's error.
 */
async function callWechat<T>(inContext: InContext, request: FastifyRequest, id: string, call: () => Promise<T>, store: (ctx: PluginContext, result: T) => Promise<void>) {
  let result: T;
  try {
    result = await call();
  } catch (error) {
    const { code, message } = describeError(error);
    await inContext(request, (ctx) => ctx.db('stocks').where({ id }).update({ last_error: `${code}: ${message}`.slice(0, 500), updated_at: new Date() }));
    throw error;
  }
  return inContext(request, async (ctx) => {
    await store(ctx, result);
    return toApi(await findStock(ctx, id));
  });
}

/** Creates a draft at WeChat; a stock already created answers as it is. */
function submit(inContext: InContext, request: FastifyRequest, id: string) {
  return stockAndWechat(inContext, request, id).then(({ row, wechat }) => {
    if (row.status !== 'draft') return toApi(row);
    return callWechat(inContext, request, id, () => createAtWechat(row, wechat), async (ctx, created) => {
      await ctx.db('stocks').where({ id, status: 'draft' }).update({
        status: 'unactivated', wechat_stock_id: created.stockId, belong_merchant: created.belongMerchant, last_error: null, updated_at: new Date(),
      });
      // Its COUPON.USE notifications come to the partner's inbox, which routes them by stock.
      await ctx.kernel.wechatpay.registerStock(created.stockId, 'favor');
    });
  });
}

/** Activates, pauses or restarts the stock at WeChat; asking for the status it has changes nothing. */
async function moveStock(inContext: InContext, request: FastifyRequest, id: string, target: StockInput['status']) {
  const { row, wechat } = await stockAndWechat(inContext, request, id);
  if (target === undefined || target === row.status) return toApi(row);
  if (target !== 'running' && target !== 'paused') {
    throw errors.LS_WECHAT_VOUCHER_STOCK_STATE(`A stock is moved to running or paused, not ${target}`, { field: 'status' });
  }
  const step = stepFor(row, target);
  return callWechat(inContext, request, id, () => step(wechat.client, row.wechat_stock_id!), async (ctx) => {
    await ctx.db('stocks').where({ id }).update({ status: target, last_error: null, updated_at: new Date() });
  });
}

/**
 * 微信支付代金券 stocks (seed 4.8): created as a draft holding its out_request_no, then at WeChat;
 * activated, paused and restarted through PATCH { status }; synced from WeChat on demand and nightly.
 */
export const stocksRoutes: PluginRoutes = async (app, { inContext }) => {
  app.get<{ Querystring: ListQuery & { status?: string } }>('/stocks', {
    config: manage,
    schema: { tags, querystring: stockQuery, response: { 200: { type: 'array', items: stockOutput }, ...problemResponses } },
  }, async (request, reply) => {
    const page = await inContext(request, (ctx) => {
      const base = stocksWithCounts(ctx);
      if (request.query.status) base.where('s.status', request.query.status);
      return listPage<StockRow>(base, request.query, {
        sortable: { id: 's.id', name: 's.name', createdAt: 's.created_at', beginAt: 's.begin_at', endAt: 's.end_at', status: 's.status' },
        defaultSort: 'createdAt', search: ['s.name', 's.comment', 's.wechat_stock_id'],
      });
    });
    reply.header('x-total-count', page.total);
    return page.rows.map(toApi);
  });

  app.get<{ Params: { id: string } }>('/stocks/:id', {
    config: manage,
    schema: { tags, params: stockParams, response: { 200: stockOutput, ...problemResponses } },
  }, (request) => inContext(request, async (ctx) => toApi(await findStock(ctx, request.params.id))));

  app.post<{ Body: StockInput }>('/stocks', {
    config: manage,
    schema: {
      tags, description: 'Creates a stock: stored with its out_request_no, then created at WeChat (a failure leaves a draft with lastError, to submit again or delete).',
      body: stockBody, response: { 201: stockOutput, ...wechatProblems },
    },
  }, async (request, reply) => {
    const id = await inContext(request, async (ctx) => {
      await wechatOf(ctx);
      return insertDraft(ctx, request.body, ctx.config as VoucherConfig);
    });
    const created = await submit(inContext, request, id);
    return reply.code(201).send(request.body.status === 'running' ? await moveStock(inContext, request, id, 'running') : created);
  });

  app.post<{ Params: { id: string } }>('/stocks/:id/submit', {
    config: manage,
    schema: { tags, description: 'Creates a draft at WeChat again, with the same out_request_no.', params: stockParams, response: { 200: stockOutput, ...wechatProblems } },
  }, (request) => submit(inContext, request, request.params.id));

  app.patch<{ Params: { id: string }; Body: Partial<StockInput> }>('/stocks/:id', {
    config: manage,
    schema: {
      tags, description: 'Moves the stock (status running: activate or restart; paused: pause) at WeChat. The rules cannot change: a changed one is refused.',
      params: stockParams, body: stockPatch, response: { 200: stockOutput, ...wechatProblems },
    },
  }, async (request) => {
    const { id } = request.params;
    const { status, ...rules } = request.body;
    const changed = await inContext(request, async (ctx) => changedRule(await findStock(ctx, id), rules));
    if (changed) throw errors.LS_WECHAT_VOUCHER_STOCK_STATE(`WeChat keeps a stock's rules: ${changed} cannot change`, { field: changed });
    return moveStock(inContext, request, id, status);
  });

  app.post<{ Params: { id: string } }>('/stocks/:id/sync', {
    config: manage,
    schema: { tags, description: 'Reads the stock\'s state and sent count from WeChat.', params: stockParams, response: { 200: stockOutput, ...wechatProblems } },
  }, async (request) => {
    const { id } = request.params;
    const { row, wechat } = await stockAndWechat(inContext, request, id);
    if (row.status === 'draft') throw errors.LS_WECHAT_VOUCHER_STOCK_STATE('A draft is not at WeChat yet: submit it', { field: 'id' });
    return callWechat(inContext, request, id, () => readFromWechat(row, wechat), async (ctx, state) => {
      await ctx.db('stocks').where({ id }).update({ status: state.status, distributed_coupons: state.distributedCoupons, synced_at: new Date(), updated_at: new Date() });
    });
  });

  // Only a draft goes: a stock at WeChat stays on record with its coupons and uses.
  app.delete<{ Params: { id: string } }>('/stocks/:id', {
    config: manage,
    schema: { tags, params: stockParams, response: { 204: { type: 'null' }, ...problemResponses } },
  }, async (request, reply) => {
    await inContext(request, async (ctx) => {
      const row = await findStock(ctx, request.params.id);
      if (row.status !== 'draft') throw errors.LS_WECHAT_VOUCHER_STOCK_STATE('Only a draft can be deleted', { field: 'id' });
      await ctx.db('stocks').where({ id: row.id, status: 'draft' }).delete().returning('id');
    });
    return reply.code(204).send();
  });

  app.get('/authorization', {
    config: manage,
    schema: {
      tags, description: 'Whether 免充值 (no-charge) stocks may be made for this merchant.',
      response: { 200: objectSchema({ noCashAuthorized: { type: 'boolean' } }, ['noCashAuthorized']), ...problemResponses },
    },
  }, (request) => inContext(request, async (ctx) => ({ noCashAuthorized: (ctx.config as VoucherConfig).noCashAuthorized === true })));
};
