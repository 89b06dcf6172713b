/**
 * Partner payments: JSAPI prepay, payment-code pay (付款码), query, close and reverse, and the
 * moment a payment succeeds (voucher applied, TRANSACTION.SUCCESS and COUPON.USE sent).
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { errors } from '../../errors.ts';
import type { SandboxContext } from './context.ts';
import { isUniqueViolation, json, num, requestHash, table, type Db } from './db.ts';
import { couponUseResource } from './favor.ts';
import { requireRelation, type ServiceProvider } from './merchants.ts';
import { createNotification, deliver } from './notifier.ts';
import { chooseVoucher, type GoodsLine, type PromotionDetail } from './promotions.ts';
import { wx } from './wechat-error.ts';
import { chinaDateDigits, randomDigits, wechatTime } from './wire.ts';

export interface TransactionRow {
  id: string; sp_mchid: string; sub_mchid: string; out_trade_no: string; trade_type: 'JSAPI' | 'MICROPAY';
  trade_state: string; trade_state_desc: string | null; prepay_id: string | null; transaction_id: string | null;
  auth_code: string | null; openid: string | null; total_fen: string | number; payer_total_fen: string | number | null;
  request: PaymentRequest; request_hash: string; promotion_detail: PromotionDetail[] | null; query_count: number;
  success_time: Date | null; created_at: Date;
}

/** The request fields the sandbox reads (the body as WeChat defines it; the rest is kept as sent). */
export interface PaymentRequest {
  sp_appid?: string; sp_mchid: string; sub_appid?: string; sub_mchid: string; description: string; out_trade_no: string;
  attach?: string; notify_url?: string; goods_tag?: string; time_expire?: string;
  amount: { total: number; currency?: string };
  payer?: { sp_openid?: string; sub_openid?: string; auth_code?: string };
  detail?: { goods_detail?: GoodsLine[] };
  scene_info?: Record<string, unknown>;
}

const STATE_DESC: Record<string, string> = {
  SUCCESS: '支付成功', NOTPAY: '订单未支付', CLOSED: '订单已关闭', USERPAYING: '用户支付中，需要输入密码',
  PAYERROR: '支付失败，余额不足', REVOKED: '订单已撤销', REFUND: '转入退款',
};

/**
 * Payment codes (付款码) by prefix; any other valid code (18 digits starting 10–15) succeeds.
 * docs/wechatpay-sandbox.md lists them.
 */
export const PAYMENT_CODE_OUTCOMES = {
  '130': 'success',
  '131': 'user-paying',
  '132': 'not-enough',
  '133': 'never-completes',
} as const;
export type PaymentCodeOutcome = (typeof PAYMENT_CODE_OUTCOMES)[keyof typeof PAYMENT_CODE_OUTCOMES];

export function outcomeOf(authCode: string): PaymentCodeOutcome {
  return PAYMENT_CODE_OUTCOMES[authCode.slice(0, 3) as keyof typeof PAYMENT_CODE_OUTCOMES] ?? 'success';
}

/** A payment code for a simulated customer: the prefix picks the outcome, the openid is remembered. */
export async function issuePaymentCode(ctx: SandboxContext, input: { openid?: string; outcome?: PaymentCodeOutcome }) {
  const prefix = Object.entries(PAYMENT_CODE_OUTCOMES).find(([, outcome]) => outcome === (input.outcome ?? 'success'))![0];
  const openid = input.openid ?? defaultOpenid(randomBytes(8).toString('hex'));
  const authCode = `${prefix}${randomDigits(15)}`;
  await table(ctx.knex, 'payment_codes').insert({ auth_code: authCode, openid });
  return { authCode, openid, outcome: outcomeOf(authCode) };
}

/** The customer behind an unregistered code: stable, so the same code is the same person. */
function defaultOpenid(seed: string): string {
  return `o${createHash('sha256').update(seed).digest('base64url').slice(0, 27)}`;
}

