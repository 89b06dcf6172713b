import { fen, signedFen, objectSchema, text, uuid, timestamp, listQueryProperties } from '../http/schemas.ts';
import { chinaDayQueryProperties } from '../http/china-days.ts';

const nullableFen = { type: ['integer', 'null'] } as const;
const nullableTime = { type: ['string', 'null'], format: 'date-time' } as const;
const status = { type: 'string', enum: ['pending_payment', 'paid', 'fulfilled', 'completed', 'cancelled', 'partially_refunded', 'refunded'] } as const;

export const cartLine = objectSchema({
  skuId: uuid,
  quantity: { type: 'integer', minimum: 1, maximum: 1_000_000, description: 'Pieces, or grams for weighed goods' },
  discount: objectSchema({
    percent: { type: 'integer', minimum: 1, maximum: 99, description: 'Pay this percentage: 88 is 八八折' },
    amountFen: { ...fen, description: 'The new price of the whole line' },
    reason: text(40, 1),
  }),
  gift: { type: 'boolean' },
  barcodePriceFen: { ...fen, description: 'The price printed in a scale barcode' },
}, ['skuId', 'quantity']);

const checkoutProperties = {
  storeId: uuid,
  channel: { type: 'string', enum: ['pos', 'mall'], default: 'pos' },
  customerId: uuid,
  note: text(200),
  lines: { type: 'array', minItems: 1, maxItems: 200, items: cartLine },
  pluginInputs: { type: 'object', maxProperties: 20, additionalProperties: true, description: 'Inputs for plugins, keyed by plugin id' },
} as const;

export const checkoutBody = objectSchema(checkoutProperties, ['storeId', 'lines']);

export const tender = objectSchema({
  method: { type: 'string', minLength: 1, maxLength: 64 },
  amountFen: { type: 'integer', minimum: 1, maximum: 1_000_000_000_000 },
  tenderedFen: fen,
  data: { type: 'object', maxProperties: 20, additionalProperties: true },
}, ['method', 'amountFen']);

export const tendersBody = objectSchema({ tenders: { type: 'array', minItems: 0, maxItems: 10, items: tender } }, ['tenders']);

export const posOrderBody = objectSchema({
  ...checkoutProperties,
  clientOrderId: { type: 'string', pattern: '^[A-Za-z0-9_-]{8,64}$', description: 'Made by the till; a second upload finds the first order' },
  tenders: { type: 'array', minItems: 0, maxItems: 10, items: tender },
}, ['clientOrderId', 'storeId', 'lines', 'tenders']);

export const refundBody = objectSchema({
  lines: {
    type: 'array', minItems: 1, maxItems: 200,
    items: objectSchema({ lineId: uuid, quantity: { type: 'integer', minimum: 1, maximum: 1_000_000 } }, ['lineId', 'quantity']),
  },
  reason: text(200),
  restock: { type: 'boolean' },
});

const adjustment = {
  type: 'object',
  properties: {
    id: uuid, lineId: { type: ['string', 'null'] }, lineIndex: { type: 'integer' }, source: { type: 'string' }, kind: { type: 'string' },
    amountFen: signedFen, reason: { type: 'string' }, data: { type: 'object', additionalProperties: true },
  },
} as const;

const pricedLine = {
  type: 'object',
  properties: {
    skuId: uuid, productId: uuid, name: { type: 'string' }, specText: { type: 'string' }, barcode: { type: ['string', 'null'] },
    weighed: { type: 'boolean' }, gift: { type: 'boolean' }, unitPriceFen: fen, quantity: { type: 'integer' },
    baseTotalFen: fen, adjustmentFen: signedFen, totalFen: fen,
  },
} as const;

export const quoteOutput = {
  type: 'object',
  properties: {
    lines: { type: 'array', items: pricedLine },
    adjustments: { type: 'array', items: adjustment },
    subtotalFen: fen, adjustmentFen: signedFen, totalFen: fen,
  },
} as const;

const orderProperties = {
  id: uuid, number: { type: 'string' }, storeId: uuid, channel: { type: 'string' }, clientOrderId: { type: ['string', 'null'] },
  customerId: { type: ['string', 'null'] }, staffId: { type: ['string', 'null'] }, status,
  subtotalFen: fen, adjustmentFen: signedFen, totalFen: fen, paidFen: fen, refundedFen: fen, dueFen: fen,
  note: { type: 'string' }, extensions: { type: 'object', additionalProperties: true },
  createdAt: timestamp, paidAt: nullableTime, cancelledAt: nullableTime, fulfilledAt: nullableTime, completedAt: nullableTime,
  updatedAt: timestamp,
} as const;

export const orderSummary = { type: 'object', properties: orderProperties } as const;

export const orderDetail = {
  type: 'object',
  properties: {
    ...orderProperties,
    lines: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          ...pricedLine.properties, id: uuid, lineNo: { type: 'integer' }, refundedQuantity: { type: 'integer' }, refundedFen: fen,
        },
      },
    },
    adjustments: { type: 'array', items: adjustment },
    payments: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: uuid, method: { type: 'string' }, status: { type: 'string' }, amountFen: fen, tenderedFen: nullableFen,
          changeFen: nullableFen, refundedFen: fen, externalId: { type: ['string', 'null'] }, createdAt: timestamp, succeededAt: nullableTime,
        },
      },
    },
    refunds: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: uuid, amountFen: fen, reason: { type: 'string' }, status: { type: 'string' }, restock: { type: 'boolean' }, createdAt: timestamp,
          // The manager who approved a refund at the till (POST /orders/:id/approved-refunds); null otherwise.
          approvedBy: { type: ['string', 'null'] },
          lines: { type: 'array', items: { type: 'object', properties: { orderLineId: uuid, quantity: { type: 'integer' }, amountFen: fen } } },
        },
      },
    },
  },
} as const;

export const orderListQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...listQueryProperties,
    // Newest first unless asked otherwise.
    _order: { ...listQueryProperties._order, default: 'desc' },
    storeId: uuid,
    customerId: uuid,
    status,
    channel: { type: 'string', enum: ['pos', 'mall'] },
    createdFrom: timestamp,
    createdTo: timestamp,
    ...chinaDayQueryProperties,
  },
} as const;
