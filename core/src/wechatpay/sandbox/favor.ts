/**
 * 代金券 (favor) vouchers: stocks created by the service provider for itself or a sub-merchant,
 * activated / paused / restarted, sent to a customer's openid, and redeemed inside payments
 * (promotions.ts). NORMAL (fixed amount, 满减) stocks only.
 */
import type { SandboxContext } from './context.ts';
import { isUniqueViolation, json, num, requestHash, table, type Db } from './db.ts';
import { findSubMerchant, type ServiceProvider } from './merchants.ts';
import type { FavorStockBody } from './promotions.ts';
import { wx } from './wechat-error.ts';
import { randomDigits, wechatTime } from './wire.ts';

export interface FavorStockCreate extends FavorStockBody {
  belong_merchant: string;
  comment?: string;
  no_cash: boolean;
  stock_type: string;
  out_request_no: string;
  stock_use_rule: { max_coupons: number; max_amount: number; max_amount_by_day?: number; max_coupons_per_user: number; natural_person_limit?: boolean; prevent_api_abuse?: boolean };
  coupon_use_rule: FavorStockBody['coupon_use_rule'] & { fixed_normal_coupon?: { coupon_amount: number; transaction_minimum: number }; combine_use?: boolean };
}

interface FavorStockRow {
  stock_id: string; creator_mchid: string; belong_merchant: string; out_request_no: string; status: 'unactivated' | 'running' | 'paused' | 'stoped';
  no_cash: boolean; coupon_amount_fen: string | number; transaction_minimum_fen: string | number; max_coupons: number; max_amount_fen: string | number;
  max_coupons_per_user: number; distributed_coupons: number; stock: FavorStockCreate & { request_hash?: string };
  start_time: Date | null; pause_time: Date | null; restart_time: Date | null; created_at: Date;
}

interface FavorCouponRow {
  coupon_id: string; stock_id: string; openid: string; appid: string; status: 'SENDED' | 'USED' | 'EXPIRED'; out_request_no: string;
  sender_mchid: string; coupon_amount_fen: string | number; transaction_minimum_fen: string | number; consume_information: Record<string, unknown> | null; created_at: Date;
}

/** POST /v3/marketing/favor/coupon-stocks → { stock_id, create_time }; out_request_no makes it idempotent. */
export async function createFavorStock(ctx: SandboxContext, sp: ServiceProvider, body: FavorStockCreate) {
  if (body.belong_merchant !== sp.spMchid) {
    const sub = await findSubMerchant(ctx.knex, body.belong_merchant);
    if (!sub || sub.spMchid !== sp.spMchid) throw wx.noAuth(`无权为商户${body.belong_merchant}创建批次`);
    if (body.no_cash && !sub.noCashAuthorized) throw wx.noAuth(`特约商户${sub.subMchid}未授权服务商创建免充值代金券`);
  }
  if (body.stock_type !== 'NORMAL' || !body.coupon_use_rule.fixed_normal_coupon) throw wx.paramError('沙箱只支持 NORMAL（固定面额满减）批次，需提供 coupon_use_rule.fixed_normal_coupon', 'stock_type');
  const { coupon_amount: amount, transaction_minimum: minimum } = body.coupon_use_rule.fixed_normal_coupon;
  if (new Date(body.available_end_time) <= new Date(body.available_begin_time)) throw wx.paramError('available_end_time 必须晚于 available_begin_time', 'available_end_time');
  if (body.stock_use_rule.max_amount < amount) throw wx.paramError('stock_use_rule.max_amount 不能小于券面额', 'stock_use_rule.max_amount');
  const hash = requestHash(body);
  const now = new Date();
  try {
    const [row] = await table(ctx.knex, 'favor_stocks').insert({
      stock_id: `9${randomDigits(9)}`, creator_mchid: sp.spMchid, belong_merchant: body.belong_merchant, out_request_no: body.out_request_no,
      status: 'unactivated', no_cash: body.no_cash, coupon_amount_fen: amount, transaction_minimum_fen: minimum,
      max_coupons: body.stock_use_rule.max_coupons, max_amount_fen: body.stock_use_rule.max_amount,
      max_coupons_per_user: body.stock_use_rule.max_coupons_per_user, stock: json({ ...body, request_hash: hash }), created_at: now,
    }).returning('*');
    return { stock_id: (row as FavorStockRow).stock_id, create_time: wechatTime(now) };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const existing = (await table(ctx.knex, 'favor_stocks').where({ creator_mchid: sp.spMchid, out_request_no: body.out_request_no }).first()) as FavorStockRow;
    if (existing.stock.request_hash !== hash) throw wx.resourceExists('out_request_no 已用于另一个批次');
    return { stock_id: existing.stock_id, create_time: wechatTime(new Date(existing.created_at)) };
  }
}