export function transactionView(row: TransactionRow): Record<string, unknown> {
  const request = row.request;
  const paid = row.transaction_id !== null;
  const payer = row.trade_type === 'JSAPI'
    ? { ...(request.payer?.sp_openid ? { sp_openid: request.payer.sp_openid } : {}), ...(request.payer?.sub_openid ? { sub_openid: request.payer.sub_openid } : {}) }
    : row.openid ? { sp_openid: row.openid } : {};
  return {
    ...(request.sp_appid ? { sp_appid: request.sp_appid } : {}),
    sp_mchid: row.sp_mchid,
    ...(request.sub_appid ? { sub_appid: request.sub_appid } : {}),
    sub_mchid: row.sub_mchid,
    out_trade_no: row.out_trade_no,
    ...(paid ? { transaction_id: row.transaction_id } : {}),
    trade_type: row.trade_type,
    trade_state: row.trade_state,
    trade_state_desc: row.trade_state_desc ?? STATE_DESC[row.trade_state] ?? row.trade_state,
    ...(paid ? { bank_type: 'OTHERS', success_time: wechatTime(new Date(row.success_time!)) } : {}),
    ...(request.attach !== undefined ? { attach: request.attach } : {}),
    payer,
    amount: {
      total: num(row.total_fen),
      ...(paid ? { payer_total: num(row.payer_total_fen) } : {}),
      currency: 'CNY',
      payer_currency: 'CNY',
    },
    ...(request.scene_info?.device_id ? { scene_info: { device_id: request.scene_info.device_id } } : {}),
    ...(row.promotion_detail && row.promotion_detail.length > 0 ? { promotion_detail: row.promotion_detail } : {}),
  };
}

function assertSp(sp: ServiceProvider, spMchid: string | undefined): void {
  if (spMchid !== sp.spMchid) throw wx.invalidRequest(`sp_mchid(${spMchid ?? ''})与请求头Authorization中的商户号(${sp.spMchid})不一致`);
}

async function insertTransaction(ctx: SandboxContext, row: Record<string, unknown>, key: { sp_mchid: string; sub_mchid: string; out_trade_no: string }) {
  try {
    const [inserted] = await table(ctx.knex, 'transactions').insert(row).returning('*');
    return { row: inserted as TransactionRow, created: true };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return { row: (await table(ctx.knex, 'transactions').where(key).first()) as TransactionRow, created: false };
  }
}

/** POST /v3/pay/partner/transactions/jsapi → { prepay_id }. The same out_trade_no with the same request gets the same prepay_id. */
export async function prepayJsapi(ctx: SandboxContext, sp: ServiceProvider, body: PaymentRequest): Promise<{ prepay_id: string }> {
  assertSp(sp, body.sp_mchid);
  await requireRelation(ctx.knex, sp.spMchid, body.sub_mchid);
  if (!body.payer?.sp_openid && !body.payer?.sub_openid) throw wx.paramError('payer.sp_openid 与 payer.sub_openid 不能同时为空', 'payer');
  if (body.payer?.sub_openid && !body.sub_appid) throw wx.paramError('传入 sub_openid 时 sub_appid 必填', 'sub_appid');
  if (body.time_expire && new Date(body.time_expire).getTime() <= Date.now()) throw wx.paramError('time_expire 早于当前时间', 'time_expire');
  const now = new Date();
  const hash = requestHash(body);
  const key = { sp_mchid: sp.spMchid, sub_mchid: body.sub_mchid, out_trade_no: body.out_trade_no };
  const { row, created } = await insertTransaction(ctx, {
    id: randomUUID(), ...key, trade_type: 'JSAPI', trade_state: 'NOTPAY',
    prepay_id: `wx${chinaDateDigits(now, true)}${randomBytes(10).toString('hex')}`,
    openid: body.payer?.sub_openid ?? body.payer?.sp_openid ?? null,
    total_fen: body.amount.total, request: json(body), request_hash: hash,
  }, key);
  if (!created) {
    if (row.request_hash !== hash || row.trade_type !== 'JSAPI') throw wx.outTradeNoUsed();
    if (row.trade_state === 'SUCCESS' || row.trade_state === 'REFUND') throw wx.orderPaid();
    if (row.trade_state === 'CLOSED') throw wx.orderClosed();
  } else if (ctx.settings.autoPay) {
    ctx.timers.after(ctx.settings.autoPay.delayMs, () => completePayment(ctx, row.id));
  }
  return { prepay_id: row.prepay_id! };
}

