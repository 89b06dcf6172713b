/**
 * The simulated WeChat Pay APIv3 endpoints under `<mount>/v3`. Requests are verified
 * (signing.ts) before validation; answers and errors are signed and shaped as WeChat's.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SandboxContext } from './context.ts';
import {
  createBusifavorStock, deactivateBusifavorCoupon, getBusifavorCallback, listBusifavorCoupons, modifyBusifavorBudget, modifyBusifavorStock,
  queryBusifavorCoupon, queryBusifavorStock, returnBusifavorCoupon, useBusifavorCoupon, type BusifavorStockCreate,
} from './busifavor.ts';
import { uploadBusifavorCouponCodes, type CouponCodesUpload } from './busifavor-codes.ts';
import { changeFavorStock, createFavorStock, listFavorCoupons, queryFavorCoupon, queryFavorStock, sendFavorCoupon, setCallback, type FavorStockCreate } from './favor.ts';
import { closeTransaction, codepay, prepayJsapi, queryByOutTradeNo, queryByTransactionId, reverseTransaction, type PaymentRequest } from './payments.ts';
import { createRefund, queryRefund, type RefundRequest } from './refunds.ts';
import * as s from './schemas.ts';
import { merchantOf } from './signing.ts';
import { aesGcmEncrypt, randomNonce, wechatTime } from './wire.ts';

type Req<B = unknown, P = Record<string, string>, Q = Record<string, string>> = FastifyRequest<{ Body: B; Params: P; Querystring: Q }>;
type SpSub = { sp_mchid: string; sub_mchid: string };

export async function v3Routes(app: FastifyInstance, { ctx }: { ctx: SandboxContext }): Promise<void> {
  const hide = true;

  // Certificates: the platform certificate, encrypted with the caller's APIv3 key.
  app.get('/certificates', { schema: { hide, response: s.answers(200) } }, async (request) => {
    const merchant = merchantOf(request);
    const { certificate } = await ctx.platform();
    const nonce = randomNonce(12);
    return {
      data: [{
        serial_no: certificate.keyId,
        effective_time: wechatTime(certificate.effectiveTime),
        expire_time: wechatTime(certificate.expireTime),
        encrypt_certificate: {
          algorithm: 'AEAD_AES_256_GCM', nonce, associated_data: 'certificate',
          ciphertext: aesGcmEncrypt(certificate.certificatePem!, merchant.apiv3Key, nonce, 'certificate'),
        },
      }],
    };
  });

  // Partner payments.
  app.post('/pay/partner/transactions/jsapi', { schema: { hide, body: s.jsapiBody, response: s.answers(200) } },
    (request: Req<PaymentRequest>) => prepayJsapi(ctx, merchantOf(request), request.body));
  app.post('/pay/partner/transactions/codepay', { schema: { hide, body: s.codepayBody, response: s.answers(200) } },
    (request: Req<PaymentRequest>) => codepay(ctx, merchantOf(request), request.body));
  app.get('/pay/partner/transactions/out-trade-no/:out_trade_no', { schema: { hide, params: s.outTradeNoParams, querystring: s.spSub, response: s.answers(200) } },
    (request: Req<unknown, { out_trade_no: string }, SpSub>) => queryByOutTradeNo(ctx, merchantOf(request), request.params.out_trade_no, request.query));
  app.get('/pay/partner/transactions/id/:transaction_id', { schema: { hide, params: s.transactionIdParams, querystring: s.spSub, response: s.answers(200) } },
    (request: Req<unknown, { transaction_id: string }, SpSub>) => queryByTransactionId(ctx, merchantOf(request), request.params.transaction_id, request.query));
  app.post('/pay/partner/transactions/out-trade-no/:out_trade_no/close', { schema: { hide, params: s.outTradeNoParams, body: s.spSub, response: s.noContent } },
    async (request: Req<SpSub, { out_trade_no: string }>, reply) => {
      await closeTransaction(ctx, merchantOf(request), request.params.out_trade_no, request.body);
      return reply.code(204).send();
    });
  app.post('/pay/partner/transactions/out-trade-no/:out_trade_no/reverse', { schema: { hide, params: s.outTradeNoParams, body: s.reverseBody, response: s.answers(200) } },
    (request: Req<SpSub, { out_trade_no: string }>) => reverseTransaction(ctx, merchantOf(request), request.params.out_trade_no, request.body));

  // Refunds.
  app.post('/refund/domestic/refunds', { schema: { hide, body: s.refundBody, response: s.answers(200) } },
    (request: Req<RefundRequest>) => createRefund(ctx, merchantOf(request), request.body));
  app.get('/refund/domestic/refunds/:out_refund_no', { schema: { hide, params: s.refundParams, querystring: s.subMchidQuery, response: s.answers(200) } },
    (request: Req<unknown, { out_refund_no: string }, { sub_mchid: string }>) => queryRefund(ctx, merchantOf(request), request.params.out_refund_no, request.query));

  // 商家券 (busifavor).
  app.post('/marketing/busifavor/stocks', { schema: { hide, body: s.busifavorStockBody, response: s.answers(200) } },
    (request: Req<BusifavorStockCreate>) => createBusifavorStock(ctx, merchantOf(request), request.body));
  app.get('/marketing/busifavor/stocks/:stock_id', { schema: { hide, params: s.stockIdParams, response: s.answers(200) } },
    (request: Req<unknown, { stock_id: string }>) => queryBusifavorStock(ctx, merchantOf(request), request.params.stock_id));
  app.patch('/marketing/busifavor/stocks/:stock_id', { schema: { hide, params: s.stockIdParams, body: s.busifavorModifyBody, response: s.noContent } },
    async (request: Req<Record<string, unknown> & { out_request_no: string }, { stock_id: string }>, reply) => {
      await modifyBusifavorStock(ctx, merchantOf(request), request.params.stock_id, request.body);
      return reply.code(204).send();
    });
  app.patch('/marketing/busifavor/stocks/:stock_id/budget', { schema: { hide, params: s.stockIdParams, body: s.busifavorBudgetBody, response: s.answers(200) } },
    (request: Req<Parameters<typeof modifyBusifavorBudget>[3], { stock_id: string }>) => modifyBusifavorBudget(ctx, merchantOf(request), request.params.stock_id, request.body));
  app.post('/marketing/busifavor/stocks/:stock_id/couponcodes', { schema: { hide, params: s.stockIdParams, body: s.busifavorCodesBody, response: s.answers(200) } },
    (request: Req<CouponCodesUpload, { stock_id: string }>) => uploadBusifavorCouponCodes(ctx, merchantOf(request), request.params.stock_id, request.body));
  app.post('/marketing/busifavor/coupons/use', { schema: { hide, body: s.busifavorUseBody, response: s.answers(200) } },
    (request: Req<Parameters<typeof useBusifavorCoupon>[2]>) => useBusifavorCoupon(ctx, merchantOf(request), request.body));
  app.post('/marketing/busifavor/coupons/return', { schema: { hide, body: s.busifavorReturnBody, response: s.answers(200) } },
    (request: Req<Parameters<typeof returnBusifavorCoupon>[2]>) => returnBusifavorCoupon(ctx, merchantOf(request), request.body));
  app.post('/marketing/busifavor/coupons/deactivate', { schema: { hide, body: s.busifavorDeactivateBody, response: s.answers(200) } },
    (request: Req<Parameters<typeof deactivateBusifavorCoupon>[2]>) => deactivateBusifavorCoupon(ctx, merchantOf(request), request.body));
  app.get('/marketing/busifavor/users/:openid/coupons', { schema: { hide, params: s.openidParams, querystring: s.busifavorCouponsQuery, response: s.answers(200) } },
    (request: Req<unknown, { openid: string }, Parameters<typeof listBusifavorCoupons>[3]>) => listBusifavorCoupons(ctx, merchantOf(request), request.params.openid, request.query));
  app.get('/marketing/busifavor/users/:openid/coupons/:coupon_code/appids/:appid', { schema: { hide, params: s.busifavorCouponParams, response: s.answers(200) } },
    (request: Req<unknown, { openid: string; coupon_code: string }>) => queryBusifavorCoupon(ctx, merchantOf(request), request.params.openid, request.params.coupon_code));
  app.post('/marketing/busifavor/callbacks', { schema: { hide, body: s.callbackBody, response: s.answers(200) } },
    async (request: Req<{ mchid: string; notify_url: string }>) => {
      const { update_time, notify_url, mchid } = await setCallback(ctx, merchantOf(request), 'busifavor', request.body);
      return { update_time, notify_url, mchid };
    });
  app.get('/marketing/busifavor/callbacks', { schema: { hide, querystring: s.mchidQuery, response: s.answers(200) } },
    (request: Req<unknown, Record<string, string>, { mchid: string }>) => getBusifavorCallback(ctx, merchantOf(request), request.query.mchid));

  // 代金券 (favor).
  app.post('/marketing/favor/coupon-stocks', { schema: { hide, body: s.favorStockBody, response: s.answers(200) } },
    (request: Req<FavorStockCreate>) => createFavorStock(ctx, merchantOf(request), request.body));
  for (const step of ['start', 'pause', 'restart'] as const) {
    app.post(`/marketing/favor/stocks/:stock_id/${step}`, { schema: { hide, params: s.stockIdParams, body: s.stockCreatorBody, response: s.answers(200) } },
      (request: Req<{ stock_creator_mchid: string }, { stock_id: string }>) => changeFavorStock(ctx, merchantOf(request), request.params.stock_id, step, request.body));
  }
  app.get('/marketing/favor/stocks/:stock_id', { schema: { hide, params: s.stockIdParams, querystring: s.stockCreatorBody, response: s.answers(200) } },
    (request: Req<unknown, { stock_id: string }, { stock_creator_mchid: string }>) => queryFavorStock(ctx, merchantOf(request), request.params.stock_id, request.query));
  app.post('/marketing/favor/users/:openid/coupons', { schema: { hide, params: s.openidParams, body: s.favorSendBody, response: s.answers(200) } },
    (request: Req<Parameters<typeof sendFavorCoupon>[3], { openid: string }>) => sendFavorCoupon(ctx, merchantOf(request), request.params.openid, request.body));
  app.get('/marketing/favor/users/:openid/coupons', { schema: { hide, params: s.openidParams, querystring: s.favorCouponsQuery, response: s.answers(200) } },
    (request: Req<unknown, { openid: string }, Parameters<typeof listFavorCoupons>[3]>) => listFavorCoupons(ctx, merchantOf(request), request.params.openid, request.query));
  app.get('/marketing/favor/users/:openid/coupons/:coupon_id', { schema: { hide, params: s.favorCouponParams, querystring: s.appidQuery, response: s.answers(200) } },
    (request: Req<unknown, { openid: string; coupon_id: string }, { appid: string }>) => queryFavorCoupon(ctx, merchantOf(request), request.params.openid, request.params.coupon_id, request.query));
  app.post('/marketing/favor/callbacks', { schema: { hide, body: s.callbackBody, response: s.answers(200) } },
    async (request: Req<{ mchid: string; notify_url: string; switch?: boolean }>) => {
      const { update_time, notify_url } = await setCallback(ctx, merchantOf(request), 'favor', request.body);
      return { update_time, notify_url };
    });
}
