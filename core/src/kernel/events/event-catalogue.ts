/**
 * After-commit events: emitted inside the operation's transaction, delivered to plugins' consumers
 * after it commits (never if it rolls back), with retries, once per consumer.
 */
export const eventCatalogue = {
  'order.created': 'An order was created (payload: orderId, storeId, channel).',
  'order.paid': 'An order became paid (payload: orderId, storeId, channel).',
  'order.refunded': 'A refund was recorded (payload: orderId, refundId, amountFen, storeId, channel).',
  'wechatpay.notification': 'A verified WeChat Pay notification the kernel does not handle itself, e.g. COUPON.USE or COUPON.SEND (payload: notificationId, eventType, resourceType, resource: the decrypted JSON). Once per notification id.',
} as const;

export type EventName = keyof typeof eventCatalogue;