/** POST /v3/pay/partner/transactions/codepay: the outcome follows the payment code's prefix. */
export async function codepay(ctx: SandboxContext, sp: ServiceProvider, body: PaymentRequest): Promise<Record<string, unknown>> {
  assertSp(sp, body.sp_mchid);
  await requireRelation(ctx.knex, sp.spMchid, body.sub_mchid);
  const authCode = body.payer?.auth_code ?? '';
  if (!/^1[0-5]\d{16}$/.test(authCode)) throw wx.paramError('付款码无效，请重新扫码（18位数字，以10~15开头）', 'payer.auth_code');
  const registered = (await table(ctx.knex, 'payment_codes').where({ auth_code: authCode }).first()) as { openid: string } | undefined;
  const outcome = outcomeOf(authCode);
  const hash = requestHash(body);
  const key = { sp_mchid: sp.spMchid, sub_mchid: body.sub_mchid, out_trade_no: body.out_trade_no };
  const initial = outcome === 'not-enough' ? 'PAYERROR' : outcome === 'success' ? 'NOTPAY' : 'USERPAYING';
  const { row, created } = await insertTransaction(ctx, {
    id: randomUUID(), ...key, trade_type: 'MICROPAY', trade_state: initial, auth_code: authCode,
    openid: registered?.openid ?? defaultOpenid(authCode), total_fen: body.amount.total, request: json(body), request_hash: hash,
  }, key);
  if (!created && (row.request_hash !== hash || row.trade_type !== 'MICROPAY')) throw wx.outTradeNoUsed();
  let current = row;
  // Also on a repeat: a first call that stopped before completing leaves NOTPAY behind.
  if (outcome === 'success' && row.trade_state === 'NOTPAY') current = (await completePayment(ctx, row.id)).row;
  if (created && outcome === 'user-paying') ctx.timers.after(ctx.scaled(ctx.settings.userPayingMs), () => completePayment(ctx, row.id));
  return codepayAnswer(current);
}

function codepayAnswer(row: TransactionRow): Record<string, unknown> {
  switch (row.trade_state) {
    case 'SUCCESS':
    case 'REFUND': return transactionView(row);
    case 'USERPAYING': throw wx.userPaying();
    case 'PAYERROR': throw wx.notEnough();
    case 'CLOSED': throw wx.orderClosed();
    case 'REVOKED': throw wx.invalidRequest('订单已撤销');
    default: throw wx.systemError();
  }
}

async function findTransaction(db: Db, sp: ServiceProvider, subMchid: string, outTradeNo: string): Promise<TransactionRow> {
  const row = (await table(db, 'transactions').where({ sp_mchid: sp.spMchid, sub_mchid: subMchid, out_trade_no: outTradeNo }).first()) as TransactionRow | undefined;
  if (!row) throw wx.orderNotExist();
  return row;
}

/** GET …/out-trade-no/{out_trade_no}?sp_mchid&sub_mchid. A "user paying" code completes after N queries. */
export async function queryByOutTradeNo(ctx: SandboxContext, sp: ServiceProvider, outTradeNo: string, query: { sp_mchid: string; sub_mchid: string }) {
  assertSp(sp, query.sp_mchid);
  await requireRelation(ctx.knex, sp.spMchid, query.sub_mchid);
  let row = await findTransaction(ctx.knex, sp, query.sub_mchid, outTradeNo);
  if (row.trade_state === 'USERPAYING' && row.auth_code && outcomeOf(row.auth_code) === 'user-paying') {
    const [counted] = await table(ctx.knex, 'transactions').where({ id: row.id }).increment('query_count', 1).returning('*');
    row = counted as TransactionRow;
    if (row.query_count >= ctx.settings.userPayingQueries) row = (await completePayment(ctx, row.id)).row;
  }
  return transactionView(row);
}

