import {
  createFavorStock, getFavorStock, newId, pauseFavorStock, restartFavorStock, setMarketingCallback, startFavorStock, type PluginContext,
} from '@lingshou/plugin-sdk';
import { errors } from './errors.ts';
import type { StockInput } from './stocks.schemas.ts';
import { chinaTime, type Wechat } from './wechat.ts';

export type StockStatus = 'draft' | 'unactivated' | 'running' | 'paused' | 'stopped';

export interface StockRow {
  id: string;
  name: string;
  comment: string;
  charge_mode: 'pre_charged' | 'no_charge';
  amount_fen: string | number;
  threshold_fen: string | number;
  begin_at: Date;
  end_at: Date;
  max_coupons: number;
  max_amount_fen: string | number;
  max_per_user: number;
  goods_tags: string[];
  out_request_no: string;
  status: StockStatus;
  wechat_stock_id: string | null;
  belong_merchant: string | null;
  last_error: string | null;
  distributed_coupons: number;
  synced_at: Date | null;
  created_at: Date;
  updated_at: Date;
  sent_count?: string | number;
  used_count?: string | number;
  used_amount_fen?: string | number;
  refunded_fen?: string | number;
}

/** What the merchant's configuration says (the plugin centre's form). */
export interface VoucherConfig {
  /** The sub-merchant authorised the service provider to make 免充值 vouchers for it. */
  noCashAuthorized?: boolean;
}

export function toApi(row: StockRow) {
  const amount = Number(row.amount_fen);
  const sent = Number(row.sent_count ?? 0);
  // WeChat's count covers coupons sent by any channel; ours only what this plugin sent.
  const taken = Math.max(sent, row.distributed_coupons);
  const left = Math.max(0, row.max_coupons - taken);
  return {
    id: row.id, name: row.name, comment: row.comment, chargeMode: row.charge_mode, amountFen: amount, thresholdFen: Number(row.threshold_fen),
    beginAt: row.begin_at, endAt: row.end_at, maxCoupons: row.max_coupons, maxAmountFen: Number(row.max_amount_fen), maxPerUser: row.max_per_user,
    goodsTags: row.goods_tags, status: row.status, wechatStockId: row.wechat_stock_id, outRequestNo: row.out_request_no, lastError: row.last_error,
    sentCount: sent, usedCount: Number(row.used_count ?? 0), usedAmountFen: Number(row.used_amount_fen ?? 0), refundedFen: Number(row.refunded_fen ?? 0),
    distributedCoupons: row.distributed_coupons, budgetLeftCoupons: left, budgetLeftFen: left * amount,
    syncedAt: row.synced_at, createdAt: row.created_at, updatedAt: row.updated_at,
  };
}

/** Stocks with their counts: sent by this plugin, used (and refunded) as recorded from payments. */
export function stocksWithCounts(ctx: PluginContext) {
  const sent = ctx.db('send_recipients as r').count('*').whereRaw('r.stock_id = s.id').where('r.status', 'sent');
  const used = ctx.db('coupon_uses as u').count('*').whereRaw('u.stock_id = s.id');
  const usedAmount = ctx.db('coupon_uses as u').sum('u.amount_fen').whereRaw('u.stock_id = s.id');
  const refunded = ctx.db('coupon_uses as u').sum('u.refunded_fen').whereRaw('u.stock_id = s.id');
  return ctx.db('stocks as s').select('s.*', sent.as('sent_count'), used.as('used_count'), usedAmount.as('used_amount_fen'), refunded.as('refunded_fen'));
}

export async function findStock(ctx: PluginContext, id: string): Promise<StockRow> {
  const row = (await stocksWithCounts(ctx).where('s.id', id).first()) as StockRow | undefined;
  if (!row) throw errors.LS_WECHAT_VOUCHER_STOCK_NOT_FOUND();
  return row;
}

/**
 * Checks what a schema cannot: the window, and a budget that holds together (WeChat's
 * max_amount is face value × max_coupons); a no-charge stock needs the authorisation first.
 */
export function checkStock(input: StockInput, config: VoucherConfig): { maxAmountFen: number } {
  if (new Date(input.endAt) <= new Date(input.beginAt)) {
    throw errors.LS_WECHAT_VOUCHER_STOCK_INVALID('The validity window ends before it begins', { field: 'endAt' });
  }
  const maxAmountFen = input.amountFen * input.maxCoupons;
  if (input.maxAmountFen !== undefined && input.maxAmountFen !== maxAmountFen) {
    throw errors.LS_WECHAT_VOUCHER_STOCK_INVALID(`The budget is face value × coupons: ${maxAmountFen} fen`, { field: 'maxAmountFen' });
  }
  if (input.maxPerUser > input.maxCoupons) {
    throw errors.LS_WECHAT_VOUCHER_STOCK_INVALID('A member cannot take more coupons than the stock holds', { field: 'maxPerUser' });
  }
  if (input.status !== undefined && input.status !== 'unactivated' && input.status !== 'running') {
    throw errors.LS_WECHAT_VOUCHER_STOCK_INVALID('A new stock is created unactivated, or activated at once (running)', { field: 'status' });
  }
  if (input.chargeMode === 'no_charge' && !config.noCashAuthorized) {
    throw errors.LS_WECHAT_VOUCHER_NO_CASH_UNAUTHORIZED(
      'Authorise the service provider for 免充值 vouchers in the sub-merchant\'s WeChat Pay merchant platform, then tick it in this plugin\'s settings',
      { field: 'chargeMode' },
    );
  }
  return { maxAmountFen };
}

