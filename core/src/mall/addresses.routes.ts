import type { FastifyInstance } from 'fastify';
import { idParams, problemResponses } from '../http/schemas.ts';
import { tenantOf } from '../http/auth-guard.ts';
import { createAddress, deleteAddress, listAddresses, updateAddress, type AddressInput } from './addresses.service.ts';
import { address, addressBody } from './mall.schemas.ts';

const customer = { auth: 'customer' } as const;

/** The signed-in customer's address book. */
export async function addressesRoutes(app: FastifyInstance): Promise<void> {
  app.get('/mall/addresses', {
    config: customer,
    schema: { tags: ['mall'], response: { 200: { type: 'array', items: address }, ...problemResponses } },
  }, (request) => request.inTenant((trx) => listAddresses(trx, request.auth!.customerId!)));

  app.post<{ Body: AddressInput }>('/mall/addresses', {
    config: customer,
    schema: { tags: ['mall'], body: addressBody, response: { 201: address, ...problemResponses } },
  }, async (request, reply) => {
    const created = await request.inTenant((trx) => createAddress(trx, tenantOf(request), request.auth!.customerId!, request.body));
    return reply.code(201).send(created);
  });

  app.patch<{ Params: { id: string }; Body: Partial<AddressInput> }>('/mall/addresses/:id', {
    config: customer,
    schema: { tags: ['mall'], params: idParams, body: { ...addressBody, required: [] }, response: { 200: address, ...problemResponses } },
  }, (request) => request.inTenant((trx) => updateAddress(trx, request.auth!.customerId!, request.params.id, request.body)));

  app.delete<{ Params: { id: string } }>('/mall/addresses/:id', {
    config: customer,
    schema: { tags: ['mall'], params: idParams, response: { 204: { type: 'null' }, ...problemResponses } },
  }, async (request, reply) => {
    await request.inTenant((trx) => deleteAddress(trx, request.auth!.customerId!, request.params.id));
    return reply.code(204).send();
  });
}
