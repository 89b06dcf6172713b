import { fen, listQueryProperties, timestamp, uuid } from '../http/schemas.ts';
import { chinaDayQueryProperties } from '../http/china-days.ts';

const paymentStatus = { type: 'string', enum: ['pending', 'succeeded', 'failed', 'cancelled'] } as const;

export const paymentListQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...listQueryProperties,
    // Newest first unless asked otherwise.
    _order: { ...listQueryProperties._order, default: 'desc' },
    storeId: uuid,
    orderId: uuid,
    method: { type: 'string', minLength: 1, maxLength: 64, description: 'A payment method id (GET /payment-methods)' },
    status: paymentStatus,
    ...chinaDayQueryProperties,
  },
} as const;

export const paymentListItem = {
  type: 'object',
  properties: {
    id: uuid, orderId: uuid, orderNumber: { type: 'string' }, storeId: uuid, storeName: { type: 'string' },
    method: { type: 'string' }, status: paymentStatus, amountFen: fen, refundedFen: fen,
    externalId: { type: ['string', 'null'] }, createdAt: timestamp, succeededAt: { type: ['string', 'null'], format: 'date-time' },
  },
} as const;
