import { objectSchema, problemResponses } from '@lingshou/plugin-sdk';
import { dailyOutput } from './coupons.schemas.ts';
import { dailyCounts } from './daily-counts.ts';
import { prerequisiteChecklist } from './prerequisites.ts';
import type { PluginRoutes } from './types.ts';

const read = { auth: 'staff', permission: 'order.read' } as const;
const manage = { auth: 'staff', permission: 'plugin.manage' } as const;
const tags = ['plugin: merchant-coupon'];

const checklistOutput = {
  type: 'object',
  properties: {
    ready: { type: 'boolean' }, sandbox: { type: ['boolean', 'null'] }, message: { type: ['string', 'null'] },
    items: {
      type: 'array',
      items: {
        type: 'object',
        properties: { key: { type: 'string' }, label: { type: 'string' }, state: { type: 'string', enum: ['valid', 'missing', 'invalid', 'unchecked'] } },
      },
    },
  },
} as const;

/** What the admin's coupon page shows besides the coupons: the shop's daily chart and the set-up checklist. */
export const adminRoutes: PluginRoutes = async (app, { inContext }) => {
  app.get<{ Querystring: { days: number } }>('/daily', {
    config: read,
    schema: {
      tags, querystring: objectSchema({ days: { type: 'integer', minimum: 1, maximum: 366, default: 30 } }),
      response: { 200: { type: 'array', items: dailyOutput }, ...problemResponses },
      description: 'Claims and redemptions of all the shop\'s coupons per China day over the last `days` days (today included), every day listed.',
    },
  }, (request) => inContext(request, (ctx) => dailyCounts(ctx, { days: request.query.days })));

  app.get('/prerequisites', {
    config: manage,
    schema: {
      tags, response: { 200: checklistOutput, ...problemResponses },
      description: 'The service-provider prerequisites of merchant coupons (partner API certificate and serial, APIv3 key, official account, the merchant\'s sub_mchid), each valid, missing, invalid or unchecked. Never a secret.',
    },
  }, (request) => inContext(request, prerequisiteChecklist));
};
