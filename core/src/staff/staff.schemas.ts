import { listQueryProperties, objectSchema, text, timestamp, uuid } from '../http/schemas.ts';

const staffFields = {
  name: text(40, 1),
  phone: text(32),
  roleId: uuid,
  storeIds: { type: 'array', maxItems: 200, uniqueItems: true, items: uuid },
} as const;

export const staffCreate = objectSchema({
  ...staffFields,
  storeIds: { ...staffFields.storeIds, default: [] },
  username: { type: 'string', pattern: '^[A-Za-z0-9_.@-]{3,64}$' },
  password: text(200, 8),
}, ['name', 'username', 'password', 'roleId']);

export const staffUpdate = objectSchema({ ...staffFields, active: { type: 'boolean' } });

export const passwordReset = objectSchema({ password: text(200, 8) }, ['password']);

export const staffListQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { ...listQueryProperties, roleId: uuid, storeId: uuid, active: { type: 'boolean' } },
} as const;

export const staffOutput = {
  type: 'object',
  properties: {
    id: uuid, name: { type: 'string' }, phone: { type: 'string' }, username: { type: 'string' },
    roleId: uuid, roleName: { type: 'string' }, storeIds: { type: 'array', items: uuid },
    active: { type: 'boolean' }, createdAt: timestamp, updatedAt: timestamp,
  },
} as const;
