import { listQueryProperties, objectSchema, text, timestamp, uuid } from '../http/schemas.ts';

/** Pieces, or grams for weighed goods; bigint in the database, well inside a safe integer here. */
const quantity = { type: 'integer', minimum: 0, maximum: 1_000_000_000_000 } as const;
const signedQuantity = { type: 'integer', minimum: -1_000_000_000_000, maximum: 1_000_000_000_000, not: { const: 0 } } as const;

export const warehouseCreate = objectSchema({ name: text(60, 1), storeId: uuid }, ['name']);
export const warehouseUpdate = objectSchema({ name: text(60, 1) }, ['name']);

export const warehouseListQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { ...listQueryProperties, storeId: uuid },
} as const;

export const warehouseOutput = {
  type: 'object',
  properties: {
    id: uuid, storeId: { type: ['string', 'null'] }, name: { type: 'string' }, isDefault: { type: 'boolean' },
    kind: { type: 'string', enum: ['store', 'merchant'] }, createdAt: timestamp,
  },
} as const;

export const stockListQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { ...listQueryProperties, warehouseId: uuid, skuId: uuid },
} as const;

export const stockLevelOutput = {
  type: 'object',
  properties: {
    warehouseId: uuid, warehouseName: { type: 'string' }, storeId: { type: ['string', 'null'] }, skuId: uuid,
    productId: uuid, productName: { type: 'string' }, specKey: { type: 'string' }, skuCode: { type: ['string', 'null'] },
    barcode: { type: ['string', 'null'] }, unit: { type: 'string' }, weighed: { type: 'boolean' }, onHand: { type: 'integer' },
    allowNegative: { type: 'boolean' }, updatedAt: timestamp,
  },
} as const;

export const movementListQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...listQueryProperties,
    // The ledger reads newest first unless asked otherwise.
    _order: { ...listQueryProperties._order, default: 'desc' },
    warehouseId: uuid, skuId: uuid, type: { type: 'string', pattern: '^[a-z][a-z0-9_.]*$', maxLength: 32 },
  },
} as const;

export const movementOutput = {
  type: 'object',
  properties: {
    id: uuid, warehouseId: uuid, warehouseName: { type: 'string' }, skuId: uuid, productName: { type: 'string' },
    specKey: { type: 'string' }, delta: { type: 'integer' }, balanceAfter: { type: 'integer' }, type: { type: 'string' },
    sourceKey: { type: 'string' }, note: { type: 'string' }, staffId: { type: ['string', 'null'] }, createdAt: timestamp,
  },
} as const;

export const adjustmentCreate = objectSchema({
  warehouseId: uuid,
  lines: {
    type: 'array', minItems: 1, maxItems: 500,
    items: {
      type: 'object', additionalProperties: false, required: ['skuId'],
      properties: { skuId: uuid, onHand: quantity, delta: signedQuantity },
      oneOf: [{ required: ['onHand'] }, { required: ['delta'] }],
    },
  },
  note: text(200),
}, ['warehouseId', 'lines']);

export const adjustmentOutput = {
  type: 'object',
  properties: {
    id: uuid, warehouseId: uuid, note: { type: 'string' },
    lines: {
      type: 'array',
      items: {
        type: 'object',
        properties: { skuId: uuid, delta: { type: 'integer' }, onHand: { type: 'integer' }, movementId: { type: ['string', 'null'] } },
      },
    },
  },
} as const;
