import { errors, LingshouError } from '../../errors.ts';
import type { JobQueue } from '../../kernel/jobs/job-queue.ts';
import { WECHATPAY_CHECK_QUEUE } from '../../kernel/jobs/queues.ts';
import type { WechatpayBindings } from '../../wechatpay/merchant-binding.ts';
import { createPartnerCodepay, createPartnerJsapiPrepay } from '../../wechatpay/payments.ts';
import { createRefund } from '../../wechatpay/refunds.ts';
import type { PaymentContext, PaymentMethod, CollectResult, TenderInput } from '../payment-methods.ts';
import { finalResult, outTradeNoOf, recordPromotions } from './transaction-result.ts';

/** How long a mall customer has to pay a JSAPI order before WeChat closes it. */
export const JSAPI_EXPIRES_MINUTES = 30;
/** How often and how long a till code payment is queried while the customer enters the password. */
export const CODEPAY_CHECK_SECONDS = 3;
export const CODEPAY_MAX_CHECKS = 10;

/** WeChat refusals that mean the money did not move (so the tender failed, nothing to undo). */
const DECLINES = new Set([
  'NOTENOUGH', 'AUTH_CODE_INVALID', 'AUTH_CODE_EXPIRE', 'AUTHCODEEXPIRE', 'AUTH_CODE_ERROR', 'BUYER_MISMATCH', 'ORDERPAID',
  'TRADE_ERROR', 'NO_AUTH', 'RULE_LIMIT', 'ACCOUNTERROR',
]);

export interface WechatpayMethodDeps {
  bindings: WechatpayBindings;
  jobs: JobQueue;
}

export interface CheckJob {
  /** payment: settle or give up; refund: settle; return: give back money taken after we gave up on the payment. */
  kind: 'payment' | 'refund' | 'return';
  tenantId: string;
  /** Payment id (kinds payment, return) or out_refund_no (kind refund). */
  id: string;
  attempt: number;
}

/**
 * WeChat Pay as a tender. At the till the cashier scans the customer's payment code (code pay):
 * an answer of SUCCESS settles at once, USERPAYING leaves the payment pending and a check job
 * queries until a final state, reversing it when none comes. In the mall it creates a JSAPI
 * prepay and leaves the payment pending with the `requestPayment` parameters; the notification
 * (or the reconciliation job) settles it.
 */
export function wechatpayMethod(deps: WechatpayMethodDeps): PaymentMethod {
  return {
    id: 'wechatpay',
    label: { zh: '微信支付', en: 'WeChat Pay' },
    channels: ['pos', 'mall'],
    offline: false,
    async collect(ctx, tender) {
      return ctx.channel === 'pos' ? collectCodepay(deps, ctx, tender) : collectJsapi(deps, ctx, tender);
    },
    async refund(ctx, payment, amountFen, refundNo) {
      const { binding, client } = await deps.bindings.forTenant(ctx.tenantId, ctx.trx);
      try {
        const refund = await createRefund(client, {
          sub_mchid: binding.subMchid,
          ...(payment.externalId ? { transaction_id: payment.externalId } : { out_trade_no: outTradeNoOf(payment.id) }),
          out_refund_no: refundNo,
          notify_url: binding.notifyUrl,
          amount: { refund: amountFen, total: payment.amountFen, currency: 'CNY' },
        });
        const data = { refundId: refund.refund_id, refundStatus: refund.status, ...(refund.promotion_detail ? { promotions: refund.promotion_detail } : {}) };
        if (refund.status === 'SUCCESS') return { status: 'succeeded', externalId: refund.refund_id, data };
        if (refund.status === 'CLOSED' || refund.status === 'ABNORMAL') return { status: 'failed', externalId: refund.refund_id, data };
        await scheduleCheck(deps, ctx, 'refund', refundNo, 0);
        return { status: 'pending', externalId: refund.refund_id, data };
      } catch (error) {
        // No answer: WeChat may have taken it. Keep the refund pending under this out_refund_no;
        // the reconciliation job asks again with the same number, which WeChat treats as one refund.
        if (error instanceof LingshouError && error.code === 'LS_WECHATPAY_UNAVAILABLE') {
          await scheduleCheck(deps, ctx, 'refund', refundNo, 0);
          return { status: 'pending', data: { unanswered: true } };
        }
        throw error;
      }
    },
  };
}

async function describe(ctx: PaymentContext): Promise<string> {
  const row = await ctx.trx('orders as o').join('stores as s', 's.id', 'o.store_id').where('o.id', ctx.orderId).first('o.number', 's.name');
  return `${row?.name ?? ''}-${row?.number ?? ctx.orderId}`.slice(0, 127);
}

