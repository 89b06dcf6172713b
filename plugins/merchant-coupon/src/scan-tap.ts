import type { TapFn } from '@lingshou/plugin-sdk';
import { ruleText } from './coupon.ts';
import { claimFor } from './usability.ts';
import { inWeeklySlots } from './rules.ts';

/**
 * 收银端核销 (seed 4.9 §5-2): the cashier scans the barcode the customer shows from their wallet.
 * A code of one of the shop's coupons goes into the checkout as this plugin's input, where the
 * price tap applies it to the cart; one that cannot be used here says why. Anything else passes.
 */
export const recogniseCode: TapFn<'pos.scan'> = async (scan, ctx) => {
  if (!/^[0-9A-Za-z]{1,64}$/.test(scan.code)) return undefined;
  const held = await claimFor(ctx, scan.code, { channel: 'pos', customerId: scan.customerId });
  if (!held.ok && !held.claim) return undefined;
  const message = (why: string) => ({ kind: 'message', label: `商家券不可用：${why}`, data: { code: scan.code } });
  if (!held.ok) return message(held.refusal.message);
  const { claim, coupon } = held;
  const now = new Date();
  if (coupon.scene === 'online') return message('该券仅限线上商城使用');
  if (!coupon.allStores && !coupon.storeIds.includes(scan.storeId)) return message('该券不适用于本门店');
  if (now < new Date(claim.valid_from!)) return message('该券尚未到可用时间');
  if (now >= new Date(claim.valid_until!)) return message('该券已过期');
  if (!inWeeklySlots(coupon.weekly, now)) return message('当前时段不可用');
  return { kind: 'plugin-input', label: `商家券 ${coupon.name} ${ruleText(coupon)}`, data: { input: { code: scan.code } } };
};
