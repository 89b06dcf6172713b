/**
 * 商家券 (busifavor) merchant coupons: stocks, budget changes, coupons claimed through the
 * send-coupon plugin (simulated in customer.routes.ts), redeemed (核销), returned and
 * deactivated by the merchant, and the COUPON.SEND notification. Uploaded codes of
 * MERCHANT_UPLOAD stocks: busifavor-codes.ts.
 */
import { randomInt } from 'node:crypto';
import type { Knex } from 'knex';
import type { SandboxContext } from './context.ts';
import { isUniqueViolation, json, num, requestHash, table, type Db } from './db.ts';
import { findServiceProvider, findSubMerchant, type ServiceProvider } from './merchants.ts';
import { createNotification, deliver } from './notifier.ts';
import { WechatError, wx } from './wechat-error.ts';
import { randomDigits, v2HmacSign, wechatTime } from './wire.ts';

interface CouponAvailableTime { available_begin_time: string; available_end_time: string; [key: string]: unknown }

export interface BusifavorStockCreate {
  stock_name: string; belong_merchant: string; comment?: string; goods_name: string; stock_type: 'NORMAL' | 'DISCOUNT' | 'EXCHANGE';
  coupon_use_rule: {
    coupon_available_time: CouponAvailableTime;
    fixed_normal_coupon?: { discount_amount: number; transaction_minimum: number };
    discount_coupon?: { discount_percent: number; transaction_minimum: number };
    exchange_coupon?: { exchange_price: number; transaction_minimum: number };
    use_method: string; mini_programs_appid?: string; mini_programs_path?: string;
  };
  stock_send_rule: { max_coupons: number; max_coupons_per_user: number; max_coupons_by_day?: number; [key: string]: unknown };
  out_request_no: string; coupon_code_mode: 'WECHATPAY_MODE' | 'MERCHANT_API' | 'MERCHANT_UPLOAD';
  notify_config?: { notify_appid?: string };
  [key: string]: unknown;
}

/** The sandbox's own keys in `stock`, never shown: the create request's hash and the codes uploaded (MERCHANT_UPLOAD). */
interface StockInternals { request_hash?: string; uploaded_codes?: string[] }

export interface StockRow {
  stock_id: string; creator_mchid: string; belong_merchant: string; out_request_no: string; stock_state: string; coupon_code_mode: string;
  max_coupons: number; max_coupons_per_user: number; max_coupons_by_day: number | null; sent_count: number; used_count: number;
  stock: BusifavorStockCreate & StockInternals; created_at: Date;
}

/** The stock as WeChat shows it: its fields without the sandbox's internals. */
function shownStock(stock: StockRow['stock']): BusifavorStockCreate {
  const { request_hash: _hash, uploaded_codes: _codes, ...shown } = stock;
  return shown;
}

interface CouponRow {
  stock_id: string; coupon_code: string; openid: string; appid: string | null; state: 'SENDED' | 'USED' | 'DEACTIVATED' | 'EXPIRED';
  send_request_no: string; send_merchant: string; send_channel: string; send_time: Date; use_time: Date | null;
  use_info: Record<string, unknown> | null; created_at: Date;
}

const COUPON_KIND = { NORMAL: 'fixed_normal_coupon', DISCOUNT: 'discount_coupon', EXCHANGE: 'exchange_coupon' } as const;

/** The service provider may act for itself and for its own sub-merchants. */
async function mayActFor(db: Db, sp: ServiceProvider, mchid: string): Promise<boolean> {
  if (mchid === sp.spMchid) return true;
  const sub = await findSubMerchant(db, mchid);
  return sub?.spMchid === sp.spMchid;
}

