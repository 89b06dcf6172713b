import { fen, listQueryProperties, objectSchema, text, timestamp, uuid } from '../http/schemas.ts';
import { chinaDayQueryProperties } from '../http/china-days.ts';

const state = { type: 'string', enum: ['requested', 'approved', 'rejected'] } as const;
const nullableTime = { type: ['string', 'null'], format: 'date-time' } as const;

/** A refund request as the customer sees it on the order (mall) and as the review list starts. */
export const refundRequest = {
  type: 'object',
  properties: {
    id: uuid, state, reason: { type: 'string' }, amountFen: fen,
    rejectionNote: { type: ['string', 'null'] },
    automatic: { type: 'boolean', description: 'Approved by the store\'s refundApproval: auto setting, not by staff' },
    refundId: { type: ['string', 'null'] }, createdAt: timestamp, decidedAt: nullableTime,
  },
} as const;

export const refundRequestItem = {
  type: 'object',
  properties: {
    ...refundRequest.properties,
    orderId: uuid, orderNumber: { type: 'string' }, orderStatus: { type: 'string' }, storeId: uuid, storeName: { type: 'string' },
    customer: { type: 'object', properties: { id: uuid, name: { type: 'string' }, phone: { type: ['string', 'null'] } } },
    decidedBy: { type: ['object', 'null'], properties: { id: uuid, name: { type: 'string' } } },
  },
} as const;

export const refundRequestListQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...listQueryProperties,
    // Newest first unless asked otherwise.
    _order: { ...listQueryProperties._order, default: 'desc' },
    state, storeId: uuid, orderId: uuid,
    ...chinaDayQueryProperties,
  },
} as const;

/** Why the request is refused: the customer reads it in the mall, so it cannot be blank. */
export const rejectBody = objectSchema({ note: { ...text(200, 1), pattern: '\\S' } }, ['note']);
