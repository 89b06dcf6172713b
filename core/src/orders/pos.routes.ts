import type { FastifyInstance } from 'fastify';
import { assertStoreAccess, tenantOf } from '../http/auth-guard.ts';
import { errors, LingshouError } from '../errors.ts';
import { idParams, objectSchema, problemResponses, text, uuid } from '../http/schemas.ts';
import { findSkuByCode } from '../catalog/skus.service.ts';
import { renderReceipt } from './receipt.ts';

const scanResult = {
  type: 'object',
  properties: {
    kind: { type: 'string' }, label: { type: 'string' }, source: { type: 'string' },
    data: { type: 'object', additionalProperties: true },
  },
} as const;

const receiptOutput = {
  type: 'object',
  properties: {
    orderId: uuid,
    blocks: {
      type: 'array',
      items: { type: 'object', properties: { source: { type: 'string' }, kind: { type: 'string' }, text: { type: 'string' } } },
    },
  },
} as const;

/** The till's server side: what a scanned code is, and an order's receipt. */
export async function posRoutes(app: FastifyInstance): Promise<void> {
  app.post<{ Body: { storeId: string; code: string; customerId?: string } }>('/pos/scan', {
    config: { auth: 'staff', permission: 'order.create' },
    schema: {
      tags: ['pos'],
      description: 'Recognises a scanned code: a product barcode or SKU code first, then each enabled plugin\'s pos.scan handler (scale barcode, coupon, card).',
      body: objectSchema({ storeId: uuid, code: text(128, 1), customerId: uuid }, ['storeId', 'code']),
      response: { 200: scanResult, ...problemResponses },
    },
  }, async (request) => {
    const { storeId, code, customerId } = request.body;
    assertStoreAccess(request, storeId);
    const tenantId = tenantOf(request);
    return request.inTenant(async (trx) => {
      try {
        const sku = await findSkuByCode(trx, code);
        return { kind: 'sku', source: 'kernel', label: `${sku.name}${sku.specText ? ` ${sku.specText}` : ''}`, data: { ...sku } };
      } catch (error) {
        if (!(error instanceof LingshouError && error.code === 'LS_RESOURCE_NOT_FOUND')) throw error;
      }
      const input = { code, storeId, customerId: customerId ?? null };
      const result = await app.hooks.call('pos.scan', input, { trx, tenantId, info: input });
      if (!result) throw errors.LS_RESOURCE_NOT_FOUND('Nothing in this shop has this code', { field: 'code' });
      return result;
    });
  });

  app.get<{ Params: { id: string } }>('/orders/:id/receipt', {
    config: { auth: 'staff', permission: 'order.read' },
    schema: { tags: ['pos'], params: idParams, response: { 200: receiptOutput, ...problemResponses } },
  }, (request) => request.inTenant(async (trx) => {
    const order = await trx('orders').where({ id: request.params.id }).first('store_id');
    if (order) assertStoreAccess(request, order.store_id as string);
    return renderReceipt(trx, app.hooks, tenantOf(request), request.params.id);
  }));
}
