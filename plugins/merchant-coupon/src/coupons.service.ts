import {
  createBusifavorStock, getBusifavorStock, newId, setMarketingCallback, updateBusifavorBudget, updateBusifavorStock,
  type CreateBusifavorStockInput, type PluginContext,
} from '@lingshou/plugin-sdk';
import type { Coupon, CouponState } from './coupon.ts';
import { checkCouponInput, type CouponInput } from './coupon-input.ts';
import { findCoupon } from './coupons.store.ts';
import { errors } from './errors.ts';
import { checkText, NAME_LIMIT, SCOPE_LIMIT } from './text-limits.ts';
import { stockRequest, stockRequestNo } from './wechat-stock.ts';

/**
 * Saves a coupon with the stock request it will send to WeChat, `out_request_no` included, in
 * its own transaction: whatever happens to the call afterwards, a retry sends the same request
 * and WeChat answers with the same stock.
 */
export async function saveCoupon(ctx: PluginContext, input: CouponInput, now = new Date()): Promise<string> {
  const spec = checkCouponInput(input, now);
  if (spec.skuIds.length > 0) {
    const found = await ctx.kernel.catalog.skus(spec.skuIds);
    const missing = spec.skuIds.findIndex((id) => !found.has(id));
    if (missing >= 0) throw errors.LS_MERCHANT_COUPON_INPUT_INVALID('No such product in this shop', { field: `skuIds.${missing}` });
  }
  const binding = await ctx.kernel.wechatpay.binding();
  const id = newId();
  const outRequestNo = stockRequestNo(binding, id, now);
  await ctx.db('coupons').insert({
    tenant_id: ctx.tenantId, id, name: spec.name, scope_text: spec.scopeText, scene: spec.scene, type: spec.type,
    threshold_fen: spec.thresholdFen, amount_fen: spec.amountFen, discount_percent: spec.discountPercent,
    max_coupons: spec.maxCoupons, per_user_limit: spec.perUserLimit, available_from: spec.availableFrom,
    available_until: spec.availableUntil, days_after_claim: spec.daysAfterClaim,
    weekly: spec.weekly === null ? null : JSON.stringify(spec.weekly), all_stores: spec.allStores,
    store_ids: JSON.stringify(spec.storeIds), sku_ids: JSON.stringify(spec.skuIds), code_mode: spec.codeMode,
    state: 'creating', out_request_no: outRequestNo, wechat_request: JSON.stringify(stockRequest(spec, binding, outRequestNo)),
  });
  return id;
}

/**
 * Creates the coupon's stock at WeChat, for a coupon still `creating` (a first try, or a retry
 * after WeChat did not answer). Claim notifications go to the partner's inbox in the kernel,
 * so the callback is set first and the stock registered as this merchant's.
 */
export async function pushStock(ctx: PluginContext, couponId: string): Promise<void> {
  const coupon = await findCoupon(ctx, couponId, { lock: true });
  if (coupon.state !== 'creating') return;
  const row = await ctx.db('coupons').where({ id: couponId }).first('wechat_request') as { wechat_request: CreateBusifavorStockInput };
  const binding = await ctx.kernel.wechatpay.binding();
  const client = await ctx.kernel.wechatpay.client();
  // WeChat keeps one callback per service provider: the partner's inbox, which routes each
  // COUPON.SEND to the merchant that registered the stock.
  await setMarketingCallback(client, 'busifavor', { mchid: binding.spMchid, notifyUrl: binding.marketingNotifyUrl });
  const created = await createBusifavorStock(client, row.wechat_request);
  await ctx.kernel.wechatpay.registerStock(created.stock_id, 'busifavor');
  await ctx.db('coupons').where({ id: couponId })
    .update({ stock_id: created.stock_id, state: 'running', wechat_state: 'RUNNING', synced_at: new Date(), updated_at: new Date() });
}

/** Reads the stock back from WeChat (state, coupons sent): the admin's 同步. A coupon still creating is pushed again. */
export async function syncStock(ctx: PluginContext, couponId: string): Promise<void> {
  const coupon = await findCoupon(ctx, couponId, { lock: true });
  if (coupon.state === 'creating') return pushStock(ctx, couponId);
  const stock = await getBusifavorStock(await ctx.kernel.wechatpay.client(), coupon.stockId!);
  await ctx.db('coupons').where({ id: couponId }).update({
    wechat_state: stock.stock_state, wechat_sent_count: stock.send_count_information?.total_send_num ?? null, synced_at: new Date(), updated_at: new Date(),
  });
}

