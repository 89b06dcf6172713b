import type { FastifyInstance, FastifyRequest } from 'fastify';
import { assertStoreAccess, tenantOf } from '../http/auth-guard.ts';
import type { Trx } from '../db/tenant-tx.ts';
import { idParams, problemResponses } from '../http/schemas.ts';
import { closeShiftBody, currentShiftOutput, currentShiftQuery, movementBody, openShiftBody, shiftOutput } from './shifts.schemas.ts';
import { addCashMovement, closeShift, currentShiftId, openShift, shiftReport, shiftStoreId } from './shifts.service.ts';

const collect = { auth: 'staff', permission: 'payment.collect' } as const;

/** Store-bound staff reach only their stores' shifts; others look like they don't exist. */
async function assertShiftAccess(request: FastifyRequest, trx: Trx, shiftId: string): Promise<void> {
  assertStoreAccess(request, await shiftStoreId(trx, shiftId));
}

/** The till's cash drawer (seed 6.11 钱箱): open a shift with a float, pay cash in and out, close with the count. */
export async function shiftsRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: { storeId: string } }>('/shifts/current', {
    config: collect,
    schema: {
      tags: ['shifts'], description: 'The signed-in cashier\'s open shift in a store with its running report, or null.',
      querystring: currentShiftQuery, response: { 200: currentShiftOutput, ...problemResponses },
    },
  }, (request) => {
    assertStoreAccess(request, request.query.storeId);
    return request.inTenant(async (trx) => {
      const id = await currentShiftId(trx, request.query.storeId, request.auth!.staffId!);
      return { shift: id ? await shiftReport(trx, id) : null };
    });
  });

  app.post<{ Body: { storeId: string; openingFloatFen: number } }>('/shifts', {
    config: collect,
    schema: { tags: ['shifts'], body: openShiftBody, response: { 201: shiftOutput, ...problemResponses } },
  }, async (request, reply) => {
    assertStoreAccess(request, request.body.storeId);
    const report = await request.inTenant(async (trx) => {
      const id = await openShift(trx, tenantOf(request), { ...request.body, staffId: request.auth!.staffId! });
      return shiftReport(trx, id);
    });
    return reply.code(201).send(report);
  });

  app.get<{ Params: { id: string } }>('/shifts/:id', {
    config: collect,
    schema: { tags: ['shifts'], params: idParams, response: { 200: shiftOutput, ...problemResponses } },
  }, (request) => request.inTenant(async (trx) => {
    await assertShiftAccess(request, trx, request.params.id);
    return shiftReport(trx, request.params.id);
  }));

  app.post<{ Params: { id: string }; Body: { kind: 'in' | 'out'; amountFen: number; reason: string } }>('/shifts/:id/movements', {
    config: collect,
    schema: {
      tags: ['shifts'], description: 'Cash paid into or taken out of the drawer during the shift.',
      params: idParams, body: movementBody, response: { 201: shiftOutput, ...problemResponses },
    },
  }, async (request, reply) => {
    const report = await request.inTenant(async (trx) => {
      await assertShiftAccess(request, trx, request.params.id);
      await addCashMovement(trx, tenantOf(request), request.params.id, request.body);
      return shiftReport(trx, request.params.id);
    });
    return reply.code(201).send(report);
  });

  app.post<{ Params: { id: string }; Body: { countedCashFen: number; note?: string } }>('/shifts/:id/close', {
    config: collect,
    schema: {
      tags: ['shifts'], description: 'Closes the shift with the cash counted; the report then keeps what was expected and the difference.',
      params: idParams, body: closeShiftBody, response: { 200: shiftOutput, ...problemResponses },
    },
  }, (request) => request.inTenant(async (trx) => {
    await assertShiftAccess(request, trx, request.params.id);
    await closeShift(trx, request.params.id, request.body);
    return shiftReport(trx, request.params.id);
  }));
}
