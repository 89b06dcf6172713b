import { LingshouError, objectSchema, problemResponses, uuid, type AuthContext, type PluginContext } from '@lingshou/plugin-sdk';
import { resolveChoice } from './greeting-choice.ts';
import { errors } from './errors.ts';
import { greetingText } from './templates.schemas.ts';
import type { PluginRoutes } from './types.ts';

const greetingOutput = {
  type: 'object',
  properties: {
    orderId: uuid,
    greeting: { type: 'object', properties: { text: { type: 'string' }, templateId: { type: ['string', 'null'] }, category: { type: 'string' } } },
  },
} as const;

/**
 * The order, if the signed-in staff may act on it. A missing order and another store's order
 * (for a cashier bound to some stores) give the same 404, as the kernel's own routes do.
 */
async function orderFor(ctx: PluginContext, auth: AuthContext | null, orderId: string) {
  const order = await ctx.kernel.orders.get(orderId).catch((error: unknown) => {
    throw error instanceof LingshouError && error.statusCode === 404 ? errors.LS_GREETINGS_ORDER_NOT_FOUND(undefined, { cause: error }) : error;
  });
  if (auth?.storeIds && !auth.storeIds.includes(order.storeId)) throw errors.LS_GREETINGS_ORDER_NOT_FOUND();
  return order;
}

/**
 * 线下订单祝福语 (seed 2.4.3.9.3): the cashier picks a greeting for an order after the sale and
 * before printing its receipt; picking again replaces it.
 */
export const orderGreetingRoutes: PluginRoutes = async (app, { inContext }) => {
  app.put<{ Params: { orderId: string }; Body: { templateId?: string; text?: string } }>('/orders/:orderId', {
    config: { auth: 'staff', permission: 'order.create' },
    schema: {
      tags: ['plugin: greetings'],
      description: 'Sets the greeting printed on an order\'s receipt: a template (templateId) or the cashier\'s own text.',
      params: objectSchema({ orderId: uuid }, ['orderId']),
      body: objectSchema({ templateId: uuid, text: greetingText }),
      response: { 200: greetingOutput, ...problemResponses },
    },
  }, (request) => inContext(request, async (ctx) => {
    const order = await orderFor(ctx, request.auth, request.params.orderId);
    const greeting = (await resolveChoice(ctx, request.body, ''))!;
    await ctx.kernel.orders.setExtension(order.id, greeting);
    return { orderId: order.id, greeting };
  }));
};
