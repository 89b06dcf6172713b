import { objectSchema, problemResponses, uuid, type PluginContext } from '@lingshou/plugin-sdk';
import { errors } from './errors.ts';
import { refuseUnclaimable, reserveClaims } from './claims.store.ts';
import { findCoupon } from './coupons.store.ts';
import { claimableBudget, fromRow, ruleText, valueText, type CouponRow } from './coupon.ts';
import { mallAppid } from './wechat-stock.ts';
import { pick, validText, wallet } from './wallet.ts';
import type { PluginRoutes } from './types.ts';

const customer = { auth: 'customer' } as const;
const tags = ['plugin: merchant-coupon'];
const str = { type: 'string' } as const;

const listItem = {
  type: 'object',
  properties: { id: uuid, title: str, valueText: str, ruleText: str, validText: str, state: { type: 'string', enum: ['claimable', 'claimed', 'sold-out', 'limit-reached'] } },
} as const;

const walletItem = {
  type: 'object',
  properties: { id: uuid, title: str, valueText: str, validText: str, code: str, state: { type: 'string', enum: ['available', 'used', 'expired'] } },
} as const;

export const pickerItem = {
  type: 'object',
  properties: {
    code: str, title: str, valueText: str, ruleText: str, validText: str, applicable: { type: 'boolean' },
    reason: str, discountFen: { type: 'integer' },
  },
} as const;

export const cartBody = objectSchema({
  storeId: uuid,
  customerId: uuid,
  lines: { type: 'array', minItems: 1, maxItems: 500, items: objectSchema({ skuId: uuid, quantity: { type: 'integer', minimum: 1, maximum: 1_000_000 } }, ['skuId', 'quantity']) },
}, ['storeId', 'lines']);

const claimAnswer = {
  type: 'object',
  properties: {
    kind: { type: 'string', enum: ['send-coupon-plugin'] },
    claimId: uuid,
    params: {
      type: 'object',
      properties: {
        send_coupon_params: { type: 'array', items: { type: 'object', properties: { stock_id: str, out_request_no: str, coupon_code: str } } },
        send_coupon_merchant: str, sign: str,
      },
    },
    sandbox: {
      type: 'object',
      description: 'Only when the merchant\'s WeChat Pay is the sandbox: where an H5 mall posts params with the openid and appid, playing WeChat\'s send-coupon plugin.',
      properties: { url: str, openid: str, appid: str },
    },
  },
} as const;

/** The running coupons a customer may see in the mall, for a store and (on a product page) a product. */
async function claimable(ctx: PluginContext, customerId: string, query: { storeId?: string; productId?: string }, now = new Date()) {
  const rows = await ctx.db('coupons').where({ state: 'running' }).where('available_until', '>', now).orderBy('created_at', 'desc').select('*') as CouponRow[];
  let coupons = rows.map(fromRow).filter((coupon) => coupon.allStores || !query.storeId || coupon.storeIds.includes(query.storeId));
  if (query.productId) {
    const skus = await ctx.kernel.catalog.skus([...new Set(coupons.flatMap((coupon) => coupon.skuIds))]);
    coupons = coupons.filter((coupon) => coupon.allStores || coupon.skuIds.some((id) => skus.get(id)?.productId === query.productId));
  }
  const held = new Map((await ctx.db('claims').where({ customer_id: customerId }).whereNot({ state: 'released' })
    .groupBy('coupon_id').select('coupon_id').count({ n: '*' }) as { coupon_id: string; n: string }[]).map((r) => [r.coupon_id, Number(r.n)]));
  return coupons.map((coupon) => {
    const mine = held.get(coupon.id) ?? 0;
    const state = mine >= coupon.perUserLimit ? (coupon.perUserLimit === 1 ? 'claimed' : 'limit-reached')
      : coupon.claimedCount >= claimableBudget(coupon) ? 'sold-out' : 'claimable';
    return { id: coupon.id, title: coupon.name, valueText: valueText(coupon), ruleText: ruleText(coupon), validText: validText(coupon), state };
  });
}

/**
 * One batch of claims of a coupon: each customer's reservation and the signed parameters of
 * WeChat's send-coupon plugin for it, or the reason it was refused. Sold out or stopped is
 * answered before anyone's WeChat identity is looked up.
 */
