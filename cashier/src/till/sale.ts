import { api, ApiError, OfflineError } from '../api/client.ts';
import type { Order } from '../api/types.ts';
import type { CheckoutLine } from '../lib/cart.ts';
import type { TenderDraft } from '../lib/tenders.ts';
import { enqueueOrder } from '../offline/queue.ts';
import type { QueuedOrder } from '../offline/db.ts';

export interface SaleBody {
  clientOrderId: string;
  storeId: string;
  lines: CheckoutLine[];
  customerId?: string;
  pluginInputs?: Record<string, Record<string, unknown>>;
}

export type SaleOutcome = { kind: 'order'; order: Order } | { kind: 'queued'; queued: QueuedOrder };

const toTender = ({ label: _label, ...tender }: TenderDraft) => tender;

/**
 * Sends a sale with its tenders (POST /pos/orders). When the server cannot be reached and every
 * tender works offline (cash), the sale is kept on the device for upload instead: the same
 * clientOrderId means a sale whose answer was lost is not made twice.
 */
export async function submitSale(body: SaleBody, tenders: TenderDraft[], offlineMethods: Set<string>, totalFen: number): Promise<SaleOutcome> {
  const full = { ...body, tenders: tenders.map(toTender) };
  try {
    return { kind: 'order', order: await api<Order>('POST', '/pos/orders', { body: full }) };
  } catch (error) {
    if (!(error instanceof OfflineError)) throw error;
    if (!tenders.every((t) => offlineMethods.has(t.method))) {
      throw new ApiError(503, { code: 'OFFLINE', detail: '网络已断开：离线时只能收现金，优惠券、余额和礼品卡需在线使用' });
    }
    // Plugin inputs (coupons, greetings) need the server; an offline sale is the plain goods.
    const { pluginInputs: _online, ...plain } = full;
    const queued: QueuedOrder = {
      clientOrderId: body.clientOrderId, storeId: body.storeId, body: plain, totalFen, createdAt: new Date().toISOString(), state: 'waiting',
    };
    await enqueueOrder(queued);
    return { kind: 'queued', queued };
  }
}

/** More tenders for an order still awaiting payment (a WeChat payment failed after it was pending). */
export function payMore(orderId: string, tenders: TenderDraft[], idempotencyKey: string): Promise<Order> {
  return api<Order>('POST', `/orders/${orderId}/payments`, { body: { tenders: tenders.map(toTender) }, idempotencyKey });
}

export function getOrder(orderId: string): Promise<Order> {
  return api<Order>('GET', `/orders/${orderId}`);
}
