/**
 * Refunds (/v3/refund/domestic/refunds): answered PROCESSING, settled SUCCESS after a (scaled)
 * moment with REFUND.SUCCESS sent to notify_url. Vouchers give back their share. The same
 * out_refund_no with the same request is the same refund.
 */
import type { SandboxContext } from './context.ts';
import { isUniqueViolation, json, num, requestHash, table } from './db.ts';
import { requireRelation, type ServiceProvider } from './merchants.ts';
import { createNotification, deliver } from './notifier.ts';
import type { TransactionRow } from './payments.ts';
import { refundShares, settlementTotal, type RefundPromotion } from './promotions.ts';
import { wx } from './wechat-error.ts';
import { chinaDateDigits, randomDigits, wechatTime } from './wire.ts';

export interface RefundRequest {
  sub_mchid: string;
  transaction_id?: string;
  out_trade_no?: string;
  out_refund_no: string;
  reason?: string;
  notify_url?: string;
  funds_account?: string;
  amount: { refund: number; total: number; currency: string; from?: { account: string; amount: number }[] };
  goods_detail?: Record<string, unknown>[];
}

interface RefundRow {
  refund_id: string; sp_mchid: string; sub_mchid: string; out_refund_no: string; transaction_pk: string; status: 'PROCESSING' | 'SUCCESS';
  refund_fen: string | number; payer_refund_fen: string | number; discount_refund_fen: string | number; settlement_refund_fen: string | number;
  promotion_detail: RefundPromotion[] | null; request: RefundRequest; request_hash: string; notify_url: string | null;
  success_time: Date | null; created_at: Date;
}

function refundView(refund: RefundRow, tx: TransactionRow): Record<string, unknown> {
  const total = num(tx.total_fen);
  const promotions = tx.promotion_detail ?? [];
  return {
    refund_id: refund.refund_id, out_refund_no: refund.out_refund_no, transaction_id: tx.transaction_id, out_trade_no: tx.out_trade_no,
    channel: 'ORIGINAL', user_received_account: '支付用户零钱',
    ...(refund.success_time ? { success_time: wechatTime(new Date(refund.success_time)) } : {}),
    create_time: wechatTime(new Date(refund.created_at)), status: refund.status, funds_account: refund.request.funds_account ?? 'AVAILABLE',
    amount: {
      total, refund: num(refund.refund_fen), from: refund.request.amount.from ?? [],
      payer_total: num(tx.payer_total_fen), payer_refund: num(refund.payer_refund_fen),
      settlement_refund: num(refund.settlement_refund_fen), settlement_total: settlementTotal(total, promotions),
      discount_refund: num(refund.discount_refund_fen), currency: 'CNY', refund_fee: 0,
    },
    promotion_detail: (refund.promotion_detail ?? []).map((p) => ({ ...p, goods_detail: [] })),
    ...(refund.request.goods_detail ? { goods_detail: refund.request.goods_detail } : {}),
  };
}

async function transactionOf(ctx: SandboxContext, refund: RefundRow): Promise<TransactionRow> {
  return (await table(ctx.knex, 'transactions').where({ id: refund.transaction_pk }).first()) as TransactionRow;
}

