import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Trx } from '../db/tenant-tx.ts';
import { errors } from '../errors.ts';
import { idParams, problemResponses } from '../http/schemas.ts';
import { tenantOf } from '../http/auth-guard.ts';
import type { ListQuery } from '../http/list-query.ts';
import { idempotencyHeader, idempotent } from '../http/idempotency.ts';
import { advanceOrder, cancelOrder } from '../orders/orders.service.ts';
import { requestRefund } from '../orders/refund-requests.service.ts';
import type { OrderDeps } from '../orders/order-deps.ts';
import { payOrder } from '../payments/payments.service.ts';
import { placeMallOrder, quoteMallCart, type MallCartInput } from './mall-checkout.service.ts';
import { assertOwnOrder, listCustomerOrders, mallOrderDetail, payerOf } from './mall-orders.service.ts';
import { mallAppid, sandboxCustomerOpenid } from './mall-auth.service.ts';
import {
  cartBody, cartQuoteOutput, checkoutBody, mallOrderDetail as mallOrderDetailSchema, mallOrderSummary, orderListQuery, payOutput, refundRequestBody,
} from './mall.schemas.ts';

const customer = { auth: 'customer' } as const;

function customerOf(request: FastifyRequest): string {
  return request.auth!.customerId!;
}

/** Cart, checkout, payment and the customer's orders. */
export async function mallOrdersRoutes(app: FastifyInstance): Promise<void> {
  const deps: OrderDeps = { hooks: app.hooks, payments: app.payments, events: app.events };

  app.post<{ Body: MallCartInput }>('/mall/cart/quote', {
    config: customer,
    schema: {
      tags: ['mall'], description: 'Prices the cart as checkout will: plugin adjustments (coupons, greetings) and the delivery fee.',
      body: cartBody, response: { 200: cartQuoteOutput, ...problemResponses },
    },
  }, (request) => request.inTenant((trx) => quoteMallCart(trx, deps, tenantOf(request), customerOf(request), request.body)));

  app.post<{ Body: MallCartInput }>('/mall/orders', {
    config: customer,
    schema: { tags: ['mall'], headers: idempotencyHeader, body: checkoutBody, response: { 201: mallOrderDetailSchema, ...problemResponses } },
  }, async (request, reply) => {
    const tenantId = tenantOf(request);
    return request.inTenant((trx) => idempotent(request, reply, trx, tenantId, async () => {
      const id = await placeMallOrder(trx, deps, tenantId, customerOf(request), request.body);
      return { statusCode: 201, body: await mallOrderDetail(trx, id) };
    }));
  });

  app.get<{ Querystring: ListQuery & { tab?: string } }>('/mall/orders', {
    config: customer,
    schema: { tags: ['mall'], querystring: orderListQuery, response: { 200: { type: 'array', items: mallOrderSummary }, ...problemResponses } },
  }, (request, reply) => request.inTenant(async (trx) => {
    const { tab, ...page } = request.query;
    const { rows, total } = await listCustomerOrders(trx, customerOf(request), tab, page);
    void reply.header('x-total-count', String(total));
    return rows;
  }));

  app.get<{ Params: { id: string } }>('/mall/orders/:id', {
    config: customer,
    schema: { tags: ['mall'], params: idParams, response: { 200: mallOrderDetailSchema, ...problemResponses } },
  }, (request) => request.inTenant(async (trx) => {
    await assertOwnOrder(trx, customerOf(request), request.params.id);
    return mallOrderDetail(trx, request.params.id);
  }));

  const step = <B>(path: string, description: string, body: object | undefined, run: (trx: Trx, request: FastifyRequest<{ Params: { id: string }; Body: B }>) => Promise<void>) =>
    app.post<{ Params: { id: string }; Body: B }>(`/mall/orders/:id/${path}`, {
      config: customer,
      schema: { tags: ['mall'], description, params: idParams, ...(body ? { body } : {}), response: { 200: mallOrderDetailSchema, ...problemResponses } },
    }, (request) => request.inTenant(async (trx) => {
      await assertOwnOrder(trx, customerOf(request), request.params.id);
      await run(trx, request);
      return mallOrderDetail(trx, request.params.id);
    }));

  step('cancel', 'Cancels an unpaid order; its stock goes back.', undefined, (trx, request) => cancelOrder(trx, tenantOf(request), request.params.id, null));
  step<{ reason?: string }>('refund',
    'Asks for the whole order back within the store\'s online return window (售后申请): the order\'s refundRequest waits for staff '
    + '(POST /refund-requests/:id/approve|reject), or the money goes back at once when the store approves automatically. '
    + 'Asking again while a request is open gives the same request.',
    refundRequestBody,
    async (trx, request) => {
      await requestRefund(trx, deps, tenantOf(request), {
        orderId: request.params.id, customerId: customerOf(request), reason: request.body?.reason ?? '顾客申请退款',
      });
    });
  step('confirm', 'Confirms receipt of a delivered order (确认收货).', undefined, async (trx, request) => {
    const mall = await assertOwnOrder(trx, customerOf(request), request.params.id);
    if (mall.delivery_mode === 'pickup') throw errors.LS_ORDER_STATE_INVALID('A pickup order is completed at the till with its pickup code');
    await advanceOrder(trx, request.params.id, 'complete');
  });

  app.post<{ Params: { id: string } }>('/mall/orders/:id/pay', {
    config: customer,
    schema: {
      tags: ['mall'],
      description: 'Starts WeChat Pay for what is due: requestPayment for Taro.requestPayment, h5Url for the sandbox confirm page. Asking again while it waits returns the same payment.',
      params: idParams, response: { 200: payOutput, ...problemResponses, 402: problemResponses[400], 502: problemResponses[400], 504: problemResponses[400] },
    },
  }, (request) => request.inTenant(async (trx) => {
    const tenantId = tenantOf(request);
    const orderId = request.params.id;
    await assertOwnOrder(trx, customerOf(request), orderId);
    let payment = await pendingWechatpay(trx, orderId);
    if (!payment) {
      const order = await trx('orders').where({ id: orderId }).first('total_fen', 'paid_fen');
      const payer = await payerFor(trx, tenantId, customerOf(request));
      await payOrder(trx, deps, tenantId, orderId, [
        { method: 'wechatpay', amountFen: Number(order.total_fen) - Number(order.paid_fen), data: payer },
      ]);
      payment = await pendingWechatpay(trx, orderId);
    }
    const data = (payment?.data ?? {}) as { requestPayment?: Record<string, string>; h5Url?: string; expiresAt?: string };
    return {
      order: await mallOrderDetail(trx, orderId),
      payment: payment && {
        id: payment.id as string, status: payment.status as string, amountFen: Number(payment.amount_fen),
        requestPayment: data.requestPayment ?? null, h5Url: data.h5Url ?? null, expiresAt: data.expiresAt ?? null,
      },
    };
  }));

  /**
   * Who pays: the openid the customer signed in with. A phone sign-in has none; the demo's
   * sandbox then derives a stable test openid for the partner's appid, as its wx.login does.
   */
  async function payerFor(trx: Trx, tenantId: string, customerId: string): Promise<{ openid: string; appid: string }> {
    const appid = await mallAppid(trx, tenantId);
    const payer = await payerOf(trx, customerId, appid);
    if (payer) return payer;
    if (!app.config.wechatpaySandbox || !appid) {
      throw errors.LS_MALL_LOGIN_NOT_CONFIGURED('Paying with WeChat Pay needs a WeChat sign-in', { field: 'openid' });
    }
    return { appid, openid: sandboxCustomerOpenid(appid, customerId) };
  }
}

/** The order's WeChat Pay payment still waiting for the customer, if any. */
async function pendingWechatpay(trx: Trx, orderId: string) {
  return trx('payments').where({ order_id: orderId, method: 'wechatpay', status: 'pending' }).orderBy('created_at', 'desc').first('id', 'status', 'amount_fen', 'data');
}
