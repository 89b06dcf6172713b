import type { Trx } from '../db/tenant-tx.ts';
import type { HookBus } from '../kernel/hooks/hook-bus.ts';
import type { PaymentMethodRegistry } from '../payments/payment-methods.ts';
import type { Receipt, ReceiptBlock } from '../kernel/hooks/catalogue.ts';
import { getStoreRow } from '../stores/stores.service.ts';
import { getOrderDetail } from './order-detail.ts';

/** 1234 fen → "12.34". */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

// Built once: a formatter costs far more to make than to use. sv-SE writes 2026-11-28 21:05:03.
const chinaTime = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false,
});

/** What a receipt needs besides the transaction: the plugins' taps and the tenders' names. */
export interface ReceiptDeps {
  hooks: HookBus;
  payments: PaymentMethodRegistry;
}

const text = (value: string): ReceiptBlock => ({ source: 'kernel', kind: 'text', text: value });
const rule: ReceiptBlock = { source: 'kernel', kind: 'line', text: '' };

/**
 * An order's receipt as blocks: the kernel writes the store, lines, adjustments, total and
 * tenders; plugins append theirs through `receipt.render` (a greeting, the coupon used).
 */
export async function renderReceipt(trx: Trx, deps: ReceiptDeps, tenantId: string, orderId: string): Promise<Receipt> {
  const order = await getOrderDetail(trx, orderId);
  const store = await getStoreRow(trx, order.storeId);
  const blocks: ReceiptBlock[] = [text(store.name), text(`单号 ${order.number}`), text(`时间 ${chinaTime.format(order.createdAt)}`), rule];
  for (const line of order.lines) {
    const quantity = line.weighed ? `${(line.quantity / 1000).toFixed(3)}kg` : `×${line.quantity}`;
    blocks.push(text(`${line.name}${line.specText ? ` ${line.specText}` : ''} ${quantity} ￥${yuan(line.totalFen)}`));
  }
  for (const adjustment of order.adjustments) blocks.push(text(`${adjustment.reason} ￥${yuan(adjustment.amountFen)}`));
  blocks.push(rule, text(`合计 ￥${yuan(order.totalFen)}`));
  for (const payment of order.payments.filter((p) => p.status === 'succeeded')) {
    blocks.push(text(`${deps.payments.labelOf(String(payment.method))} ￥${yuan(payment.amountFen)}${payment.changeFen ? ` 找零 ￥${yuan(payment.changeFen)}` : ''}`));
  }
  if (order.note) blocks.push(text(`备注 ${order.note}`));
  return deps.hooks.call('receipt.render', { orderId, blocks }, { trx, tenantId, info: { orderId, storeId: order.storeId } });
}