/** POST /v3/refund/domestic/refunds */
export async function createRefund(ctx: SandboxContext, sp: ServiceProvider, body: RefundRequest) {
  await requireRelation(ctx.knex, sp.spMchid, body.sub_mchid);
  if (!body.transaction_id && !body.out_trade_no) throw wx.paramError('transaction_id 与 out_trade_no 须提供一个', 'out_trade_no');
  const hash = requestHash(body);
  const existing = (await table(ctx.knex, 'refunds').where({ sub_mchid: body.sub_mchid, out_refund_no: body.out_refund_no }).first()) as RefundRow | undefined;
  if (existing) return repeat(ctx, existing, hash);
  let refund: RefundRow;
  try {
    refund = await ctx.knex.transaction(async (trx) => {
      const tx = (await table(trx, 'transactions').where({ sp_mchid: sp.spMchid, sub_mchid: body.sub_mchid })
        .where(body.transaction_id ? { transaction_id: body.transaction_id } : { out_trade_no: body.out_trade_no! }).forUpdate().first()) as TransactionRow | undefined;
      if (!tx) throw wx.resourceNotExists('订单不存在');
      if (tx.trade_state !== 'SUCCESS' && tx.trade_state !== 'REFUND') throw wx.invalidRequest(`订单状态为${tx.trade_state}，不能退款`);
      const total = num(tx.total_fen);
      if (body.amount.total !== total) throw wx.paramError(`amount.total(${body.amount.total})与订单金额(${total})不一致`, 'amount.total');
      const previous = (await table(trx, 'refunds').where({ transaction_pk: tx.id })) as RefundRow[];
      const refundedBefore = previous.reduce((sum, r) => sum + num(r.refund_fen), 0);
      if (refundedBefore + body.amount.refund > total) throw wx.invalidRequest(`申请退款金额超过订单可退金额（已退${refundedBefore}分，订单${total}分）`);
      const shares = refundShares(tx.promotion_detail ?? [], total, body.amount.refund, refundedBefore, previous.map((r) => r.promotion_detail ?? []));
      const discountRefund = shares.reduce((sum, p) => sum + p.refund_amount, 0);
      const noCashRefund = shares.filter((p) => p.type === 'NOCASH').reduce((sum, p) => sum + p.refund_amount, 0);
      const now = new Date();
      const [row] = await table(trx, 'refunds').insert({
        refund_id: `50${randomDigits(11)}${chinaDateDigits(now)}${randomDigits(8)}`, sp_mchid: sp.spMchid, sub_mchid: body.sub_mchid,
        out_refund_no: body.out_refund_no, transaction_pk: tx.id, status: 'PROCESSING', refund_fen: body.amount.refund,
        payer_refund_fen: body.amount.refund - discountRefund, discount_refund_fen: discountRefund, settlement_refund_fen: body.amount.refund - noCashRefund,
        promotion_detail: shares.length > 0 ? json(shares) : null, request: json(body), request_hash: hash, notify_url: body.notify_url ?? null, created_at: now,
      }).returning('*');
      await table(trx, 'transactions').where({ id: tx.id }).update({ trade_state: 'REFUND', trade_state_desc: '转入退款', updated_at: now });
      return row as RefundRow;
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const winner = (await table(ctx.knex, 'refunds').where({ sub_mchid: body.sub_mchid, out_refund_no: body.out_refund_no }).first()) as RefundRow;
    return repeat(ctx, winner, hash);
  }
  ctx.timers.after(ctx.scaled(ctx.settings.refundSettleMs), () => settleRefund(ctx, refund.refund_id));
  return refundView(refund, await transactionOf(ctx, refund));
}

async function repeat(ctx: SandboxContext, refund: RefundRow, hash: string) {
  if (refund.request_hash !== hash) throw wx.invalidRequest('out_refund_no 重复，且请求参数与原退款不一致');
  return refundView(refund, await transactionOf(ctx, refund));
}

/** The refund reaches the customer: SUCCESS, and REFUND.SUCCESS to its notify_url. */
export async function settleRefund(ctx: SandboxContext, refundId: string): Promise<void> {
  const notifications: string[] = [];
  await ctx.knex.transaction(async (trx) => {
    const now = new Date();
    const [row] = await table(trx, 'refunds').where({ refund_id: refundId, status: 'PROCESSING' }).update({ status: 'SUCCESS', success_time: now }).returning('*');
    const refund = row as RefundRow | undefined;
    if (!refund?.notify_url) return;
    const tx = (await table(trx, 'transactions').where({ id: refund.transaction_pk }).first()) as TransactionRow;
    notifications.push(await createNotification(ctx, trx, {
      mchid: refund.sp_mchid, notifyUrl: refund.notify_url, eventType: 'REFUND.SUCCESS', summary: '退款成功',
      originalType: 'refund', associatedData: 'refund', schedule: 'payment', subject: refund.refund_id,
      resource: {
        sp_mchid: refund.sp_mchid, sub_mchid: refund.sub_mchid, transaction_id: tx.transaction_id, out_trade_no: tx.out_trade_no,
        refund_id: refund.refund_id, out_refund_no: refund.out_refund_no, refund_status: 'SUCCESS', success_time: wechatTime(now),
        user_received_account: '支付用户零钱',
        amount: { total: num(tx.total_fen), refund: num(refund.refund_fen), payer_total: num(tx.payer_total_fen), payer_refund: num(refund.payer_refund_fen) },
      },
    }));
  });
  deliver(ctx, notifications);
}

/** GET /v3/refund/domestic/refunds/{out_refund_no}?sub_mchid */
export async function queryRefund(ctx: SandboxContext, sp: ServiceProvider, outRefundNo: string, query: { sub_mchid: string }) {
  await requireRelation(ctx.knex, sp.spMchid, query.sub_mchid);
  const refund = (await table(ctx.knex, 'refunds').where({ sp_mchid: sp.spMchid, sub_mchid: query.sub_mchid, out_refund_no: outRefundNo }).first()) as RefundRow | undefined;
  if (!refund) throw wx.resourceNotExists('退款单不存在');
  return refundView(refund, await transactionOf(ctx, refund));
}

/** Settles refunds left PROCESSING by a restart, each when it is due. */
export async function resumeRefunds(ctx: SandboxContext): Promise<void> {
  const rows = (await table(ctx.knex, 'refunds').where({ status: 'PROCESSING' }).select('refund_id', 'created_at')) as Pick<RefundRow, 'refund_id' | 'created_at'>[];
  for (const row of rows) {
    const due = new Date(row.created_at).getTime() + ctx.scaled(ctx.settings.refundSettleMs) - Date.now();
    ctx.timers.after(Math.max(0, due), () => settleRefund(ctx, row.refund_id));
  }
}
