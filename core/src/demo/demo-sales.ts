import type { FastifyInstance } from 'fastify';
import { inTenant } from '../db/tenant-tx.ts';
import { createOrder } from '../orders/orders.service.ts';
import { nextOrderNumber } from '../orders/order-number.ts';
import { refundOrder } from '../orders/refunds.service.ts';
import { payOrder } from '../payments/payments.service.ts';
import type { TenderInput } from '../payments/payment-methods.ts';

/** How far back the demo's till history goes: the dashboard's 30-day chart. */
export const DEMO_HISTORY_DAYS = 30;

/** A small deterministic generator (mulberry32): the demo is the same on every machine. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface DemoSalesInput {
  tenantId: string;
  stores: { id: string; code: string }[];
  cashierStaffId: string;
}

/**
 * A month of till sales in both stores, through the same services as the till (stock, numbers,
 * payments, hooks), then dated back to the day they stand for: cash, and WeChat Pay code pay
 * through the sandbox when it runs. One sale is partly refunded. The dashboard, the order list
 * and the stock ledger have something to show on first start.
 */
export async function seedDemoSales(app: FastifyInstance, input: DemoSalesInput): Promise<number> {
  const random = generator(20261128);
  const deps = { hooks: app.hooks, payments: app.payments, events: app.events };
  const knex = app.db.knex;
  const skus = await inTenant(knex, input.tenantId, (trx) => trx('skus as s').join('products as p', 'p.id', 's.product_id')
    .where('p.weighed', false).orderBy('s.barcode').select('s.id', 's.price_fen')) as { id: string; price_fen: string }[];
  if (skus.length === 0) return 0;
  let count = 0;
  for (let daysAgo = DEMO_HISTORY_DAYS; daysAgo >= 1; daysAgo--) {
    const sales = 1 + Math.floor(random() * 3);
    for (let n = 0; n < sales; n++) {
      const store = input.stores[Math.floor(random() * input.stores.length)]!;
      const at = new Date(Date.now() - daysAgo * 86_400_000);
      at.setUTCHours(1 + Math.floor(random() * 11), Math.floor(random() * 60), 0, 0);
      const lines = Array.from({ length: 1 + Math.floor(random() * 3) }, () => ({
        skuId: skus[Math.floor(random() * skus.length)]!.id, quantity: 1 + Math.floor(random() * 2),
      }));
      const wechat = app.config.wechatpaySandbox && random() < 0.4;
      const authCode = wechat ? await paymentCode(app) : null;
      await inTenant(knex, input.tenantId, async (trx) => {
        const number = await nextOrderNumber(trx, input.tenantId, store.id, store.code, at);
        const orderId = await createOrder(trx, deps, input.tenantId, {
          storeId: store.id, channel: 'pos', staffId: input.cashierStaffId, lines, number, clientOrderId: `demo-history-${daysAgo}-${n}`,
        });
        const order = await trx('orders').where({ id: orderId }).first('total_fen');
        const total = Number(order.total_fen);
        const tender: TenderInput = authCode
          ? { method: 'wechatpay', amountFen: total, data: { authCode } }
          : { method: 'cash', amountFen: total, tenderedFen: Math.ceil(total / 10_000) * 10_000 };
        await payOrder(trx, deps, input.tenantId, orderId, [tender]);
        if (daysAgo === 3 && n === 0) {
          const line = await trx('order_lines').where({ order_id: orderId }).orderBy('line_no').first('id');
          await refundOrder(trx, deps, input.tenantId, orderId, { lines: [{ lineId: line.id as string, quantity: 1 }], reason: '顾客退货（演示）' });
        }
        await backdate(trx, orderId, at);
      });
      count++;
    }
  }
  return count;
}

async function paymentCode(app: FastifyInstance): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/sandbox/wechatpay/admin/payment-codes', payload: { outcome: 'success' } });
  return (res.json() as { authCode: string }).authCode;
}

/** Dates a sale, its payments, refunds and stock movements back to when it stands for. */
async function backdate(trx: Parameters<Parameters<typeof inTenant>[2]>[0], orderId: string, at: Date): Promise<void> {
  await trx('orders').where({ id: orderId }).update({ created_at: at, updated_at: at, paid_at: at });
  await trx('payments').where({ order_id: orderId }).update({ created_at: at, updated_at: at, succeeded_at: at });
  const refunds = await trx('refunds').where({ order_id: orderId }).update({ created_at: at, updated_at: at }).returning('id');
  await trx('stock_movements').where('source_key', 'like', `order:${orderId}:%`).update({ created_at: at });
  for (const refund of refunds as { id: string }[]) {
    await trx('stock_movements').where('source_key', 'like', `refund:${refund.id}:%`).update({ created_at: at });
  }
}
