/** Schema fragments shared by every route, so each rule is written once. */

export const uuid = { type: 'string', format: 'uuid' } as const;

/** Money in fen: a whole number, never negative, below 10^12 fen (10 billion yuan). */
export const fen = { type: 'integer', minimum: 0, maximum: 1_000_000_000_000 } as const;
/** A signed amount in fen, for adjustments and ledger deltas. */
export const signedFen = { type: 'integer', minimum: -1_000_000_000_000, maximum: 1_000_000_000_000 } as const;
export const timestamp = { type: 'string', format: 'date-time' } as const;

export function text(maxLength: number, minLength = 0) {
  return { type: 'string', minLength, maxLength } as const;
}

export const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: uuid },
} as const;

/** The Refine simple-rest conventions: _start/_end slice, _sort/_order, q for text search. */
export const listQueryProperties = {
  _start: { type: 'integer', minimum: 0, default: 0 },
  _end: { type: 'integer', minimum: 1, maximum: 100_000, default: 25 },
  _sort: { type: 'string', maxLength: 64 },
  _order: { type: 'string', enum: ['asc', 'desc', 'ASC', 'DESC'], default: 'asc' },
  q: { type: 'string', maxLength: 100 },
} as const;

export const problem = {
  type: 'object',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    code: { type: 'string' },
    field: { type: 'string' },
    instance: { type: 'string' },
  },
  additionalProperties: true,
} as const;

/** Error responses every authenticated route may give. */
export const problemResponses = {
  400: problem,
  401: problem,
  403: problem,
  404: problem,
  409: problem,
} as const;

export function objectSchema<P extends Record<string, unknown>>(properties: P, required: (keyof P & string)[] = []) {
  return { type: 'object', additionalProperties: false, properties, required } as const;
}
