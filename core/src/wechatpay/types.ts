/**
 * Shapes shared by the payment, refund and notification endpoints, as documented in
 * ../shared/research/wechatpay.md (sections B and C) and the [WIM] pages it cites
 * (wechatpay-im/website openapi/v3/pay/partner/…, refund/domestic/…, webhook/v3/…).
 * All money is integer fen (分), as WeChat sends it.
 */

/** `(string & {})` keeps editor completion for the known values while accepting new ones. */
export type OpenString<Known extends string> = Known | (string & {});

/**
 * Trade states. ⚠ Not listed in the research notes: values from WeChat's partner query
 * documentation. USERPAYING is the code-pay "customer is entering the password" state.
 */
export type TradeState = OpenString<'SUCCESS' | 'REFUND' | 'NOTPAY' | 'CLOSED' | 'REVOKED' | 'USERPAYING' | 'PAYERROR'>;

/** Final states: the payment will not change by itself any more. */
export const FINAL_TRADE_STATES: readonly string[] = ['SUCCESS', 'REFUND', 'CLOSED', 'REVOKED', 'PAYERROR'];

export interface GoodsDetail {
  merchant_goods_id: string;
  wechatpay_goods_id?: string;
  goods_name?: string;
  quantity: number;
  unit_price: number;
}

/** `detail`: needed for single-item (单品) vouchers. */
export interface OrderDetail {
  cost_price?: number;
  invoice_id?: string;
  goods_detail?: GoodsDetail[];
}

export interface SettleInfo {
  profit_sharing?: boolean;
}

/** A voucher WeChat applied inside the payment (promotion_detail[] of query, codepay, TRANSACTION.SUCCESS). */
export interface PromotionDetail {
  coupon_id: string;
  name?: string;
  scope?: OpenString<'GLOBAL' | 'SINGLE'>;
  /** CASH = 充值型 (pre-charged), NOCASH = 免充值型 (no-charge). */
  type?: OpenString<'CASH' | 'NOCASH'>;
  /** Face value used, fen. */
  amount: number;
  stock_id?: string;
  wechatpay_contribute?: number;
  merchant_contribute?: number;
  other_contribute?: number;
  currency?: string;
  goods_detail?: Array<{ goods_id: string; quantity: number; unit_price: number; discount_amount: number; goods_remark?: string }>;
}

export interface TransactionAmount {
  total: number;
  payer_total?: number;
  currency?: string;
  payer_currency?: string;
}

export interface PartnerPayer {
  sp_openid?: string;
  sub_openid?: string;
}

/**
 * A partner transaction as returned by query (out-trade-no / id), codepay, and carried by the
 * TRANSACTION.SUCCESS notification.
 */
export interface PartnerTransaction {
  sp_appid?: string;
  sp_mchid: string;
  sub_appid?: string;
  sub_mchid: string;
  out_trade_no: string;
  transaction_id?: string;
  trade_type?: OpenString<'JSAPI' | 'NATIVE' | 'APP' | 'MICROPAY' | 'MWEB' | 'FACEPAY'>;
  trade_state: TradeState;
  trade_state_desc?: string;
  bank_type?: string;
  attach?: string;
  success_time?: string;
  payer?: PartnerPayer;
  amount?: TransactionAmount;
  promotion_detail?: PromotionDetail[];
}

/** Refund status. ⚠ PROCESSING is not in the notes' tables (official docs); the rest are. */
export type RefundStatus = OpenString<'SUCCESS' | 'CLOSED' | 'PROCESSING' | 'ABNORMAL'>;

export interface RefundAmountFrom {
  account: string;
  amount: number;
}

/** A refund as returned by create and query (`/v3/refund/domestic/refunds`). */
export interface Refund {
  refund_id: string;
  out_refund_no: string;
  transaction_id: string;
  out_trade_no: string;
  channel: string;
  user_received_account: string;
  success_time?: string;
  create_time: string;
  status: RefundStatus;
  funds_account?: string;
  amount: {
    total: number;
    refund: number;
    from?: RefundAmountFrom[];
    payer_total: number;
    payer_refund: number;
    settlement_refund: number;
    settlement_total: number;
    discount_refund: number;
    currency: string;
    refund_fee?: number;
  };
  /** Per voucher: how much of it goes back (partial refunds carry `refund_amount`). */
  promotion_detail?: Array<{
    promotion_id: string;
    scope: OpenString<'GLOBAL' | 'SINGLE'>;
    /** ⚠ The notes give no enum for the refund side; payments use CASH/NOCASH. */
    type: OpenString<'CASH' | 'NOCASH'>;
    amount: number;
    refund_amount: number;
    goods_detail?: RefundGoodsDetail[];
  }>;
}

export interface RefundGoodsDetail {
  merchant_goods_id: string;
  wechatpay_goods_id?: string;
  goods_name?: string;
  unit_price: number;
  refund_amount: number;
  refund_quantity: number;
}
