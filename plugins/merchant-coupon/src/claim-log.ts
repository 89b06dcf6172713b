import { LingshouError, type PluginContext } from '@lingshou/plugin-sdk';
import type { ClaimRow } from './claims.store.ts';

/** One line of a coupon's claim and redemption log, as the admin's detail drawer shows it. */
export interface ClaimLogEntry {
  id: string; customerId: string | null; customerName: string | null; customerPhone: string | null;
  code: string | null; state: string; claimedAt: Date | null; validUntil: Date | null;
  orderId: string | null; orderNumber: string | null; usedAt: Date | null; redeemedAtWechat: Date | null;
  returnedAt: Date | null; deactivatedAt: Date | null; deactivateReason: string | null; createdAt: Date;
}

/** A kernel record that may have gone since the claim (a customer erased): null, not a failed page. */
async function unlessGone<T>(lookup: () => Promise<T>): Promise<T | null> {
  try {
    return await lookup();
  } catch (error) {
    if (error instanceof LingshouError && error.statusCode === 404) return null;
    throw error;
  }
}

/**
 * A page of claims with who claimed (the customer's name and phone) and the order that used it
 * (its number), each customer and order looked up once per page through the kernel facade.
 */
export async function claimLog(ctx: PluginContext, rows: ClaimRow[]): Promise<ClaimLogEntry[]> {
  const customers = new Map<string, { name: string | null; phone: string | null } | null>();
  for (const id of new Set(rows.flatMap((row) => row.customer_id ?? []))) {
    customers.set(id, await unlessGone(() => ctx.kernel.customers.get(id)));
  }
  const orders = new Map<string, string | null>();
  for (const id of new Set(rows.flatMap((row) => row.order_id ?? []))) {
    orders.set(id, (await unlessGone(() => ctx.kernel.orders.get(id)))?.number ?? null);
  }
  return rows.map((row) => {
    const customer = row.customer_id ? customers.get(row.customer_id) : null;
    return {
      id: row.id, customerId: row.customer_id, customerName: customer?.name ?? null, customerPhone: customer?.phone ?? null,
      code: row.coupon_code, state: row.state, claimedAt: row.claimed_at, validUntil: row.valid_until,
      orderId: row.order_id, orderNumber: row.order_id ? orders.get(row.order_id) ?? null : null, usedAt: row.used_at,
      redeemedAtWechat: row.wechat_used_at, returnedAt: row.returned_at, deactivatedAt: row.deactivated_at, deactivateReason: row.deactivate_reason,
      createdAt: row.created_at,
    };
  });
}
