import type { FastifyInstance } from 'fastify';
import { tenantOf } from '../http/auth-guard.ts';
import { idParams, problemResponses } from '../http/schemas.ts';
import { passwordReset, staffCreate, staffListQuery, staffOutput, staffUpdate } from './staff.schemas.ts';
import {
  createStaff, getStaff, listStaff, resetStaffPassword, updateStaff,
  type StaffInput, type StaffListQuery, type StaffUpdate,
} from './staff.service.ts';

/**
 * Staff (seed 2.1.3 门店添加收银员/导购员, 2.1.4 门店权限设置). There is no DELETE: the ledger
 * and orders name staff for good, so leaving is `active: false`, which also ends the login.
 */
export async function staffRoutes(app: FastifyInstance): Promise<void> {
  const knex = app.db.knex;

  app.get<{ Querystring: StaffListQuery }>('/staff', {
    config: { auth: 'staff', permission: 'staff.read' },
    schema: { tags: ['staff'], querystring: staffListQuery, response: { 200: { type: 'array', items: staffOutput }, ...problemResponses } },
  }, async (request, reply) => {
    const page = await listStaff(knex, tenantOf(request), request.auth!, request.query);
    reply.header('x-total-count', page.total);
    return page.rows;
  });

  app.post<{ Body: StaffInput }>('/staff', {
    config: { auth: 'staff', permission: 'staff.write' },
    schema: { tags: ['staff'], body: staffCreate, response: { 201: staffOutput, ...problemResponses } },
  }, async (request, reply) => reply.code(201).send(await createStaff(knex, tenantOf(request), request.auth!, request.body)));

  app.get<{ Params: { id: string } }>('/staff/:id', {
    config: { auth: 'staff', permission: 'staff.read' },
    schema: { tags: ['staff'], params: idParams, response: { 200: staffOutput, ...problemResponses } },
  }, (request) => getStaff(knex, tenantOf(request), request.auth!, request.params.id));

  app.patch<{ Params: { id: string }; Body: StaffUpdate }>('/staff/:id', {
    config: { auth: 'staff', permission: 'staff.write' },
    schema: { tags: ['staff'], params: idParams, body: staffUpdate, response: { 200: staffOutput, ...problemResponses } },
  }, (request) => updateStaff(knex, tenantOf(request), request.auth!, request.params.id, request.body));

  app.post<{ Params: { id: string }; Body: { password: string } }>('/staff/:id/password', {
    config: { auth: 'staff', permission: 'staff.write' },
    schema: { tags: ['staff'], params: idParams, body: passwordReset, response: { 204: { type: 'null' }, ...problemResponses } },
  }, async (request, reply) => {
    await resetStaffPassword(knex, tenantOf(request), request.auth!, request.params.id, request.body.password);
    return reply.code(204).send();
  });
}
