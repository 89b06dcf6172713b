import type { PluginContext } from '@lingshou/plugin-sdk';
import { fromRow, type Coupon, type CouponRow } from './coupon.ts';
import { errors } from './errors.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A coupon of this shop by id; a malformed id is simply not one (PostgreSQL would fail the cast). */
export async function findCoupon(ctx: PluginContext, id: string, options: { lock?: boolean } = {}): Promise<Coupon> {
  const query = ctx.db('coupons').where({ id: UUID.test(id) ? id : '00000000-0000-0000-0000-000000000000' });
  if (options.lock) query.forUpdate();
  const row = await query.first() as CouponRow | undefined;
  if (!row) throw errors.LS_MERCHANT_COUPON_NOT_FOUND();
  return fromRow(row);
}

export async function findCouponByStock(ctx: PluginContext, stockId: string): Promise<Coupon | undefined> {
  const row = await ctx.db('coupons').where({ stock_id: stockId }).first() as CouponRow | undefined;
  return row ? fromRow(row) : undefined;
}
