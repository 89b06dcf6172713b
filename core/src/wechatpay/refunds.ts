import { errors } from '../errors.ts';
import { apiPath, type WechatpayClient } from './client.ts';
import { assertFen } from './payments.ts';
import type { Refund, RefundAmountFrom, RefundGoodsDetail } from './types.ts';

/**
 * Refunds (`/v3/refund/domestic/refunds`), partner mode: the body carries `sub_mchid`.
 * `out_refund_no` is the idempotency key: store it before calling and reuse it on every retry,
 * so a retried call cannot refund twice.
 */

export interface CreateRefundInput {
  sub_mchid: string;
  /** One of transaction_id / out_trade_no. */
  transaction_id?: string;
  out_trade_no?: string;
  out_refund_no: string;
  reason?: string;
  notify_url?: string;
  funds_account?: string;
  amount: { refund: number; total: number; currency?: 'CNY'; from?: RefundAmountFrom[] };
  goods_detail?: RefundGoodsDetail[];
}

/** `POST /v3/refund/domestic/refunds` */
export async function createRefund(client: WechatpayClient, input: CreateRefundInput): Promise<Refund> {
  if (!input.transaction_id && !input.out_trade_no) {
    throw errors.LS_INPUT_INVALID('transaction_id or out_trade_no is required', { field: 'out_trade_no' });
  }
  if (!input.out_refund_no) throw errors.LS_INPUT_INVALID('out_refund_no is required', { field: 'out_refund_no' });
  assertFen(input.amount?.refund, 'amount.refund');
  assertFen(input.amount?.total, 'amount.total');
  if (input.amount.refund > input.amount.total) {
    throw errors.LS_INPUT_INVALID('amount.refund cannot exceed amount.total', { field: 'amount.refund' });
  }
  const { data } = await client.post<Refund>('/v3/refund/domestic/refunds', {
    ...input,
    amount: { ...input.amount, currency: input.amount.currency ?? 'CNY' },
  });
  return data;
}

/** `GET /v3/refund/domestic/refunds/{out_refund_no}?sub_mchid=` */
export async function queryRefund(client: WechatpayClient, input: { sub_mchid: string; out_refund_no: string }): Promise<Refund> {
  const { data } = await client.get<Refund>(apiPath`/v3/refund/domestic/refunds/${input.out_refund_no}`, { sub_mchid: input.sub_mchid });
  return data;
}