/** POST /v3/marketing/busifavor/stocks → { stock_id, create_time }; out_request_no makes it idempotent. */
export async function createBusifavorStock(ctx: SandboxContext, sp: ServiceProvider, body: BusifavorStockCreate) {
  if (!(await mayActFor(ctx.knex, sp, body.belong_merchant))) throw wx.noAuth(`无权为商户${body.belong_merchant}创建商家券`);
  const kinds = Object.values(COUPON_KIND).filter((kind) => body.coupon_use_rule[kind] !== undefined);
  if (kinds.length !== 1 || kinds[0] !== COUPON_KIND[body.stock_type]) {
    throw wx.paramError(`stock_type ${body.stock_type} 需要且只能提供 coupon_use_rule.${COUPON_KIND[body.stock_type]}`, 'coupon_use_rule');
  }
  if (body.coupon_use_rule.use_method === 'MINI_PROGRAMS' && !(body.coupon_use_rule.mini_programs_appid && body.coupon_use_rule.mini_programs_path)) {
    throw wx.paramError('use_method 为 MINI_PROGRAMS 时 mini_programs_appid 与 mini_programs_path 必填', 'coupon_use_rule.mini_programs_appid');
  }
  const time = body.coupon_use_rule.coupon_available_time;
  if (new Date(time.available_end_time) <= new Date(time.available_begin_time)) throw wx.paramError('available_end_time 必须晚于 available_begin_time', 'coupon_use_rule.coupon_available_time');
  const hash = requestHash(body);
  const now = new Date();
  try {
    await table(ctx.knex, 'busifavor_stocks').insert({
      stock_id: `1${randomDigits(15)}`, creator_mchid: sp.spMchid, belong_merchant: body.belong_merchant, out_request_no: body.out_request_no,
      stock_state: 'RUNNING', coupon_code_mode: body.coupon_code_mode, max_coupons: body.stock_send_rule.max_coupons,
      max_coupons_per_user: body.stock_send_rule.max_coupons_per_user, max_coupons_by_day: body.stock_send_rule.max_coupons_by_day ?? null,
      stock: json({ ...body, request_hash: hash }), created_at: now,
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
  const row = (await table(ctx.knex, 'busifavor_stocks').where({ creator_mchid: sp.spMchid, out_request_no: body.out_request_no }).first()) as StockRow;
  if (row.stock.request_hash !== hash) throw wx.resourceExists('out_request_no 已用于另一个批次');
  return { stock_id: row.stock_id, create_time: wechatTime(new Date(row.created_at)) };
}

export async function ownStock(db: Db, sp: ServiceProvider, stockId: string, lock = false): Promise<StockRow> {
  const query = table(db, 'busifavor_stocks').where({ stock_id: stockId });
  const row = (await (lock ? query.forUpdate() : query).first()) as StockRow | undefined;
  if (!row || (row.creator_mchid !== sp.spMchid && !(await mayActFor(db, sp, row.belong_merchant)))) throw wx.resourceNotExists('批次不存在');
  return row;
}

/** Midnight today in China Standard Time. */
function chinaToday(now = new Date()): Date {
  const local = new Date(now.getTime() + 8 * 3600_000);
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()) - 8 * 3600_000);
}

/** GET /v3/marketing/busifavor/stocks/{stock_id} */
export async function queryBusifavorStock(ctx: SandboxContext, sp: ServiceProvider, stockId: string) {
  const row = await ownStock(ctx.knex, sp, stockId);
  const today = await table(ctx.knex, 'busifavor_coupons').where({ stock_id: stockId }).where('send_time', '>=', chinaToday()).count({ n: '*' }).first();
  const stock = shownStock(row.stock);
  const unit = row.stock.coupon_use_rule.fixed_normal_coupon?.discount_amount ?? 0;
  const uploaded = row.stock.uploaded_codes?.length ?? 0;
  return {
    ...stock,
    stock_id: row.stock_id,
    stock_state: row.stock_state,
    stock_send_rule: { ...stock.stock_send_rule, max_coupons: row.max_coupons, ...(row.max_coupons_by_day !== null ? { max_coupons_by_day: row.max_coupons_by_day } : {}) },
    send_count_information: {
      total_send_num: row.sent_count, total_send_amount: row.sent_count * unit,
      today_send_num: num(today?.n ?? 0), today_send_amount: num(today?.n ?? 0) * unit,
    },
    // Every code sent was one of those uploaded, so what is left is the difference.
    ...(row.coupon_code_mode === 'MERCHANT_UPLOAD' ? { coupon_code_count: { total_count: uploaded, available_count: uploaded - row.sent_count } } : {}),
  };
}

/** Runs a marketing operation once per request number: a repeat gets the first answer, a different request an error. */
export async function once<T>(ctx: SandboxContext, mchid: string, operation: string, requestNo: string, body: unknown, fn: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  const hash = requestHash(body);
  const replay = async (): Promise<T | undefined> => {
    const row = (await table(ctx.knex, 'request_log').where({ mchid, operation, request_no: requestNo }).first()) as { request_hash: string; response: T } | undefined;
    if (!row) return undefined;
    if (row.request_hash !== hash) throw wx.invalidRequest(`请求单号${requestNo}已用于另一个请求`);
    return row.response;
  };
  const earlier = await replay();
  if (earlier !== undefined) return earlier;
  try {
    return await ctx.knex.transaction(async (trx) => {
      const response = await fn(trx);
      await table(trx, 'request_log').insert({ mchid, operation, request_no: requestNo, request_hash: hash, response: json(response) });
      return response;
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      const again = await replay();
      if (again !== undefined) return again;
    }
    throw error;
  }
}

/** PATCH …/stocks/{stock_id}/budget → { max_coupons, max_coupons_by_day }. */
export async function modifyBusifavorBudget(
  ctx: SandboxContext, sp: ServiceProvider, stockId: string,
  body: { target_max_coupons?: number; current_max_coupons?: number; target_max_coupons_by_day?: number; current_max_coupons_by_day?: number; modify_budget_request_no: string },
) {
  if ((body.target_max_coupons === undefined) === (body.target_max_coupons_by_day === undefined)) {
    throw wx.paramError('target_max_coupons 与 target_max_coupons_by_day 须且只能提供一个', 'target_max_coupons');
  }
  return once(ctx, sp.spMchid, 'busifavor.budget', body.modify_budget_request_no, { stockId, ...body }, async (trx) => {
    const row = await ownStock(trx, sp, stockId, true);
    const changes: Record<string, number> = {};
    if (body.target_max_coupons !== undefined) {
      if (body.current_max_coupons !== undefined && body.current_max_coupons !== row.max_coupons) throw wx.invalidRequest(`current_max_coupons 与当前预算(${row.max_coupons})不一致`);
      if (body.target_max_coupons < row.sent_count) throw wx.invalidRequest(`目标预算不能小于已发放数量(${row.sent_count})`);
      changes.max_coupons = body.target_max_coupons;
    } else {
      if (body.current_max_coupons_by_day !== undefined && body.current_max_coupons_by_day !== row.max_coupons_by_day) throw wx.invalidRequest('current_max_coupons_by_day 与当前单天预算不一致');
      if (body.target_max_coupons_by_day! > (changes.max_coupons ?? row.max_coupons)) throw wx.invalidRequest('单天预算不能大于总预算');
      changes.max_coupons_by_day = body.target_max_coupons_by_day!;
    }
    const [updated] = await table(trx, 'busifavor_stocks').where({ stock_id: stockId }).update(changes).returning('*');
    const after = updated as StockRow;
    return { max_coupons: after.max_coupons, ...(after.max_coupons_by_day !== null ? { max_coupons_by_day: after.max_coupons_by_day } : {}) };
  });
}

const MODIFIABLE = ['stock_name', 'comment', 'goods_name', 'custom_entrance', 'display_pattern_info', 'notify_config'] as const;

/** PATCH …/stocks/{stock_id} → 204: names, entrance, display and use method (no amounts). */
export async function modifyBusifavorStock(ctx: SandboxContext, sp: ServiceProvider, stockId: string, body: Record<string, unknown> & { out_request_no: string }) {
  await once(ctx, sp.spMchid, 'busifavor.modify', body.out_request_no, { stockId, ...body }, async (trx) => {
    const row = await ownStock(trx, sp, stockId, true);
    const stock: Record<string, unknown> = { ...row.stock };
    for (const field of MODIFIABLE) if (body[field] !== undefined) stock[field] = body[field];
    if (body.coupon_use_rule) stock.coupon_use_rule = { ...row.stock.coupon_use_rule, ...(body.coupon_use_rule as object) };
    if (body.stock_send_rule) stock.stock_send_rule = { ...row.stock.stock_send_rule, ...(body.stock_send_rule as object) };
    await table(trx, 'busifavor_stocks').where({ stock_id: stockId }).update({ stock: json(stock) });
    return {};
  });
}

async function findCoupon(trx: Db, sp: ServiceProvider, code: string, stockId: string | undefined): Promise<{ coupon: CouponRow; stock: StockRow }> {
  const query = table(trx, 'busifavor_coupons').where({ coupon_code: code });
  if (stockId) query.where({ stock_id: stockId });
  const coupons = (await query.forUpdate()) as CouponRow[];
  if (coupons.length > 1) throw wx.paramError('券码在多个批次中存在，请提供 stock_id', 'stock_id');
  const coupon = coupons[0];
  if (!coupon) throw wx.resourceNotExists('券不存在');
  const stock = await ownStock(trx, sp, coupon.stock_id).catch(() => null);
  if (!stock) throw wx.resourceNotExists('券不存在');
  if (!stockId && stock.coupon_code_mode !== 'WECHATPAY_MODE') throw wx.paramError('MERCHANT_API / MERCHANT_UPLOAD 模式的券须提供 stock_id', 'stock_id');
  return { coupon, stock };
}

/** POST /v3/marketing/busifavor/coupons/use → { stock_id, openid, wechatpay_use_time }. */
export async function useBusifavorCoupon(
  ctx: SandboxContext, sp: ServiceProvider,
  body: { coupon_code: string; stock_id?: string; appid: string; use_time: string; use_request_no: string; openid?: string; out_trade_no?: string; transaction_id?: string },
) {
  return once(ctx, sp.spMchid, 'busifavor.use', body.use_request_no, body, async (trx) => {
    const { coupon, stock } = await findCoupon(trx, sp, body.coupon_code, body.stock_id);
    if (body.openid && body.openid !== coupon.openid) throw wx.invalidRequest('openid 与券的持有人不一致');
    if (coupon.state === 'USED') throw wx.invalidRequest('券已核销');
    if (coupon.state !== 'SENDED') throw wx.invalidRequest(`券状态为${coupon.state}，不能核销`);
    const now = new Date();
    const time = stock.stock.coupon_use_rule.coupon_available_time;
    if (now < new Date(time.available_begin_time) || now > new Date(time.available_end_time)) throw wx.invalidRequest('券不在可用时间内');
    await table(trx, 'busifavor_coupons').where({ stock_id: coupon.stock_id, coupon_code: coupon.coupon_code }).update({
      state: 'USED', use_time: now,
      use_info: json({ use_request_no: body.use_request_no, use_time: body.use_time, out_trade_no: body.out_trade_no, transaction_id: body.transaction_id }),
    });
    await table(trx, 'busifavor_stocks').where({ stock_id: coupon.stock_id }).increment('used_count', 1);
    return { stock_id: coupon.stock_id, openid: coupon.openid, wechatpay_use_time: wechatTime(now) };
  });
}

/** POST …/coupons/return → { wechatpay_return_time }: only a redeemed coupon can be returned. */
export async function returnBusifavorCoupon(ctx: SandboxContext, sp: ServiceProvider, body: { coupon_code: string; stock_id: string; return_request_no: string }) {
  return once(ctx, sp.spMchid, 'busifavor.return', body.return_request_no, body, async (trx) => {
    const { coupon } = await findCoupon(trx, sp, body.coupon_code, body.stock_id);
    if (coupon.state !== 'USED') throw wx.invalidRequest('券未核销，不能退券');
    const now = new Date();
    await table(trx, 'busifavor_coupons').where({ stock_id: coupon.stock_id, coupon_code: coupon.coupon_code }).update({ state: 'SENDED', use_time: null, use_info: null });
    await table(trx, 'busifavor_stocks').where({ stock_id: coupon.stock_id }).decrement('used_count', 1);
    return { wechatpay_return_time: wechatTime(now) };
  });
}

/** POST …/coupons/deactivate → { wechatpay_deactivate_time }: an available coupon can no longer be redeemed. */
export async function deactivateBusifavorCoupon(ctx: SandboxContext, sp: ServiceProvider, body: { coupon_code: string; stock_id: string; deactivate_request_no: string; deactivate_reason?: string }) {
  return once(ctx, sp.spMchid, 'busifavor.deactivate', body.deactivate_request_no, body, async (trx) => {
    const { coupon } = await findCoupon(trx, sp, body.coupon_code, body.stock_id);
    if (coupon.state !== 'SENDED') throw wx.invalidRequest(`券状态为${coupon.state}，只有可用的券可以失效`);
    const now = new Date();
    await table(trx, 'busifavor_coupons').where({ stock_id: coupon.stock_id, coupon_code: coupon.coupon_code }).update({
      state: 'DEACTIVATED', use_info: json({ deactivate_request_no: body.deactivate_request_no, deactivate_reason: body.deactivate_reason, deactivate_time: wechatTime(now) }),
    });
    return { wechatpay_deactivate_time: wechatTime(now) };
  });
}

function couponView(coupon: CouponRow, stock: StockRow) {
  const { out_request_no: _no, stock_send_rule: _rule, ...shown } = shownStock(stock.stock);
  const state = coupon.state === 'SENDED' && new Date(stock.stock.coupon_use_rule.coupon_available_time.available_end_time) < new Date() ? 'EXPIRED' : coupon.state;
  return {
    ...shown,
    coupon_code: coupon.coupon_code, stock_id: coupon.stock_id, coupon_state: state,
    available_start_time: stock.stock.coupon_use_rule.coupon_available_time.available_begin_time,
    expire_time: stock.stock.coupon_use_rule.coupon_available_time.available_end_time,
    receive_time: wechatTime(new Date(coupon.send_time)), send_request_no: coupon.send_request_no,
    ...(coupon.state === 'USED' && coupon.use_info ? { use_request_no: coupon.use_info.use_request_no, use_time: wechatTime(new Date(coupon.use_time!)) } : {}),
    ...(coupon.state === 'DEACTIVATED' && coupon.use_info ? coupon.use_info : {}),
  };
}

/** GET /v3/marketing/busifavor/users/{openid}/coupons?appid&stock_id&coupon_state&offset&limit */
export async function listBusifavorCoupons(
  ctx: SandboxContext, sp: ServiceProvider, openid: string, query: { appid: string; stock_id?: string; coupon_state?: string; offset?: number; limit?: number },
) {
  const offset = query.offset ?? 0;
  const limit = query.limit ?? 20;
  const rows = (await table(ctx.knex, 'busifavor_coupons').where({ openid }).modify((q) => {
    if (query.stock_id) q.where({ stock_id: query.stock_id });
  }).orderBy('send_time')) as CouponRow[];
  const views = [];
  for (const row of rows) {
    const stock = await ownStock(ctx.knex, sp, row.stock_id).catch(() => null);
    if (!stock) continue;
    const view = couponView(row, stock);
    if (!query.coupon_state || view.coupon_state === query.coupon_state) views.push(view);
  }
  return { data: views.slice(offset, offset + limit), total_count: views.length, offset, limit };
}

/** GET /v3/marketing/busifavor/users/{openid}/coupons/{coupon_code}/appids/{appid} */
export async function queryBusifavorCoupon(ctx: SandboxContext, sp: ServiceProvider, openid: string, code: string) {
  const rows = (await table(ctx.knex, 'busifavor_coupons').where({ openid, coupon_code: code })) as CouponRow[];
  for (const row of rows) {
    const stock = await ownStock(ctx.knex, sp, row.stock_id).catch(() => null);
    if (stock) return couponView(row, stock);
  }
  throw wx.resourceNotExists('券不存在');
}

/** GET /v3/marketing/busifavor/callbacks?mchid → { mchid, notify_url }. */
export async function getBusifavorCallback(ctx: SandboxContext, sp: ServiceProvider, mchid: string) {
  if (mchid !== sp.spMchid) throw wx.noAuth('只能查询本商户号的回调地址');
  const row = (await table(ctx.knex, 'callbacks').where({ mchid, product: 'busifavor' }).first()) as { notify_url: string } | undefined;
  if (!row) throw wx.resourceNotExists('未设置回调地址');
  return { mchid, notify_url: row.notify_url };
}

export interface ClaimInput {
  send_coupon_merchant: string;
  send_coupon_params: { stock_id: string; out_request_no: string; coupon_code?: string }[];
  sign: string;
  openid: string;
  appid?: string;
}

export interface ClaimResult { stock_id: string; out_request_no: string; coupon_code?: string; code: 'SUCCESS' | 'FAIL'; message: string }

/**
 * What WeChat does when a customer taps the send-coupon plugin: checks the APIv2 HMAC-SHA256
 * sign over the index-suffixed parameters, then sends each coupon (idempotent per
 * out_request_no) and queues COUPON.SEND to the stock creator's busifavor callback.
 */
export async function claimBusifavorCoupons(ctx: SandboxContext, input: ClaimInput) {
  const sp = await findServiceProvider(ctx, ctx.knex, input.send_coupon_merchant);
  if (!sp?.apiv2Key) return { errcode: 'PARAM_ERROR', msg: `发券商户${input.send_coupon_merchant}不存在或未设置APIv2密钥`, send_coupon_result: [] as ClaimResult[] };
  const signed: Record<string, string> = { send_coupon_merchant: input.send_coupon_merchant };
  input.send_coupon_params.forEach((param, i) => {
    signed[`stock_id${i}`] = param.stock_id;
    signed[`out_request_no${i}`] = param.out_request_no;
    if (param.coupon_code) signed[`coupon_code${i}`] = param.coupon_code;
  });
  if (v2HmacSign(signed, sp.apiv2Key) !== input.sign.toUpperCase()) return { errcode: 'SIGN_ERROR', msg: '签名错误', send_coupon_result: [] as ClaimResult[] };
  const results: ClaimResult[] = [];
  const notifications: string[] = [];
  for (const param of input.send_coupon_params) {
    try {
      const { code, notification } = await sendOne(ctx, sp, input, param);
      results.push({ stock_id: param.stock_id, out_request_no: param.out_request_no, coupon_code: code, code: 'SUCCESS', message: '' });
      if (notification) notifications.push(notification);
    } catch (error) {
      if (!(error instanceof WechatError)) throw error;
      results.push({ stock_id: param.stock_id, out_request_no: param.out_request_no, code: 'FAIL', message: error.message });
    }
  }
  deliver(ctx, notifications);
  return { errcode: 'OK', msg: 'ok', send_coupon_result: results };
}

/** MERCHANT_UPLOAD: one of the uploaded codes not sent yet, at random, as WeChat picks it (the stock's row is locked). */
async function unsentUploadedCode(trx: Db, stock: StockRow): Promise<string> {
  const sent = new Set(await table(trx, 'busifavor_coupons').where({ stock_id: stock.stock_id }).pluck('coupon_code') as string[]);
  const unsent = (stock.stock.uploaded_codes ?? []).filter((code) => !sent.has(code));
  if (unsent.length === 0) throw wx.ruleLimit('批次预存code已发完，请先上传券码');
  return unsent[randomInt(unsent.length)]!;
}

async function sendOne(ctx: SandboxContext, sp: ServiceProvider, input: ClaimInput, param: ClaimInput['send_coupon_params'][number]) {
  return ctx.knex.transaction(async (trx) => {
    const stock = await ownStock(trx, sp, param.stock_id, true);
    const existing = (await table(trx, 'busifavor_coupons').where({ stock_id: stock.stock_id, send_merchant: sp.spMchid, send_request_no: param.out_request_no }).first()) as CouponRow | undefined;
    if (existing) {
      if (existing.openid !== input.openid) throw wx.invalidRequest('out_request_no 已用于向其他用户发券');
      return { code: existing.coupon_code, notification: null };
    }
    if (stock.stock_state !== 'RUNNING') throw wx.invalidRequest(`批次状态为${stock.stock_state}，不能发券`);
    if (stock.sent_count >= stock.max_coupons) throw wx.ruleLimit('批次库存不足');
    const held = await table(trx, 'busifavor_coupons').where({ stock_id: stock.stock_id, openid: input.openid }).count({ n: '*' }).first();
    if (num(held?.n ?? 0) >= stock.max_coupons_per_user) throw wx.ruleLimit('用户领取该批次的券已达上限');
    if (stock.max_coupons_by_day !== null) {
      const today = await table(trx, 'busifavor_coupons').where({ stock_id: stock.stock_id }).where('send_time', '>=', chinaToday()).count({ n: '*' }).first();
      if (num(today?.n ?? 0) >= stock.max_coupons_by_day) throw wx.ruleLimit('批次今日发放已达上限');
    }
    let code: string;
    if (stock.coupon_code_mode === 'WECHATPAY_MODE') code = randomDigits(22);
    else if (stock.coupon_code_mode === 'MERCHANT_API' && param.coupon_code) code = param.coupon_code;
    else if (stock.coupon_code_mode === 'MERCHANT_API') throw wx.paramError('MERCHANT_API 模式须提供 coupon_code', 'coupon_code');
    else if (param.coupon_code) throw wx.paramError('MERCHANT_UPLOAD 模式的券码由微信从预存code中随机分配，不能指定', 'coupon_code');
    else code = await unsentUploadedCode(trx, stock);
    const now = new Date();
    try {
      await table(trx, 'busifavor_coupons').insert({
        stock_id: stock.stock_id, coupon_code: code, openid: input.openid, appid: input.appid ?? null, state: 'SENDED',
        send_request_no: param.out_request_no, send_merchant: sp.spMchid, send_channel: 'BUSICOUPON_SEND_CHANNEL_MINIAPP', send_time: now,
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw wx.invalidRequest('券码已被使用');
      throw error;
    }
    await table(trx, 'busifavor_stocks').where({ stock_id: stock.stock_id }).increment('sent_count', 1);
    const callback = (await table(trx, 'callbacks').where({ mchid: stock.creator_mchid, product: 'busifavor', enabled: true }).first()) as { notify_url: string } | undefined;
    // Without notify_config.notify_appid WeChat leaves openid (and unionid) empty in the callback.
    const notification = callback ? await createNotification(ctx, trx, {
      mchid: stock.creator_mchid, notifyUrl: callback.notify_url, eventType: 'COUPON.SEND', summary: '商家券领券通知',
      originalType: 'coupon', associatedData: 'coupon', schedule: 'coupon', subject: code,
      resource: {
        event_type: 'EVENT_TYPE_BUSICOUPON_SEND', coupon_code: code, stock_id: stock.stock_id, send_time: wechatTime(now),
        openid: stock.stock.notify_config?.notify_appid ? input.openid : '', unionid: '',
        send_channel: 'BUSICOUPON_SEND_CHANNEL_MINIAPP', send_merchant: sp.spMchid,
      },
    }) : null;
    return { code, notification };
  });
}
