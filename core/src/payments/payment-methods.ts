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
  /** What the provider answered that is worth keeping (WeChat: refund_id, promotion refunds). */
  data?: Record<string, unknown>;
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

/** Whether a plugin's payment method may be used by a tenant (it has the plugin enabled). */
export type MethodAvailability = (trx: Trx, tenantId: string, ownerPluginId: string) => Promise<boolean>;

export class PaymentMethodRegistry {
  readonly #methods = new Map<string, { method: PaymentMethod; owner: string | null }>();
  #available: MethodAvailability = async () => true;

  setAvailability(available: MethodAvailability): void {
    this.#available = available;
  }

  /** Adds a method; `owner` is the plugin that adds it (none for the kernel's own). */
  register(method: PaymentMethod, owner: string | null = null): void {
    if (!/^[a-z][a-z0-9_.-]{1,63}$/.test(method.id)) throw new Error(`Bad payment method id "${method.id}"`);
    if (this.#methods.has(method.id)) throw new Error(`Payment method "${method.id}" is registered twice`);
    this.#methods.set(method.id, { method, owner });
  }

  /**
   * The method a tender names, if this tenant may use it; otherwise an error naming the field.
   * Refunds pass `anyOwner`: money goes back the way it came even after its plugin was disabled.
   */
  async resolve(trx: Trx, tenantId: string, id: string, field: string, options: { anyOwner?: boolean } = {}): Promise<PaymentMethod> {
    const entry = this.#methods.get(id);
    if (!entry || (entry.owner && !options.anyOwner && !(await this.#available(trx, tenantId, entry.owner)))) {
      throw errors.LS_PAYMENT_METHOD_UNKNOWN(`Unknown payment method "${id}"`, { field });
    }
    return entry.method;
  }

  /** A method's Chinese name for receipts (`现金`), or its id when no method has it any more. */
  labelOf(id: string): string {
    return this.#methods.get(id)?.method.label.zh ?? id;
  }

  /** The methods a tenant may use, for a channel. */
  async list(trx: Trx, tenantId: string, channel?: 'pos' | 'mall'): Promise<(PaymentMethod & { owner: string | null })[]> {
    const usable: (PaymentMethod & { owner: string | null })[] = [];
    for (const { method, owner } of this.#methods.values()) {
      if (channel && !method.channels.includes(channel)) continue;
      if (owner && !(await this.#available(trx, tenantId, owner))) continue;
      usable.push({ ...method, owner });
    }
    return usable;
  }
}