export type CouponChange = Partial<CouponInput>;

/** What the merchant may change once the stock exists: WeChat's PATCH takes names, not amounts or rules. */
const MUTABLE = new Set(['name', 'scopeText', 'maxCoupons', 'state']);

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The stored value of an immutable field, in the API's shape, to tell a resent value from a change. */
function current(coupon: Coupon, field: string): unknown {
  switch (field) {
    case 'availableFrom': return coupon.availableFrom.getTime();
    case 'availableUntil': return coupon.availableUntil.getTime();
    case 'scope': return coupon.allStores ? 'all' : 'chosen';
    default: return (coupon as unknown as Record<string, unknown>)[field] ?? undefined;
  }
}

function comparable(field: string, value: unknown): unknown {
  return field === 'availableFrom' || field === 'availableUntil' ? new Date(value as string).getTime() : value;
}

const TRANSITIONS: Record<string, CouponState[]> = { running: ['paused', 'stopped'], paused: ['running', 'stopped'], stopped: [] };

/**
 * Changes a coupon: names through WeChat's stock PATCH, the budget through its budget PATCH
 * (with the current value, so WeChat refuses a change built on a stale one), and the state.
 * Pausing is ours alone: nobody claims without the parameters we sign. Stopping also lowers
 * WeChat's budget to what was claimed, so nothing more can be sent.
 */
export async function changeCoupon(ctx: PluginContext, couponId: string, change: CouponChange): Promise<void> {
  const coupon = await findCoupon(ctx, couponId, { lock: true });
  for (const [field, value] of Object.entries(change)) {
    if (MUTABLE.has(field) || value === undefined) continue;
    if (!same(comparable(field, value), current(coupon, field))) {
      throw errors.LS_MERCHANT_COUPON_FIELD_IMMUTABLE(`${field} cannot change once the stock exists; create another coupon`, { field });
    }
  }
  if (coupon.state === 'creating') throw errors.LS_MERCHANT_COUPON_STATE_INVALID('The stock is not created at WeChat yet: sync it first', { field: 'state' });
  const client = await ctx.kernel.wechatpay.client();
  const update: Record<string, unknown> = {};
  const name = change.name?.trim();
  const scopeText = change.scopeText?.trim();
  if (name !== undefined) checkText(name, NAME_LIMIT);
  if (scopeText !== undefined) checkText(scopeText, SCOPE_LIMIT);
  if ((name !== undefined && name !== coupon.name) || (scopeText !== undefined && scopeText !== coupon.scopeText)) {
    await updateBusifavorStock(client, coupon.stockId!, {
      out_request_no: `M${couponId.replaceAll('-', '')}${Date.now()}`,
      ...(name !== undefined ? { stock_name: name } : {}), ...(scopeText !== undefined ? { goods_name: scopeText } : {}),
    });
    Object.assign(update, name !== undefined ? { name } : {}, scopeText !== undefined ? { scope_text: scopeText } : {});
  }
  let maxCoupons = change.maxCoupons ?? coupon.maxCoupons;
  if (change.state !== undefined && change.state !== coupon.state) {
    if (!TRANSITIONS[coupon.state]!.includes(change.state)) {
      throw errors.LS_MERCHANT_COUPON_STATE_INVALID(`A ${coupon.state} coupon cannot become ${change.state}`, { field: 'state' });
    }
    if (change.state === 'stopped') maxCoupons = Math.max(coupon.claimedCount, 1);
    update.state = change.state;
  }
  if (maxCoupons !== coupon.maxCoupons) {
    if (maxCoupons < coupon.claimedCount) {
      throw errors.LS_MERCHANT_COUPON_INPUT_INVALID(`${coupon.claimedCount} are already claimed: the budget cannot go below that`, { field: 'maxCoupons' });
    }
    const answer = await updateBusifavorBudget(client, coupon.stockId!, {
      modify_budget_request_no: `B${couponId.replaceAll('-', '')}${Date.now()}`, target_max_coupons: maxCoupons, current_max_coupons: coupon.maxCoupons,
    });
    update.max_coupons = answer.max_coupons;
  }
  if (Object.keys(update).length > 0) await ctx.db('coupons').where({ id: couponId }).update({ ...update, updated_at: new Date() });
}
