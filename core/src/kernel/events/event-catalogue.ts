/**
 * After-commit events: emitted inside the operation's transaction, delivered to plugins' consumers
 * after it commits (never if it rolls back), with retries, once per consumer.
 */
export const eventCatalogue = {
  'order.created': 'An order was created (payload: orderId, storeId, channel).',
  'order.paid': 'An order became paid (payload: orderId, storeId, channel).',
  'order.refunded': 'A refund was recorded (payload: orderId, refundId, amountFen, storeId, channel).',
} as const;

export type EventName = keyof typeof eventCatalogue;
