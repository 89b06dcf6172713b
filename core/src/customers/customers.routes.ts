import type { FastifyInstance, FastifyRequest } from 'fastify';
import { errors } from '../errors.ts';
import { tenantOf } from '../http/auth-guard.ts';
import { idParams, problemResponses } from '../http/schemas.ts';
import { listPage, type ListQuery } from '../http/list-query.ts';
import { customerCreate, customerListQuery, customerOutput, customerUpdate, lookupQuery } from './customers.schemas.ts';
import {
  createCustomer, customersQuery, customerToApi, getCustomerRow, lookupCustomer, updateCustomer,
  type CustomerInput, type CustomerListQuery, type CustomerRow,
} from './customers.service.ts';

/** Store-bound staff register members only to their own stores. */
function assertHomeStoreAccess(request: FastifyRequest, storeId: string | null | undefined): void {
  const scope = request.auth!.storeIds;
  if (storeId && scope && !scope.includes(storeId)) throw errors.LS_RESOURCE_NOT_FOUND('Store not found', { field: 'homeStoreId' });
}

/**
 * Members (会员). They belong to the merchant, not to a store: a member registered in one store
 * shops in every other, so store-bound staff find and serve all of them.
 */
export async function customersRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: ListQuery & CustomerListQuery }>('/customers', {
    config: { auth: 'staff', permission: 'customer.read' },
    schema: { tags: ['customers'], querystring: customerListQuery, response: { 200: { type: 'array', items: customerOutput }, ...problemResponses } },
  }, async (request, reply) => {
    const { homeStoreId } = request.query;
    assertHomeStoreAccess(request, homeStoreId);
    const page = await request.inTenant((trx) => {
      const base = customersQuery(trx);
      if (homeStoreId) base.where({ home_store_id: homeStoreId });
      return listPage<CustomerRow>(base, request.query, {
        sortable: { id: 'id', name: 'name', phone: 'phone', memberCode: 'member_code', createdAt: 'created_at' },
        defaultSort: 'createdAt', search: ['phone', 'name', 'member_code'],
      });
    });
    reply.header('x-total-count', page.total);
    return page.rows.map(customerToApi);
  });

  app.get<{ Querystring: { code: string } }>('/customers/lookup', {
    config: { auth: 'staff', permission: 'customer.read' },
    schema: { tags: ['customers'], querystring: lookupQuery, response: { 200: customerOutput, ...problemResponses } },
  }, (request) => request.inTenant((trx) => lookupCustomer(trx, request.query.code)));

  app.post<{ Body: CustomerInput }>('/customers', {
    config: { auth: 'staff', permission: 'customer.write' },
    schema: { tags: ['customers'], body: customerCreate, response: { 201: customerOutput, ...problemResponses } },
  }, async (request, reply) => {
    assertHomeStoreAccess(request, request.body.homeStoreId);
    return reply.code(201).send(await request.inTenant((trx) => createCustomer(trx, tenantOf(request), request.body)));
  });

  app.get<{ Params: { id: string } }>('/customers/:id', {
    config: { auth: 'staff', permission: 'customer.read' },
    schema: { tags: ['customers'], params: idParams, response: { 200: customerOutput, ...problemResponses } },
  }, async (request) => customerToApi(await request.inTenant((trx) => getCustomerRow(trx, request.params.id))));

  app.patch<{ Params: { id: string }; Body: Partial<CustomerInput> }>('/customers/:id', {
    config: { auth: 'staff', permission: 'customer.write' },
    schema: { tags: ['customers'], params: idParams, body: customerUpdate, response: { 200: customerOutput, ...problemResponses } },
  }, (request) => {
    assertHomeStoreAccess(request, request.body.homeStoreId);
    return request.inTenant((trx) => updateCustomer(trx, request.params.id, request.body));
  });
}
