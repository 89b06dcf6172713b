import { listPage, objectSchema, problemResponses, type ListQuery } from '@lingshou/plugin-sdk';
import { claimLog } from './claim-log.ts';
import type { ClaimRow } from './claims.store.ts';
import type { CouponRow } from './coupon.ts';
import type { CouponInput } from './coupon-input.ts';
import { couponBody } from './coupon-input.ts';
import { findCoupon } from './coupons.store.ts';
import { dailyCounts } from './daily-counts.ts';
import { changeCoupon, pushStock, saveCoupon, syncStock, type CouponChange } from './coupons.service.ts';
import {
  claimOutput, claimParams, claimsQuery, couponOutput, dailyOutput, couponParams, couponPatch, couponQuery, couponToApi, deactivateBody, rowToApi,
} from './coupons.schemas.ts';
import { deactivateClaim } from './deactivation.ts';
import type { PluginRoutes } from './types.ts';

const read = { auth: 'staff', permission: 'order.read' } as const;
const manage = { auth: 'staff', permission: 'plugin.manage' } as const;
const tags = ['plugin: merchant-coupon'];

/**
 * 插件 → 微信商家券 (seed 4.9 §四): the merchant's coupons in Refine simple-rest shape, for the
 * admin's schema-driven page, plus sync and the claim log. Saving creates the WeChat stock.
 */
export const couponsRoutes: PluginRoutes = async (app, { inContext }) => {
  app.get<{ Querystring: ListQuery & { state?: string } }>('/coupons', {
    config: read,
    schema: { tags, querystring: couponQuery, response: { 200: { type: 'array', items: couponOutput }, ...problemResponses } },
  }, async (request, reply) => {
    const page = await inContext(request, (ctx) => {
      const base = ctx.db('coupons').select('*');
      if (request.query.state) base.where({ state: request.query.state });
      return listPage<CouponRow>(base, request.query, {
        sortable: { createdAt: 'created_at', name: 'name', availableUntil: 'available_until', claimedCount: 'claimed_count', id: 'id' },
        defaultSort: 'createdAt', search: ['name', 'scope_text'],
      });
    });
    reply.header('x-total-count', page.total);
    return page.rows.map(rowToApi);
  });

  app.get<{ Params: { id: string } }>('/coupons/:id', {
    config: read,
    schema: { tags, params: couponParams, response: { 200: couponOutput, ...problemResponses } },
  }, (request) => inContext(request, async (ctx) => couponToApi(await findCoupon(ctx, request.params.id))));

  app.post<{ Body: CouponInput }>('/coupons', {
    config: manage,
    schema: {
      tags, body: couponBody, response: { 201: couponOutput, ...problemResponses },
      description: 'Creates a coupon and its busifavor stock at WeChat. If WeChat fails, the coupon stays `creating` and POST /coupons/:id/sync retries with the same out_request_no.',
    },
  }, async (request, reply) => {
    const id = await inContext(request, (ctx) => saveCoupon(ctx, request.body));
    await inContext(request, async (ctx) => {
      await pushStock(ctx, id);
      if (request.body.state === 'paused') await changeCoupon(ctx, id, { state: 'paused' });
    });
    return reply.code(201).send(await inContext(request, async (ctx) => couponToApi(await findCoupon(ctx, id))));
  });

  app.patch<{ Params: { id: string }; Body: CouponChange }>('/coupons/:id', {
    config: manage,
    schema: {
      tags, params: couponParams, body: couponPatch, response: { 200: couponOutput, ...problemResponses },
      description: 'Changes the name, scope text, budget (maxCoupons) or state (running, paused, stopped). Other fields may be resent unchanged.',
    },
  }, (request) => inContext(request, async (ctx) => {
    await changeCoupon(ctx, request.params.id, request.body);
    return couponToApi(await findCoupon(ctx, request.params.id));
  }));

  app.post<{ Params: { id: string } }>('/coupons/:id/sync', {
    config: manage,
    schema: { tags, params: couponParams, response: { 200: couponOutput, ...problemResponses }, description: 'Reads the stock back from WeChat, or creates it if WeChat never confirmed it.' },
  }, (request) => inContext(request, async (ctx) => {
    await syncStock(ctx, request.params.id);
    return couponToApi(await findCoupon(ctx, request.params.id));
  }));

  app.get<{ Params: { id: string }; Querystring: { days: number } }>('/coupons/:id/daily', {
    config: read,
    schema: {
      tags, params: couponParams, querystring: objectSchema({ days: { type: 'integer', minimum: 1, maximum: 366, default: 30 } }),
      response: { 200: { type: 'array', items: dailyOutput }, ...problemResponses },
      description: 'Claims and redemptions per day (China time) over the last `days` days, for the admin\'s chart; days without any are left out.',
    },
  }, (request) => inContext(request, async (ctx) => {
    await findCoupon(ctx, request.params.id);
    const counts = await dailyCounts(ctx, { days: request.query.days, couponId: request.params.id });
    return counts.filter((count) => count.claimed > 0 || count.used > 0);
  }));

  app.get<{ Params: { id: string }; Querystring: ListQuery & { state?: string } }>('/coupons/:id/claims', {
    config: read,
    schema: { tags, params: couponParams, querystring: claimsQuery, response: { 200: { type: 'array', items: claimOutput }, ...problemResponses } },
  }, async (request, reply) => {
    const page = await inContext(request, async (ctx) => {
      await findCoupon(ctx, request.params.id);
      const base = ctx.db('claims').where({ coupon_id: request.params.id }).whereNot({ state: 'released' }).select('*');
      if (request.query.state) base.where({ state: request.query.state });
      const claims = await listPage<ClaimRow>(base, request.query, {
        sortable: { createdAt: 'created_at', claimedAt: 'claimed_at', usedAt: 'used_at', id: 'id' }, defaultSort: 'createdAt', search: ['coupon_code'],
      });
      return { total: claims.total, rows: await claimLog(ctx, claims.rows) };
    });
    reply.header('x-total-count', page.total);
    return page.rows;
  });

  app.post<{ Params: { id: string; claimId: string }; Body: { reason: string } }>('/coupons/:id/claims/:claimId/deactivate', {
    config: manage,
    schema: {
      tags, params: claimParams, body: deactivateBody, response: { 200: claimOutput, ...problemResponses },
      description: '作废: voids a coupon a customer holds, at WeChat (busifavor coupons/deactivate) and here; it can no longer be used. '
        + 'Only an available coupon (409 otherwise); voiding one already voided answers it unchanged.',
    },
  }, (request) => inContext(request, async (ctx) => {
    const claim = await deactivateClaim(ctx, request.params.id, request.params.claimId, request.body.reason);
    return (await claimLog(ctx, [claim]))[0];
  }));
};