async function ownStock(db: Db, sp: ServiceProvider, stockId: string, creatorMchid: string | undefined, lock = false): Promise<FavorStockRow> {
  const query = table(db, 'favor_stocks').where({ stock_id: stockId });
  const row = (await (lock ? query.forUpdate() : query).first()) as FavorStockRow | undefined;
  if (!row) throw wx.resourceNotExists('批次不存在');
  if (row.creator_mchid !== sp.spMchid || (creatorMchid !== undefined && creatorMchid !== row.creator_mchid)) throw wx.noAuth('无权操作该批次');
  return row;
}

type Transition = 'start' | 'pause' | 'restart';
const TRANSITIONS: Record<Transition, { from: FavorStockRow['status']; to: FavorStockRow['status']; column: 'start_time' | 'pause_time' | 'restart_time' }> = {
  start: { from: 'unactivated', to: 'running', column: 'start_time' },
  pause: { from: 'running', to: 'paused', column: 'pause_time' },
  restart: { from: 'paused', to: 'running', column: 'restart_time' },
};

/** POST …/stocks/{stock_id}/{start,pause,restart} → { stock_id, <step>_time }. Repeating the step that was just done answers the same. */
export async function changeFavorStock(ctx: SandboxContext, sp: ServiceProvider, stockId: string, step: Transition, body: { stock_creator_mchid: string }) {
  const rule = TRANSITIONS[step];
  return ctx.knex.transaction(async (trx) => {
    const row = await ownStock(trx, sp, stockId, body.stock_creator_mchid, true);
    let at = row[rule.column];
    if (row.status === rule.from) {
      at = new Date();
      await table(trx, 'favor_stocks').where({ stock_id: stockId }).update({ status: rule.to, [rule.column]: at });
    } else if (!(row.status === rule.to && at)) {
      throw wx.invalidRequest(`批次当前状态为${row.status}，不能${step}`);
    }
    return { stock_id: stockId, [rule.column]: wechatTime(new Date(at!)) };
  });
}

