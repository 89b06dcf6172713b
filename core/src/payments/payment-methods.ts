import type { Trx } from '../db/tenant-tx.ts';
import { errors } from '../errors.ts';

export interface TenderInput {
  method: string;
  amountFen: number;
  /** Cash handed over; change is what it exceeds amountFen by. */
  tenderedFen?: number;
  /** Method-specific input: a payment code scanned at the till, a gift card number. */
  data?: Record<string, unknown>;
}

export interface PaymentContext {
  trx: Trx;
  tenantId: string;
  orderId: string;
  storeId: string;
  channel: 'pos' | 'mall';
  paymentId: string;
  /** The tender's index in the request, for errors that name a field. */
  index: number;
}

export interface CollectResult {
  status: 'succeeded' | 'pending' | 'failed';
  externalId?: string;
  tenderedFen?: number;
  changeFen?: number;
  data?: Record<string, unknown>;
  failureReason?: string;
}

export interface RefundResult {
  status: 'succeeded' | 'pending' | 'failed';
  externalId?: string;
}

export interface PaymentRecord {
  id: string;
  method: string;
  amountFen: number;
  refundedFen: number;
  externalId: string | null;
  data: Record<string, unknown>;
}

/**
 * A way to pay. The kernel has cash; WeChat Pay and plugins (member balance, gift cards) add
 * theirs. collect and refund run inside the order's transaction, so a method whose money lives
 * in our database (a balance ledger) moves it atomically with the order; a method that calls
 * out returns `pending` and settles later through settlePayment.
 */
export interface PaymentMethod {
  id: string;
  label: { zh: string; en: string };
  channels: readonly ('pos' | 'mall')[];
  /** Works with no network (the offline till may only use these). */
  offline: boolean;
  collect(ctx: PaymentContext, tender: TenderInput): Promise<CollectResult>;
  refund(ctx: PaymentContext, payment: PaymentRecord, amountFen: number, refundNo: string): Promise<RefundResult>;
}

export class PaymentMethodRegistry {
  readonly #methods = new Map<string, PaymentMethod>();

  register(method: PaymentMethod): void {
    if (!/^[a-z][a-z0-9_.-]{1,63}$/.test(method.id)) throw new Error(`Bad payment method id "${method.id}"`);
    if (this.#methods.has(method.id)) throw new Error(`Payment method "${method.id}" is registered twice`);
    this.#methods.set(method.id, method);
  }

  get(id: string, field: string): PaymentMethod {
    const method = this.#methods.get(id);
    if (!method) throw errors.LS_PAYMENT_METHOD_UNKNOWN(`Unknown payment method "${id}"`, { field });
    return method;
  }

  list(channel?: 'pos' | 'mall'): PaymentMethod[] {
    return [...this.#methods.values()].filter((m) => !channel || m.channels.includes(channel));
  }
}
