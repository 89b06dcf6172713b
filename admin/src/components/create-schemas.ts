import type { RJSFSchema } from '@rjsf/utils';
import { api } from '../api/http.ts';

/**
 * The create forms of the kernel lists: the bodies of their POST routes (core/src/**.routes.ts)
 * with labels in `t`'s language. The server validates again and names the field it refuses.
 */
type T = (key: string) => string;

export const storeSchema = (t: T): RJSFSchema => ({
  type: 'object', required: ['code', 'name'],
  properties: {
    code: { type: 'string', title: t('common.code'), pattern: '^[A-Za-z0-9]{1,16}$' },
    name: { type: 'string', title: t('common.name'), minLength: 1, maxLength: 60 },
    address: { type: 'string', title: t('fields.address'), maxLength: 200 },
    phone: { type: 'string', title: t('fields.phone'), maxLength: 32 },
    franchise: { type: 'boolean', title: t('fields.franchise') },
    consignment: { type: 'boolean', title: t('fields.consignment') },
  },
});

export const customerSchema = (t: T): RJSFSchema => ({
  type: 'object', required: ['phone'],
  properties: {
    phone: { type: 'string', title: t('fields.phone'), pattern: '^1[3-9]\\d{9}$' },
    name: { type: 'string', title: t('common.name'), maxLength: 40 },
    gender: { type: 'string', title: t('fields.gender'), enum: ['unknown', 'male', 'female'], default: 'unknown' },
    note: { type: 'string', title: t('fields.note'), maxLength: 200 },
  },
});

export const roleSchema = async (t: T): Promise<RJSFSchema> => {
  const catalogue = await api.get<{ name: string; label: string }[]>('/permissions');
  return {
    type: 'object', required: ['name'],
    properties: {
      name: { type: 'string', title: t('common.name'), minLength: 1, maxLength: 40 },
      permissions: {
        type: 'array', title: t('fields.permissions'), uniqueItems: true,
        items: { type: 'string', oneOf: catalogue.map((p) => ({ const: p.name, title: `${p.label} (${p.name})` })) },
      },
    },
  };
};

export const staffSchema = async (t: T): Promise<RJSFSchema> => {
  const [roles, stores] = await Promise.all([
    api.get<{ id: string; name: string }[]>('/roles?_end=100'),
    api.get<{ id: string; name: string }[]>('/stores?_end=200'),
  ]);
  const choice = (rows: { id: string; name: string }[]) => ({ type: 'string', oneOf: rows.map((r) => ({ const: r.id, title: r.name })) });
  return {
    type: 'object', required: ['name', 'username', 'password', 'roleId'],
    properties: {
      name: { type: 'string', title: t('common.name'), minLength: 1, maxLength: 40 },
      phone: { type: 'string', title: t('fields.phone'), maxLength: 32 },
      username: { type: 'string', title: t('login.username'), pattern: '^[A-Za-z0-9_.@-]{3,64}$' },
      password: { type: 'string', title: t('login.password'), minLength: 8, maxLength: 200 },
      roleId: { ...choice(roles), title: t('menu.roles') } as RJSFSchema,
      storeIds: { type: 'array', title: t('menu.stores'), uniqueItems: true, items: choice(stores) as RJSFSchema },
    },
  };
};

/** Staff as PATCH /staff/:id takes them: the sign-in name and password are not edited here. */
export const staffEditSchema = async (t: T): Promise<RJSFSchema> => {
  const schema = await staffSchema(t);
  const { username: _username, password: _password, ...properties } = schema.properties ?? {};
  return { ...schema, required: ['name', 'roleId'], properties: { ...properties, active: { type: 'boolean', title: t('common.status') } } };
};

export const merchantSchema = async (t: T): Promise<RJSFSchema> => {
  const partners = await api.get<{ id: string; name: string }[]>('/platform/partners?_end=200');
  return {
    type: 'object', required: ['name', 'admin'],
    properties: {
      name: { type: 'string', title: t('common.name'), minLength: 1, maxLength: 100 },
      partnerId: { type: 'string', title: t('menu.partners'), oneOf: partners.map((p) => ({ const: p.id, title: p.name })) },
      subMchid: { type: 'string', title: t('partners.subMchid'), pattern: '^[0-9]{8,12}$' },
      admin: {
        type: 'object', title: t('fields.merchantAdmin'), required: ['username', 'password', 'name'],
        properties: {
          username: { type: 'string', title: t('login.username'), pattern: '^[A-Za-z0-9_.@-]{3,64}$' },
          password: { type: 'string', title: t('login.password'), minLength: 8, maxLength: 200 },
          name: { type: 'string', title: t('common.name'), minLength: 1, maxLength: 40 },
          phone: { type: 'string', title: t('fields.phone'), maxLength: 32 },
        },
      },
    },
  };
};

/** A partner starts with its name and ids; certificates and keys are entered on its checklist. */
export const partnerSchema = (t: T): RJSFSchema => ({
  type: 'object', required: ['name'],
  properties: {
    name: { type: 'string', title: t('common.name'), minLength: 1, maxLength: 100 },
    spMchid: { type: 'string', title: t('partners.mchid'), pattern: '^[0-9]{8,12}$' },
    officialAppid: { type: 'string', title: t('partners.appid'), pattern: '^wx[0-9a-f]{16}$' },
  },
});

/** A warehouse belongs to a store, or, without one, is a central warehouse of the merchant. */
export const warehouseSchema = async (t: T): Promise<RJSFSchema> => {
  const stores = await api.get<{ id: string; name: string }[]>('/stores?_end=200');
  return {
    type: 'object', required: ['name'],
    properties: {
      name: { type: 'string', title: t('common.name'), minLength: 1, maxLength: 60 },
      storeId: { type: 'string', title: t('app.store'), description: t('stock.storeHelp'), oneOf: stores.map((s) => ({ const: s.id, title: s.name })) },
    },
  };
};

/** Only the name of a warehouse changes; its store is fixed. */
export const warehouseEditSchema = (t: T): RJSFSchema => ({
  type: 'object', required: ['name'],
  properties: { name: { type: 'string', title: t('common.name'), minLength: 1, maxLength: 60 } },
});