/** Stores the stock as a draft with its out_request_no: the number every try at WeChat sends. */
export async function insertDraft(ctx: PluginContext, input: StockInput, config: VoucherConfig): Promise<string> {
  const { maxAmountFen } = checkStock(input, config);
  const id = newId();
  await ctx.db('stocks').insert({
    tenant_id: ctx.tenantId, id, name: input.name.trim(), comment: input.comment?.trim() ?? '', charge_mode: input.chargeMode,
    amount_fen: input.amountFen, threshold_fen: input.thresholdFen ?? 0, begin_at: input.beginAt, end_at: input.endAt,
    max_coupons: input.maxCoupons, max_amount_fen: maxAmountFen, max_per_user: input.maxPerUser,
    goods_tags: JSON.stringify(input.goodsTags ?? []), out_request_no: `WV${id.replaceAll('-', '')}`,
  });
  return id;
}

/** The first rule the input changes, if any: WeChat does not change a created stock's rules. */
export function changedRule(row: StockRow, input: Partial<StockInput>): string | undefined {
  const api = toApi(row);
  const same: { [K in keyof StockInput]?: (value: NonNullable<StockInput[K]>) => boolean } = {
    name: (v) => v.trim() === api.name, comment: (v) => v.trim() === api.comment, chargeMode: (v) => v === api.chargeMode,
    amountFen: (v) => v === api.amountFen, thresholdFen: (v) => v === api.thresholdFen,
    beginAt: (v) => new Date(v).getTime() === new Date(api.beginAt).getTime(), endAt: (v) => new Date(v).getTime() === new Date(api.endAt).getTime(),
    maxCoupons: (v) => v === api.maxCoupons, maxAmountFen: (v) => v === api.maxAmountFen, maxPerUser: (v) => v === api.maxPerUser,
    goodsTags: (v) => JSON.stringify(v) === JSON.stringify(api.goodsTags),
  };
  return Object.entries(same).find(([field, isSame]) => {
    const value = input[field as keyof StockInput];
    return value !== undefined && !(isSame as (v: unknown) => boolean)(value);
  })?.[0];
}

/** The stock as WeChat's create-stock request (research notes §B, `coupon-stocks`). */
export function favorStockRequest(row: StockRow, subMchid: string) {
  return {
    stock_name: row.name,
    ...(row.comment ? { comment: row.comment } : {}),
    belong_merchant: subMchid,
    available_begin_time: chinaTime(new Date(row.begin_at)),
    available_end_time: chinaTime(new Date(row.end_at)),
    stock_use_rule: {
      max_coupons: row.max_coupons, max_amount: Number(row.max_amount_fen), max_coupons_per_user: row.max_per_user,
      natural_person_limit: false, prevent_api_abuse: false,
    },
    coupon_use_rule: {
      fixed_normal_coupon: { coupon_amount: Number(row.amount_fen), transaction_minimum: Number(row.threshold_fen) },
      available_merchants: [subMchid],
      ...(row.goods_tags.length > 0 ? { goods_tag: row.goods_tags } : {}),
    },
    no_cash: row.charge_mode === 'no_charge',
    stock_type: 'NORMAL' as const,
    out_request_no: row.out_request_no,
  };
}

/**
 * Creates a draft at WeChat (outside any transaction: the draft is committed first) and points
 * WeChat's COUPON.USE notifications at the partner's inbox in the kernel. Safe to repeat: the stock's
 * out_request_no makes WeChat answer with the same stock.
 */
export async function createAtWechat(row: StockRow, wechat: Wechat) {
  const { binding, client } = wechat;
  const created = await createFavorStock(client, favorStockRequest(row, binding.subMchid));
  // WeChat keeps one voucher callback per service provider: the partner's inbox, which routes by stock.
  await setMarketingCallback(client, 'favor', { mchid: binding.spMchid, notifyUrl: binding.marketingNotifyUrl });
  return { stockId: created.stock_id, belongMerchant: binding.subMchid };
}

const WECHAT_STATUS: Record<string, StockStatus> = { unactivated: 'unactivated', audit: 'unactivated', running: 'running', paused: 'paused', stoped: 'stopped' };

export type StockStep = 'running' | 'paused';

/** The WeChat call that moves a stock from its status to the target, or a 409 when none does. */
export function stepFor(row: StockRow, target: StockStep): (client: Wechat['client'], stockId: string) => Promise<unknown> {
  if (target === 'running' && row.status === 'unactivated') return startFavorStock;
  if (target === 'running' && row.status === 'paused') return restartFavorStock;
  if (target === 'paused' && row.status === 'running') return pauseFavorStock;
  throw errors.LS_WECHAT_VOUCHER_STOCK_STATE(`A ${row.status} stock cannot become ${target}`, { field: 'status' });
}

/** Reads the stock's state and WeChat's sent count (GET …/stocks/{stock_id}). */
export async function readFromWechat(row: StockRow, wechat: Wechat) {
  const stock = await getFavorStock(wechat.client, row.wechat_stock_id!);
  return { status: WECHAT_STATUS[stock.status] ?? row.status, distributedCoupons: stock.distributed_coupons ?? row.distributed_coupons };
}
