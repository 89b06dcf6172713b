import type { HookBus } from '../kernel/hooks/hook-bus.ts';
import type { PaymentMethodRegistry } from '../payments/payment-methods.ts';

/** What order operations need besides the transaction: the hooks to call and the ways to pay. */
export interface OrderDeps {
  hooks: HookBus;
  payments: PaymentMethodRegistry;
}

export type Channel = 'pos' | 'mall';

export type OrderStatus =
  | 'pending_payment' | 'paid' | 'fulfilled' | 'completed' | 'cancelled' | 'partially_refunded' | 'refunded';
