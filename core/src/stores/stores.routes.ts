import type { FastifyInstance } from 'fastify';
import { assertStoreAccess, tenantOf } from '../http/auth-guard.ts';
import { idParams, listQueryProperties, objectSchema, problemResponses, text, uuid, timestamp } from '../http/schemas.ts';
import { listPage, type ListQuery } from '../http/list-query.ts';
import { storeSettingsSchema } from './store-settings.ts';
import {
  createStore, getStoreRow, getStoreSettings, storeToApi, updateStore, updateStoreSettings,
  type StoreInput, type StoreRow,
} from './stores.service.ts';

const storeFields = {
  code: { type: 'string', pattern: '^[A-Za-z0-9]{1,16}$' },
  name: text(60, 1),
  address: text(200),
  phone: text(32),
  franchise: { type: 'boolean' },
  consignment: { type: 'boolean' },
  active: { type: 'boolean' },
} as const;

const storeOutput = {
  type: 'object',
  properties: {
    id: uuid, code: { type: 'string' }, name: { type: 'string' }, address: { type: 'string' },
    phone: { type: 'string' }, franchise: { type: 'boolean' }, consignment: { type: 'boolean' },
    active: { type: 'boolean' }, createdAt: timestamp, updatedAt: timestamp,
  },
} as const;

// The settings document is returned whole; a PATCH names only what changes.
const settingsPatch = { ...storeSettingsSchema, properties: stripDefaults(storeSettingsSchema.properties) };

function stripDefaults(properties: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(properties)) {
    const { default: _default, properties: nested, ...rest } = value as Record<string, unknown>;
    out[key] = nested ? { ...rest, properties: stripDefaults(nested as Record<string, unknown>) } : rest;
  }
  return out;
}

export async function storesRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: ListQuery }>('/stores', {
    config: { auth: 'staff', permission: 'store.read' },
    schema: {
      tags: ['stores'],
      querystring: { type: 'object', properties: listQueryProperties, additionalProperties: false },
      response: { 200: { type: 'array', items: storeOutput }, ...problemResponses },
    },
  }, async (request, reply) => {
    const storeIds = request.auth!.storeIds;
    const page = await request.inTenant((trx) => {
      const base = trx('stores').select('*');
      if (storeIds) base.whereIn('id', storeIds);
      return listPage<StoreRow>(base, request.query, {
        sortable: { id: 'id', code: 'code', name: 'name', createdAt: 'created_at' }, defaultSort: 'code', search: ['name', 'code'],
      });
    });
    reply.header('x-total-count', page.total);
    return page.rows.map(storeToApi);
  });

  app.post<{ Body: StoreInput }>('/stores', {
    config: { auth: 'staff', permission: 'store.write' },
    schema: { tags: ['stores'], body: objectSchema(storeFields, ['code', 'name']), response: { 201: storeOutput, ...problemResponses } },
  }, async (request, reply) => reply.code(201).send(await request.inTenant((trx) => createStore(trx, tenantOf(request), request.body))));

  app.get<{ Params: { id: string } }>('/stores/:id', {
    config: { auth: 'staff', permission: 'store.read' },
    schema: { tags: ['stores'], params: idParams, response: { 200: storeOutput, ...problemResponses } },
  }, async (request) => {
    assertStoreAccess(request, request.params.id);
    return storeToApi(await request.inTenant((trx) => getStoreRow(trx, request.params.id)));
  });

  app.patch<{ Params: { id: string }; Body: Partial<StoreInput> }>('/stores/:id', {
    config: { auth: 'staff', permission: 'store.write' },
    schema: { tags: ['stores'], params: idParams, body: objectSchema(storeFields), response: { 200: storeOutput, ...problemResponses } },
  }, (request) => request.inTenant((trx) => updateStore(trx, request.params.id, request.body)));

  app.get('/stores/settings-schema', {
    config: { auth: 'staff', permission: 'store.read' },
    schema: { tags: ['stores'], description: 'The JSON Schema of a store settings document, for forms.', response: { 200: { type: 'object', additionalProperties: true } } },
  }, () => storeSettingsSchema);

  app.get<{ Params: { id: string } }>('/stores/:id/settings', {
    config: { auth: 'staff', permission: 'store.read' },
    schema: { tags: ['stores'], params: idParams, response: { 200: storeSettingsSchema, ...problemResponses } },
  }, async (request) => {
    assertStoreAccess(request, request.params.id);
    return request.inTenant((trx) => getStoreSettings(trx, request.params.id));
  });

  app.patch<{ Params: { id: string }; Body: Record<string, unknown> }>('/stores/:id/settings', {
    config: { auth: 'staff', permission: 'settings.write' },
    schema: { tags: ['stores'], params: idParams, body: settingsPatch, response: { 200: storeSettingsSchema, ...problemResponses } },
  }, async (request) => {
    assertStoreAccess(request, request.params.id);
    return request.inTenant((trx) => updateStoreSettings(trx, request.params.id, request.body));
  });
}
