import type { PriceAdjustment, ReceiptBlock, TapFn } from '@lingshou/plugin-sdk';
import { ruleText } from './coupon.ts';
import { errors } from './errors.ts';
import { PLUGIN_ID } from './plugin-id.ts';
import { cartLines, claimFor, usability } from './usability.ts';

const INPUT = `pluginInputs.${PLUGIN_ID}`;

/**
 * The code chosen at checkout (`pluginInputs['merchant-coupon'] = { code }`), or undefined. It
 * reaches the plugin as free-form JSON, with no route schema in front of it: checked by hand.
 */
export function chosenCode(input: unknown): string | undefined {
  if (input === undefined || input === null) return undefined;
  if (typeof input !== 'object' || Array.isArray(input)) throw errors.LS_MERCHANT_COUPON_INPUT_INVALID('A coupon choice is { code }', { field: INPUT });
  const { code, ...rest } = input as Record<string, unknown>;
  const unknown = Object.keys(rest)[0];
  if (unknown !== undefined) throw errors.LS_MERCHANT_COUPON_INPUT_INVALID(`${unknown} is not a known field`, { field: `${INPUT}.${unknown}` });
  if (typeof code !== 'string' || !/^[0-9A-Za-z]{1,64}$/.test(code)) {
    throw errors.LS_MERCHANT_COUPON_INPUT_INVALID('code is 1 to 64 letters or digits', { field: `${INPUT}.code` });
  }
  return code;
}

/**
 * Applies the chosen coupon as the plugin's adjustment: one for the order when it covers every
 * product, else one per covered line, so refunding a line gives back its exact share. A code
 * that cannot be used adds nothing here; checkout.validate refuses it with the reason.
 */
export const applyCoupon: TapFn<'checkout.price'> = async (draft, ctx) => {
  const code = chosenCode(ctx.input);
  if (!code) return draft;
  const result = await usability(ctx, code, { storeId: ctx.storeId, channel: ctx.channel, customerId: ctx.customerId, lines: cartLines(draft) });
  if (!result.ok || result.value.discountFen === 0) return draft;
  const { coupon, value } = result;
  const reason = `商家券 ${ruleText(coupon)}`;
  const data = { code, couponId: coupon.id, stockId: coupon.stockId };
  const adjustments: PriceAdjustment[] = coupon.allStores
    ? [{ source: PLUGIN_ID, kind: 'coupon', amountFen: -value.discountFen, reason, data }]
    : value.shares.filter((share) => share.amountFen > 0)
      .map((share) => ({ source: PLUGIN_ID, kind: 'coupon', lineIndex: share.lineIndex, amountFen: -share.amountFen, reason, data }));
  return { ...draft, adjustments: [...draft.adjustments, ...adjustments] };
};

/** Refuses a code that cannot be used on this cart, for quotes and orders alike, with the reason. */
export const refuseUnusable: TapFn<'checkout.validate'> = async (draft, ctx) => {
  const code = chosenCode(ctx.input);
  if (!code) return;
  const result = await usability(ctx, code, { storeId: ctx.storeId, channel: ctx.channel, customerId: ctx.customerId, lines: cartLines(draft) });
  if (!result.ok) {
    throw errors.LS_MERCHANT_COUPON_CODE_UNUSABLE(result.refusal.message, { field: `${INPUT}.code`, extra: { reason: result.refusal.reason } });
  }
};

/**
 * In the order's transaction: the coupon becomes the order's, under the claim's row lock, so
 * of two orders made with one code at the same moment the second waits, then finds it taken.
 */
export const lockToOrder: TapFn<'order.created'> = async (event, ctx) => {
  const code = chosenCode(ctx.input);
  if (!code) return;
  const order = await ctx.kernel.orders.get(event.orderId);
  const result = await claimFor(ctx, code, { channel: order.channel as 'pos' | 'mall', customerId: order.customerId }, { lock: true });
  if (!result.ok) {
    const error = result.refusal.reason === 'locked' || result.refusal.reason === 'used'
      ? errors.LS_MERCHANT_COUPON_CODE_TAKEN : errors.LS_MERCHANT_COUPON_CODE_UNUSABLE;
    throw error(result.refusal.message, { field: `${INPUT}.code`, extra: { reason: result.refusal.reason } });
  }
  const discountFen = -order.adjustments.filter((a) => a.source === PLUGIN_ID).reduce((sum, a) => sum + a.amountFen, 0);
  await ctx.db('claims').where({ id: result.claim.id }).update({ state: 'locked', order_id: order.id, updated_at: new Date() });
  await ctx.kernel.orders.setExtension(order.id, { code, couponId: result.coupon.id, title: result.coupon.name, rule: ruleText(result.coupon), discountFen });
};

/** In the payment's transaction: the coupon is spent. WeChat hears of it after commit (order.paid consumer). */
export const spendOnPayment: TapFn<'order.paid'> = async (event, ctx) => {
  const claims = await ctx.db('claims').where({ order_id: event.orderId, state: 'locked' }).select('id', 'coupon_id') as { id: string; coupon_id: string }[];
  for (const claim of claims) {
    await ctx.db('claims').where({ id: claim.id }).update({ state: 'used', used_at: new Date(), updated_at: new Date() });
    await ctx.db('coupons').where({ id: claim.coupon_id }).increment('used_count', 1);
  }
};

/** Prints the coupon an order used at the foot of its receipt. */
export const printCoupon: TapFn<'receipt.render'> = async (receipt, ctx) => {
  const order = await ctx.kernel.orders.get(ctx.orderId);
  const used = order.extensions?.[PLUGIN_ID] as { code: string; rule: string; discountFen: number } | undefined;
  if (!used) return receipt;
  const blocks: ReceiptBlock[] = [
    { source: PLUGIN_ID, kind: 'text', text: `商家券 ${used.rule}  -¥${(used.discountFen / 100).toFixed(2)}` },
    { source: PLUGIN_ID, kind: 'text', text: `券码 ${'*'.repeat(Math.max(0, used.code.length - 4))}${used.code.slice(-4)}` },
  ];
  return { ...receipt, blocks: [...receipt.blocks, ...blocks] };
};
