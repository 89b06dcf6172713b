import type { HookBus } from '../kernel/hooks/hook-bus.ts';
import type { PaymentMethodRegistry } from '../payments/payment-methods.ts';
import type { PluginEvents } from '../kernel/events/plugin-events.ts';

/** What order operations need besides the transaction: hooks to call, ways to pay, events to emit. */
export interface OrderDeps {
  hooks: HookBus;
  payments: PaymentMethodRegistry;
  events: PluginEvents;
}

export type Channel = 'pos' | 'mall';

export type OrderStatus =
  | 'pending_payment' | 'paid' | 'fulfilled' | 'completed' | 'cancelled' | 'partially_refunded' | 'refunded';
