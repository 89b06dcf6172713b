import { fen, objectSchema, signedFen, text, timestamp, uuid } from '../http/schemas.ts';

const tenderSums = {
  type: 'array',
  items: { type: 'object', properties: { method: { type: 'string' }, amountFen: fen, count: { type: 'integer' } } },
} as const;

export const shiftOutput = {
  type: 'object',
  properties: {
    id: uuid, storeId: uuid, staffId: uuid, status: { type: 'string', enum: ['open', 'closed'] },
    openingFloatFen: fen, openedAt: timestamp, closedAt: { type: ['string', 'null'], format: 'date-time' }, note: { type: 'string' },
    sales: { type: 'object', properties: { orderCount: { type: 'integer' }, totalFen: fen, byTender: tenderSums } },
    refunds: { type: 'object', properties: { count: { type: 'integer' }, totalFen: fen, byTender: tenderSums } },
    movements: {
      type: 'array',
      items: {
        type: 'object',
        properties: { id: uuid, kind: { type: 'string', enum: ['in', 'out'] }, amountFen: fen, reason: { type: 'string' }, createdAt: timestamp },
      },
    },
    cashInFen: fen, cashOutFen: fen,
    expectedCashFen: { ...signedFen, description: 'Float + cash sales − cash refunds + paid in − paid out' },
    countedCashFen: { type: ['integer', 'null'] },
    differenceFen: { type: ['integer', 'null'], description: 'Counted − expected: negative is a shortage' },
  },
} as const;

export const currentShiftQuery = objectSchema({ storeId: uuid }, ['storeId']);
export const currentShiftOutput = { type: 'object', properties: { shift: { ...shiftOutput, type: ['object', 'null'] } } } as const;
export const openShiftBody = objectSchema({ storeId: uuid, openingFloatFen: fen }, ['storeId', 'openingFloatFen']);
export const movementBody = objectSchema({
  kind: { type: 'string', enum: ['in', 'out'] },
  amountFen: { ...fen, minimum: 1 },
  reason: text(200, 1),
}, ['kind', 'amountFen', 'reason']);
export const closeShiftBody = objectSchema({ countedCashFen: fen, note: text(200) }, ['countedCashFen']);