/** POST /v3/marketing/favor/users/{openid}/coupons → { coupon_id }. */
export async function sendFavorCoupon(
  ctx: SandboxContext, sp: ServiceProvider, openid: string,
  body: { stock_id: string; out_request_no: string; appid: string; stock_creator_mchid: string; coupon_value?: number; coupon_minimum?: number },
) {
  return ctx.knex.transaction(async (trx) => {
    const stock = await ownStock(trx, sp, body.stock_id, body.stock_creator_mchid, true);
    const existing = (await table(trx, 'favor_coupons').where({ sender_mchid: sp.spMchid, stock_id: stock.stock_id, out_request_no: body.out_request_no }).first()) as FavorCouponRow | undefined;
    if (existing) {
      if (existing.openid !== openid) throw wx.invalidRequest('out_request_no 已用于向其他用户发券');
      return { coupon_id: existing.coupon_id };
    }
    if (stock.status !== 'running') throw wx.invalidRequest(`批次状态为${stock.status}，不能发券`);
    const now = new Date();
    if (now < new Date(stock.stock.available_begin_time) || now > new Date(stock.stock.available_end_time)) throw wx.invalidRequest('批次不在可发放时间内');
    const amount = num(stock.coupon_amount_fen);
    const minimum = num(stock.transaction_minimum_fen);
    if ((body.coupon_value !== undefined && body.coupon_value !== amount) || (body.coupon_minimum !== undefined && body.coupon_minimum !== minimum)) {
      throw wx.paramError('coupon_value / coupon_minimum 与批次不一致', 'coupon_value');
    }
    if (stock.distributed_coupons >= stock.max_coupons || (stock.distributed_coupons + 1) * amount > num(stock.max_amount_fen)) throw wx.ruleLimit('批次预算已用完');
    const held = await table(trx, 'favor_coupons').where({ stock_id: stock.stock_id, openid }).count({ n: '*' }).first();
    if (num(held?.n ?? 0) >= stock.max_coupons_per_user) throw wx.ruleLimit('用户领取该批次的券已达上限');
    const couponId = `1${randomDigits(10)}`;
    await table(trx, 'favor_coupons').insert({
      coupon_id: couponId, stock_id: stock.stock_id, openid, appid: body.appid, status: 'SENDED', out_request_no: body.out_request_no,
      sender_mchid: sp.spMchid, coupon_amount_fen: amount, transaction_minimum_fen: minimum, created_at: now,
    });
    await table(trx, 'favor_stocks').where({ stock_id: stock.stock_id }).increment('distributed_coupons', 1);
    return { coupon_id: couponId };
  });
}

function stockView(row: FavorStockRow) {
  const body = row.stock;
  const rule = body.coupon_use_rule;
  return {
    stock_id: row.stock_id, stock_creator_mchid: row.creator_mchid, belong_merchant: row.belong_merchant, stock_name: body.stock_name,
    status: row.status, create_time: wechatTime(new Date(row.created_at)), ...(body.comment ? { description: body.comment } : {}),
    stock_use_rule: {
      max_coupons: row.max_coupons, max_amount: num(row.max_amount_fen),
      ...(body.stock_use_rule.max_amount_by_day !== undefined ? { max_amount_by_day: body.stock_use_rule.max_amount_by_day } : {}),
      fixed_normal_coupon: { coupon_amount: num(row.coupon_amount_fen), transaction_minimum: num(row.transaction_minimum_fen) },
      max_coupons_per_user: row.max_coupons_per_user, coupon_type: 'NORMAL',
      ...(rule.goods_tag ? { goods_tag: rule.goods_tag } : {}), ...(rule.trade_type ? { trade_type: rule.trade_type } : {}),
      combine_use: rule.combine_use ?? false,
    },
    available_begin_time: body.available_begin_time, available_end_time: body.available_end_time,
    distributed_coupons: row.distributed_coupons, no_cash: row.no_cash,
    ...(row.start_time ? { start_time: wechatTime(new Date(row.start_time)) } : {}),
    singleitem: (rule.goods_tag?.length ?? 0) > 0, stock_type: 'NORMAL',
  };
}

/** GET /v3/marketing/favor/stocks/{stock_id}?stock_creator_mchid */
export async function queryFavorStock(ctx: SandboxContext, sp: ServiceProvider, stockId: string, query: { stock_creator_mchid: string }) {
  return stockView(await ownStock(ctx.knex, sp, stockId, query.stock_creator_mchid));
}

function couponView(coupon: FavorCouponRow, stock: FavorStockRow) {
  return {
    stock_creator_mchid: stock.creator_mchid, stock_id: stock.stock_id, coupon_id: coupon.coupon_id, coupon_name: stock.stock.stock_name,
    status: coupon.status, ...(stock.stock.comment ? { description: stock.stock.comment } : {}),
    create_time: wechatTime(new Date(coupon.created_at)), coupon_type: 'NORMAL', no_cash: stock.no_cash,
    available_begin_time: stock.stock.available_begin_time, available_end_time: stock.stock.available_end_time,
    singleitem: (stock.stock.coupon_use_rule.goods_tag?.length ?? 0) > 0,
    normal_coupon_information: { coupon_amount: num(coupon.coupon_amount_fen), transaction_minimum: num(coupon.transaction_minimum_fen) },
    ...(coupon.consume_information ? { consume_information: coupon.consume_information } : {}),
  };
}

