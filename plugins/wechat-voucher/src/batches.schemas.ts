import { listQueryProperties, objectSchema, timestamp, uuid, type ConfigSchema } from '@lingshou/plugin-sdk';

/** Members named one by one; a segment (a store's members) may be larger. */
export const MAX_RECIPIENTS = 1000;
export const MAX_SEGMENT = 50_000;

export const batchFields = {
  stockId: { ...uuid, title: '代金券批次' },
  customerIds: { type: 'array', minItems: 1, maxItems: MAX_RECIPIENTS, uniqueItems: true, items: uuid, title: '会员' },
  storeId: { ...uuid, title: '门店的全部会员', description: '发给该门店的全部会员（代替逐个选择会员）' },
} as const;

/** Who receives: the members named, or a segment (every member of a store); exactly one of the two. */
export const batchBody = { ...objectSchema(batchFields, ['stockId']), oneOf: [{ required: ['customerIds'] }, { required: ['storeId'] }] };

/** The admin's send dialog (the batch's create form). */
export const batchForm: ConfigSchema = { type: 'object', required: ['stockId'], properties: batchFields };

const count = { type: 'integer' } as const;

export const batchOutput = {
  type: 'object',
  properties: {
    id: uuid, stockId: uuid, status: { type: 'string' }, total: count,
    pending: count, sent: count, failed: count, skipped: count, progress: { type: 'number' },
    createdAt: timestamp, finishedAt: { type: ['string', 'null'], format: 'date-time' },
  },
} as const;

export const recipientOutput = {
  type: 'object',
  properties: {
    customerId: uuid, status: { type: 'string' }, outRequestNo: { type: 'string' }, couponId: { type: ['string', 'null'] },
    errorCode: { type: ['string', 'null'] }, errorMessage: { type: ['string', 'null'] }, updatedAt: timestamp,
  },
} as const;

export const batchQuery = objectSchema({ ...listQueryProperties, stockId: uuid });
export const recipientQuery = objectSchema({ ...listQueryProperties, status: { type: 'string', enum: ['pending', 'sent', 'failed', 'skipped'] } });
export const batchParams = objectSchema({ id: uuid }, ['id']);

export interface BatchInput {
  stockId: string;
  customerIds?: string[];
  storeId?: string;
}
