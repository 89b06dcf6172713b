import type { FastifyInstance } from 'fastify';
import { idParams, listQueryProperties, problemResponses, uuid } from '../http/schemas.ts';
import { listPage, type ListQuery } from '../http/list-query.ts';
import { partnerInput, partnerOutput, merchantInput, merchantOutput, merchantUpdate } from './tenancy.schemas.ts';
import { createPartner, getPartner, partnerToApi, partnersQuery, updatePartner, type PartnerInput } from './partners.service.ts';
import { createMerchant, getMerchant, merchantToApi, updateMerchant, type MerchantInput, type MerchantUpdate } from './merchants.service.ts';

const listQuery = { type: 'object', properties: listQueryProperties, additionalProperties: false } as const;
const merchantListQuery = { type: 'object', properties: { ...listQueryProperties, partnerId: uuid }, additionalProperties: false } as const;
const partnerUpdate = { ...partnerInput, required: [] } as const;

/** The operator's API: partners (WeChat Pay service providers) and the merchants under them. */
export async function tenancyRoutes(app: FastifyInstance): Promise<void> {
  const platform = { auth: 'platform' } as const;
  const knex = app.db.knex;

  app.get<{ Querystring: ListQuery }>('/platform/partners', {
    config: platform,
    schema: { tags: ['platform'], querystring: listQuery, response: { 200: { type: 'array', items: partnerOutput }, ...problemResponses } },
  }, async (request, reply) => {
    const page = await listPage<Parameters<typeof partnerToApi>[0]>(partnersQuery(knex), request.query, {
      sortable: { id: 'id', name: 'name', createdAt: 'created_at' }, defaultSort: 'createdAt', search: ['name', 'sp_mchid'],
    });
    reply.header('x-total-count', page.total);
    return page.rows.map(partnerToApi);
  });

  app.post<{ Body: PartnerInput }>('/platform/partners', {
    config: platform,
    schema: { tags: ['platform'], body: partnerInput, response: { 201: partnerOutput, ...problemResponses } },
  }, async (request, reply) => reply.code(201).send(await createPartner(knex, app.config.masterKey, request.body)));

  app.get<{ Params: { id: string } }>('/platform/partners/:id', {
    config: platform,
    schema: { tags: ['platform'], params: idParams, response: { 200: partnerOutput, ...problemResponses } },
  }, (request) => getPartner(knex, request.params.id));

  app.patch<{ Params: { id: string }; Body: Partial<PartnerInput> }>('/platform/partners/:id', {
    config: platform,
    schema: { tags: ['platform'], params: idParams, body: partnerUpdate, response: { 200: partnerOutput, ...problemResponses } },
  }, (request) => updatePartner(knex, app.config.masterKey, request.params.id, request.body));

  app.get<{ Querystring: ListQuery & { partnerId?: string } }>('/platform/merchants', {
    config: platform,
    schema: {
      tags: ['platform'], querystring: merchantListQuery,
      response: { 200: { type: 'array', items: merchantOutput }, ...problemResponses },
    },
  }, async (request, reply) => {
    const base = knex('tenants').select('*');
    if (request.query.partnerId) base.where({ partner_id: request.query.partnerId });
    const page = await listPage<Parameters<typeof merchantToApi>[0]>(base, request.query, {
      sortable: { id: 'id', name: 'name', createdAt: 'created_at' }, defaultSort: 'createdAt', search: ['name', 'sub_mchid'],
    });
    reply.header('x-total-count', page.total);
    return page.rows.map(merchantToApi);
  });

  app.post<{ Body: MerchantInput }>('/platform/merchants', {
    config: platform,
    schema: { tags: ['platform'], body: merchantInput, response: { 201: merchantOutput, ...problemResponses } },
  }, async (request, reply) => reply.code(201).send(await createMerchant(knex, request.body)));

  app.get<{ Params: { id: string } }>('/platform/merchants/:id', {
    config: platform,
    schema: { tags: ['platform'], params: idParams, response: { 200: merchantOutput, ...problemResponses } },
  }, (request) => getMerchant(knex, request.params.id));

  app.patch<{ Params: { id: string }; Body: MerchantUpdate }>('/platform/merchants/:id', {
    config: platform,
    schema: { tags: ['platform'], params: idParams, body: merchantUpdate, response: { 200: merchantOutput, ...problemResponses } },
  }, (request) => updateMerchant(knex, request.params.id, request.body));

  // The signed-in merchant's own record, read under its row-level security.
  app.get('/merchant', {
    config: { auth: 'staff' },
    schema: { tags: ['merchant'], response: { 200: merchantOutput, ...problemResponses } },
  }, (request) => request.inTenant((trx) => getMerchant(trx, request.auth!.tenantId!)));
}