/** The COUPON.USE resource: the coupon as queried, now USED with its consume_information. */
export async function couponUseResource(db: Db, couponId: string) {
  const coupon = (await table(db, 'favor_coupons').where({ coupon_id: couponId }).first()) as FavorCouponRow;
  const stock = (await table(db, 'favor_stocks').where({ stock_id: coupon.stock_id }).first()) as FavorStockRow;
  return couponView(coupon, stock);
}

/** GET /v3/marketing/favor/users/{openid}/coupons/{coupon_id}?appid */
export async function queryFavorCoupon(ctx: SandboxContext, sp: ServiceProvider, openid: string, couponId: string, query: { appid: string }) {
  const coupon = (await table(ctx.knex, 'favor_coupons').where({ coupon_id: couponId, openid, appid: query.appid }).first()) as FavorCouponRow | undefined;
  if (!coupon) throw wx.resourceNotExists('券不存在');
  const stock = (await table(ctx.knex, 'favor_stocks').where({ stock_id: coupon.stock_id }).first()) as FavorStockRow;
  if (stock.creator_mchid !== sp.spMchid && coupon.sender_mchid !== sp.spMchid) throw wx.resourceNotExists('券不存在');
  return couponView(coupon, stock);
}

/** GET /v3/marketing/favor/users/{openid}/coupons?appid&stock_id&status&creator_mchid&offset&limit */
export async function listFavorCoupons(
  ctx: SandboxContext, sp: ServiceProvider, openid: string,
  query: { appid: string; stock_id?: string; status?: string; creator_mchid?: string; sender_mchid?: string; offset?: number; limit?: number },
) {
  const offset = query.offset ?? 0;
  const limit = query.limit ?? 20;
  const base = table(ctx.knex, 'favor_coupons').where({ openid, appid: query.appid }).whereIn('stock_id', table(ctx.knex, 'favor_stocks').where({ creator_mchid: sp.spMchid }).select('stock_id'));
  if (query.stock_id) base.where({ stock_id: query.stock_id });
  if (query.status) base.where({ status: query.status });
  if (query.sender_mchid) base.where({ sender_mchid: query.sender_mchid });
  const total = await base.clone().count({ n: '*' }).first();
  const coupons = (await base.orderBy('created_at').offset(offset).limit(limit)) as FavorCouponRow[];
  const stocks = new Map<string, FavorStockRow>();
  for (const coupon of coupons) {
    if (!stocks.has(coupon.stock_id)) stocks.set(coupon.stock_id, (await table(ctx.knex, 'favor_stocks').where({ stock_id: coupon.stock_id }).first()) as FavorStockRow);
  }
  return { data: coupons.map((c) => couponView(c, stocks.get(c.stock_id)!)), total_count: num(total?.n ?? 0), offset, limit };
}

/** POST /v3/marketing/favor/callbacks { mchid, notify_url, switch } → { update_time, notify_url }: where COUPON.USE goes. */
export async function setCallback(ctx: SandboxContext, sp: ServiceProvider, product: 'favor' | 'busifavor', body: { mchid: string; notify_url: string; switch?: boolean }) {
  if (body.mchid !== sp.spMchid) throw wx.noAuth('只能设置本商户号的回调地址');
  const now = new Date();
  await table(ctx.knex, 'callbacks').insert({ mchid: sp.spMchid, product, notify_url: body.notify_url, enabled: body.switch ?? true, updated_at: now })
    .onConflict(['mchid', 'product']).merge();
  return { update_time: wechatTime(now), notify_url: body.notify_url, mchid: sp.spMchid };
}
