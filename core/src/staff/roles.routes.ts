import type { FastifyInstance } from 'fastify';
import { tenantOf } from '../http/auth-guard.ts';
import { idParams, listQueryProperties, objectSchema, problemResponses, text, timestamp, uuid } from '../http/schemas.ts';
import { listPage, type ListQuery } from '../http/list-query.ts';
import { permissions } from './permissions.ts';
import { permissionCatalogue } from './permission-labels.ts';
import { createRole, deleteRole, getRoleRow, roleToApi, rolesQuery, updateRole, type RoleInput, type RoleRow } from './roles.service.ts';

const roleFields = {
  name: text(40, 1),
  permissions: { type: 'array', maxItems: permissions.length, uniqueItems: true, items: { type: 'string', enum: permissions } },
} as const;

const roleOutput = {
  type: 'object',
  properties: {
    id: uuid, name: { type: 'string' }, builtin: { type: ['string', 'null'] },
    permissions: { type: 'array', items: { type: 'string' } }, staffCount: { type: 'integer' },
    createdAt: timestamp, updatedAt: timestamp,
  },
} as const;

const permissionOutput = {
  type: 'object',
  properties: { name: { type: 'string' }, label: { type: 'string' }, area: { type: 'string' }, areaLabel: { type: 'string' } },
} as const;

/** Roles (seed 2.1.2 商户添加角色) and the permission catalogue their editor offers. */
export async function rolesRoutes(app: FastifyInstance): Promise<void> {
  app.get('/permissions', {
    config: { auth: 'staff', permission: 'staff.read' },
    schema: { tags: ['staff'], response: { 200: { type: 'array', items: permissionOutput }, ...problemResponses } },
  }, () => permissionCatalogue());

  app.get<{ Querystring: ListQuery }>('/roles', {
    config: { auth: 'staff', permission: 'staff.read' },
    schema: {
      tags: ['staff'],
      querystring: { type: 'object', properties: listQueryProperties, additionalProperties: false },
      response: { 200: { type: 'array', items: roleOutput }, ...problemResponses },
    },
  }, async (request, reply) => {
    const page = await request.inTenant((trx) => listPage<RoleRow>(rolesQuery(trx), request.query, {
      sortable: { id: 'r.id', name: 'r.name', createdAt: 'r.created_at' }, defaultSort: 'createdAt', search: ['r.name'],
    }));
    reply.header('x-total-count', page.total);
    return page.rows.map(roleToApi);
  });

  app.post<{ Body: RoleInput }>('/roles', {
    config: { auth: 'staff', permission: 'staff.write' },
    schema: { tags: ['staff'], body: objectSchema(roleFields, ['name', 'permissions']), response: { 201: roleOutput, ...problemResponses } },
  }, async (request, reply) => reply.code(201).send(
    await request.inTenant((trx) => createRole(trx, tenantOf(request), request.auth!, request.body)),
  ));

  app.get<{ Params: { id: string } }>('/roles/:id', {
    config: { auth: 'staff', permission: 'staff.read' },
    schema: { tags: ['staff'], params: idParams, response: { 200: roleOutput, ...problemResponses } },
  }, async (request) => roleToApi(await request.inTenant((trx) => getRoleRow(trx, request.params.id))));

  app.patch<{ Params: { id: string }; Body: Partial<RoleInput> }>('/roles/:id', {
    config: { auth: 'staff', permission: 'staff.write' },
    schema: { tags: ['staff'], params: idParams, body: objectSchema(roleFields), response: { 200: roleOutput, ...problemResponses } },
  }, (request) => request.inTenant((trx) => updateRole(trx, request.auth!, request.params.id, request.body)));

  app.delete<{ Params: { id: string } }>('/roles/:id', {
    config: { auth: 'staff', permission: 'staff.write' },
    schema: { tags: ['staff'], params: idParams, response: { 204: { type: 'null' }, ...problemResponses } },
  }, async (request, reply) => {
    await request.inTenant((trx) => deleteRole(trx, request.auth!, request.params.id));
    return reply.code(204).send();
  });
}