/** GET …/id/{transaction_id}?sp_mchid&sub_mchid (only paid transactions have one). */
export async function queryByTransactionId(ctx: SandboxContext, sp: ServiceProvider, transactionId: string, query: { sp_mchid: string; sub_mchid: string }) {
  assertSp(sp, query.sp_mchid);
  await requireRelation(ctx.knex, sp.spMchid, query.sub_mchid);
  const row = (await table(ctx.knex, 'transactions').where({ sp_mchid: sp.spMchid, sub_mchid: query.sub_mchid, transaction_id: transactionId }).first()) as TransactionRow | undefined;
  if (!row) throw wx.orderNotExist();
  return transactionView(row);
}

/** POST …/close → 204. Closing twice is fine; a paid order cannot be closed. */
export async function closeTransaction(ctx: SandboxContext, sp: ServiceProvider, outTradeNo: string, body: { sp_mchid: string; sub_mchid: string }) {
  assertSp(sp, body.sp_mchid);
  await requireRelation(ctx.knex, sp.spMchid, body.sub_mchid);
  const row = await findTransaction(ctx.knex, sp, body.sub_mchid, outTradeNo);
  const closed = await table(ctx.knex, 'transactions').where({ id: row.id }).whereIn('trade_state', ['NOTPAY', 'USERPAYING', 'PAYERROR'])
    .update({ trade_state: 'CLOSED', trade_state_desc: STATE_DESC.CLOSED, updated_at: new Date() });
  if (closed > 0) return;
  const now = (await table(ctx.knex, 'transactions').where({ id: row.id }).first()) as TransactionRow;
  if (now.trade_state === 'SUCCESS' || now.trade_state === 'REFUND') throw wx.orderPaid();
  if (now.trade_state === 'REVOKED') throw wx.invalidRequest('订单已撤销');
}

/** POST …/reverse: a payment-code order is revoked whatever its state (a paid one is given back), unless refunded. */
export async function reverseTransaction(ctx: SandboxContext, sp: ServiceProvider, outTradeNo: string, body: { sp_mchid: string; sub_mchid: string; sp_appid?: string; sub_appid?: string }) {
  assertSp(sp, body.sp_mchid);
  await requireRelation(ctx.knex, sp.spMchid, body.sub_mchid);
  const row = await findTransaction(ctx.knex, sp, body.sub_mchid, outTradeNo);
  if (row.trade_type !== 'MICROPAY') throw wx.invalidRequest('只有付款码支付的订单可以撤销，请使用关单接口');
  await ctx.knex.transaction(async (trx) => {
    const locked = (await table(trx, 'transactions').where({ id: row.id }).forUpdate().first()) as TransactionRow;
    if (locked.trade_state === 'REFUND') throw wx.invalidRequest('订单已发生退款，不能撤销');
    if (locked.trade_state === 'REVOKED') return;
    await table(trx, 'transactions').where({ id: row.id }).update({ trade_state: 'REVOKED', trade_state_desc: STATE_DESC.REVOKED, updated_at: new Date() });
    // A revoked payment gives its voucher back to the customer.
    for (const promotion of locked.promotion_detail ?? []) {
      await table(trx, 'favor_coupons').where({ coupon_id: promotion.coupon_id, status: 'USED' }).update({ status: 'SENDED', consume_information: null });
    }
  });
  return {
    ...(body.sp_appid ? { sp_appid: body.sp_appid } : {}), sp_mchid: sp.spMchid,
    ...(body.sub_appid ? { sub_appid: body.sub_appid } : {}), sub_mchid: body.sub_mchid, out_trade_no: outTradeNo,
  };
}

/**
 * The customer pays: applies the best voucher, marks the transaction SUCCESS and queues the
 * notifications, all in one transaction; only the first completion of a payment changes anything.
 */