async function claimBatch(ctx: PluginContext, couponId: string, customerIds: string[]) {
  const coupon = await findCoupon(ctx, couponId);
  refuseUnclaimable(coupon);
  const binding = await ctx.kernel.wechatpay.binding();
  const appid = mallAppid(binding);
  const openids = await ctx.kernel.customers.openids(appid, customerIds);
  const requests = customerIds.map((customerId) => ({ customerId, openid: openids.get(customerId) ?? null }));
  const reservations = await reserveClaims(ctx, coupon, requests);
  return Promise.all(reservations.map(async (reservation, i) => {
    if (reservation instanceof Error) return reservation;
    const params = await ctx.kernel.wechatpay.sendCouponParams([{
      stock_id: coupon.stockId!, out_request_no: reservation.out_request_no, ...(reservation.coupon_code ? { coupon_code: reservation.coupon_code } : {}),
    }]);
    // Outside WeChat (the H5 mall) there is no send-coupon plugin; the sandbox plays it.
    const { openid } = requests[i]!;
    const sandbox = binding.sandbox && openid ? { url: '/sandbox/wechatpay/customer/busifavor/send-coupon', openid, appid } : undefined;
    return { kind: 'send-coupon-plugin' as const, claimId: reservation.id, params, ...(sandbox ? { sandbox } : {}) };
  }));
}

/**
 * The mall's side (seed 4.9 §5-1), for a signed-in customer: the coupon centre and product
 * pages (coupon-list), claiming through WeChat's send-coupon plugin, the wallet
 * (coupon-wallet) and the checkout's picker (coupon-picker).
 */
export const mallRoutes: PluginRoutes = async (app, { inContext, batch }) => {
  // Everyone claims the coupon of the day at once: their claims of one coupon go in batches.
  const claim = batch((ctx, couponId, customerIds: string[]) => claimBatch(ctx, couponId, customerIds));

  app.get<{ Querystring: { storeId?: string; productId?: string } }>('/mall/coupons', {
    config: customer,
    schema: { tags, querystring: objectSchema({ storeId: uuid, productId: uuid }), response: { 200: { type: 'array', items: listItem }, ...problemResponses } },
  }, (request) => inContext(request, (ctx) => claimable(ctx, request.auth!.customerId!, request.query)));

  app.post<{ Params: { id: string } }>('/mall/coupons/:id/claim', {
    config: customer,
    schema: {
      tags, params: objectSchema({ id: uuid }, ['id']), response: { 200: claimAnswer, ...problemResponses },
      description: 'Reserves one coupon of the budget for the customer and answers the signed parameters of WeChat\'s send-coupon plugin; WeChat\'s COUPON.SEND notification then records the claim.',
    },
  }, (request) => claim(request, request.params.id, request.auth!.customerId!));

  app.get('/mall/wallet', {
    config: customer,
    schema: { tags, response: { 200: { type: 'array', items: walletItem }, ...problemResponses } },
  }, (request) => inContext(request, (ctx) => wallet(ctx, request.auth!.customerId!)));

  app.post<{ Body: { storeId: string; lines: { skuId: string; quantity: number }[] } }>('/mall/picker', {
    config: customer,
    schema: { tags, body: cartBody, response: { 200: { type: 'array', items: pickerItem }, ...problemResponses } },
  }, (request) => inContext(request, (ctx) => pick(ctx, request.auth!.customerId!, { ...request.body, channel: 'mall' })));

  app.post<{ Body: { storeId: string; customerId?: string; lines: { skuId: string; quantity: number }[] } }>('/till/picker', {
    config: { auth: 'staff', permission: 'order.create' },
    schema: { tags, body: cartBody, response: { 200: { type: 'array', items: pickerItem }, ...problemResponses } },
  }, (request) => {
    // A cashier bound to some stores gets the same 404 for another store as for a missing one.
    if (request.auth!.storeIds && !request.auth!.storeIds.includes(request.body.storeId)) throw errors.LS_MERCHANT_COUPON_STORE_NOT_FOUND(undefined, { field: 'storeId' });
    return inContext(request, async (ctx) => (request.body.customerId ? pick(ctx, request.body.customerId, { ...request.body, channel: 'pos' }) : []));
  });
};
