import { listQueryProperties, objectSchema, text, timestamp, uuid } from '../http/schemas.ts';

/** A mainland mobile number: 11 digits starting 13–19. */
export const mobile = { type: 'string', pattern: '^1[3-9]\\d{9}$' } as const;

const customerFields = {
  phone: mobile,
  name: text(40),
  memberCode: { type: 'string', pattern: '^[0-9A-Za-z]{4,32}$' },
  homeStoreId: { type: ['string', 'null'], format: 'uuid' },
  gender: { type: 'string', enum: ['unknown', 'male', 'female'] },
  birthday: { type: ['string', 'null'], format: 'date' },
  note: text(200),
} as const;

export const customerCreate = objectSchema(customerFields, ['phone']);
export const customerUpdate = objectSchema(customerFields);

export const customerListQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { ...listQueryProperties, homeStoreId: uuid },
} as const;

export const lookupQuery = objectSchema({ code: text(32, 1) }, ['code']);

export const customerOutput = {
  type: 'object',
  properties: {
    id: uuid, phone: { type: ['string', 'null'] }, name: { type: 'string' }, memberCode: { type: 'string' },
    homeStoreId: { type: ['string', 'null'] }, gender: { type: 'string' }, birthday: { type: ['string', 'null'] },
    note: { type: 'string' }, createdAt: timestamp, updatedAt: timestamp,
  },
} as const;