export async function completePayment(ctx: SandboxContext, id: string): Promise<{ row: TransactionRow; changed: boolean }> {
  const notifications: string[] = [];
  const result = await ctx.knex.transaction(async (trx) => {
    const row = (await table(trx, 'transactions').where({ id }).forUpdate().first()) as TransactionRow;
    if (row.trade_state !== 'NOTPAY' && row.trade_state !== 'USERPAYING') return { row, changed: false };
    const now = new Date();
    const total = num(row.total_fen);
    const promotion = await chooseVoucher(trx, row.openid, {
      subMchid: row.sub_mchid, total, tradeType: row.trade_type, goodsTag: row.request.goods_tag, goodsDetail: row.request.detail?.goods_detail,
    }, now);
    const promotions = promotion ? [promotion] : [];
    const [updated] = await table(trx, 'transactions').where({ id }).update({
      trade_state: 'SUCCESS', trade_state_desc: STATE_DESC.SUCCESS, success_time: now, updated_at: now,
      transaction_id: `4200${randomDigits(6)}${chinaDateDigits(now)}${randomDigits(10)}`,
      payer_total_fen: total - promotions.reduce((sum, p) => sum + p.amount, 0),
      promotion_detail: promotions.length > 0 ? json(promotions) : null,
    }).returning('*');
    const paid = updated as TransactionRow;
    if (promotion) notifications.push(...(await useVoucher(ctx, trx, paid, promotion, now)));
    if (paid.request.notify_url) {
      notifications.push(await createNotification(ctx, trx, {
        mchid: paid.sp_mchid, notifyUrl: paid.request.notify_url, eventType: 'TRANSACTION.SUCCESS', summary: '支付成功',
        originalType: 'transaction', associatedData: 'transaction', resource: transactionView(paid), schedule: 'payment',
        subject: paid.transaction_id!,
      }));
    }
    return { row: paid, changed: true };
  });
  deliver(ctx, notifications);
  return result;
}

/** Marks the voucher used and, when the stock creator set a favor callback, queues COUPON.USE. */
async function useVoucher(ctx: SandboxContext, trx: Db, paid: TransactionRow, promotion: PromotionDetail, now: Date): Promise<string[]> {
  const consume = {
    consume_time: wechatTime(now), consume_mchid: paid.sub_mchid, transaction_id: paid.transaction_id,
    ...(promotion.goods_detail ? { goods_detail: promotion.goods_detail.map((g) => ({ goods_id: g.goods_id, quantity: g.quantity, price: g.unit_price, discount_amount: g.discount_amount })) } : {}),
  };
  await table(trx, 'favor_coupons').where({ coupon_id: promotion.coupon_id }).update({ status: 'USED', consume_information: json(consume) });
  const resource = await couponUseResource(trx, promotion.coupon_id);
  const callback = (await table(trx, 'callbacks').where({ mchid: resource.stock_creator_mchid, product: 'favor', enabled: true }).first()) as { notify_url: string } | undefined;
  if (!callback) return [];
  return [await createNotification(ctx, trx, {
    mchid: resource.stock_creator_mchid, notifyUrl: callback.notify_url, eventType: 'COUPON.USE', summary: '代金券核销通知',
    originalType: 'coupon', associatedData: 'coupon', resource, schedule: 'coupon', subject: promotion.coupon_id,
  })];
}

/** The confirm-payment page and the admin route: pay a JSAPI prepay as its customer. */
export async function payPrepay(ctx: SandboxContext, prepayId: string): Promise<TransactionRow> {
  const row = await findPrepay(ctx, prepayId);
  const expire = row.request.time_expire ? new Date(row.request.time_expire) : null;
  if (expire && expire.getTime() < Date.now()) throw errors.LS_WXSANDBOX_NOT_PAYABLE('The payment expired (time_expire)');
  const { row: after, changed } = await completePayment(ctx, row.id);
  if (!changed) throw errors.LS_WXSANDBOX_NOT_PAYABLE(`The payment is ${after.trade_state}`, { extra: { tradeState: after.trade_state } });
  return after;
}

export async function findPrepay(ctx: SandboxContext, prepayId: string): Promise<TransactionRow> {
  const row = (await table(ctx.knex, 'transactions').where({ prepay_id: prepayId }).first()) as TransactionRow | undefined;
  if (!row) throw errors.LS_WXSANDBOX_PREPAY_UNKNOWN(`No prepay ${prepayId}`, { field: 'prepayId' });
  return row;
}