async function collectCodepay(deps: WechatpayMethodDeps, ctx: PaymentContext, tender: TenderInput): Promise<CollectResult> {
  const authCode = tender.data?.authCode;
  if (typeof authCode !== 'string' || !/^[0-9]{16,24}$/.test(authCode)) {
    throw errors.LS_INPUT_INVALID('Scan the customer\'s WeChat payment code (16–24 digits)', { field: `tenders.${ctx.index}.data.authCode` });
  }
  const { binding, client } = await deps.bindings.forTenant(ctx.tenantId, ctx.trx);
  const outTradeNo = outTradeNoOf(ctx.paymentId);
  const pending = { outTradeNo, flow: 'codepay' };
  let transaction;
  try {
    transaction = await createPartnerCodepay(client, {
      sub_mchid: binding.subMchid, description: await describe(ctx), out_trade_no: outTradeNo,
      payer: { auth_code: authCode }, amount: { total: tender.amountFen, currency: 'CNY' },
      scene_info: { store_info: { out_id: ctx.storeId.replaceAll('-', '') } },
    });
  } catch (error) {
    const extra = error instanceof LingshouError ? error.extra : undefined;
    const wechatCode = extra?.wechatCode as string | undefined;
    if (wechatCode && DECLINES.has(wechatCode)) {
      return { status: 'failed', failureReason: (extra?.wechatMessage as string | undefined) ?? wechatCode, data: { ...pending, wechatCode } };
    }
    if (error instanceof LingshouError && (error.code === 'LS_WECHATPAY_UNAVAILABLE' || wechatCode === 'SYSTEMERROR' || wechatCode === 'BANKERROR')) {
      // The outcome is unknown: query it, and reverse it if it never becomes final.
      await scheduleCheck(deps, ctx, 'payment', ctx.paymentId, 0);
      return { status: 'pending', data: { ...pending, tradeState: 'UNKNOWN' } };
    }
    throw error;
  }
  const result = finalResult(transaction, pending);
  if (result?.status === 'succeeded') await recordPromotions(ctx.trx, ctx.tenantId, ctx.orderId, ctx.paymentId, transaction);
  if (result) return result;
  await scheduleCheck(deps, ctx, 'payment', ctx.paymentId, 0);
  return { status: 'pending', data: { ...pending, tradeState: transaction.trade_state } };
}

async function collectJsapi(deps: WechatpayMethodDeps, ctx: PaymentContext, tender: TenderInput): Promise<CollectResult> {
  const openid = tender.data?.openid;
  if (typeof openid !== 'string' || openid.length === 0 || openid.length > 128) {
    throw errors.LS_INPUT_INVALID('The customer\'s openid is required to pay with WeChat Pay', { field: `tenders.${ctx.index}.data.openid` });
  }
  const { binding, client } = await deps.bindings.forTenant(ctx.tenantId, ctx.trx);
  const appid = typeof tender.data?.appid === 'string' ? tender.data.appid : undefined;
  // An openid belongs to one appid: the merchant's own mini program (sub_openid) or the partner's.
  const asSub = Boolean(binding.subAppid && appid === binding.subAppid);
  const outTradeNo = outTradeNoOf(ctx.paymentId);
  const expires = new Date(Date.now() + JSAPI_EXPIRES_MINUTES * 60_000);
  const prepay = await createPartnerJsapiPrepay(client, {
    sub_mchid: binding.subMchid, ...(asSub ? { sub_appid: binding.subAppid! } : {}),
    description: await describe(ctx), out_trade_no: outTradeNo, notify_url: binding.notifyUrl,
    time_expire: expires.toISOString().replace(/\.\d{3}Z$/, '+00:00'),
    amount: { total: tender.amountFen, currency: 'CNY' },
    payer: asSub ? { sub_openid: openid } : { sp_openid: openid },
  });
  return {
    status: 'pending',
    data: {
      outTradeNo, flow: 'jsapi', prepayId: prepay.prepayId, requestPayment: prepay.requestPayment, expiresAt: expires.toISOString(),
      // In the sandbox the customer "pays" on its confirm page (the H5 mall opens it).
      ...(binding.sandbox ? { h5Url: `/sandbox/wechatpay/pay/${prepay.prepayId}` } : {}),
    },
  };
}

export async function scheduleCheck(
  deps: Pick<WechatpayMethodDeps, 'jobs'>, ctx: Pick<PaymentContext, 'trx' | 'tenantId'>, kind: CheckJob['kind'], id: string, attempt: number,
): Promise<void> {
  const job: CheckJob = { kind, tenantId: ctx.tenantId, id, attempt };
  await deps.jobs.enqueue(ctx.trx, WECHATPAY_CHECK_QUEUE, [{ data: job, startAfterSeconds: CODEPAY_CHECK_SECONDS }]);
}
