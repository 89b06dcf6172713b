import type { FastifyInstance } from 'fastify';
import { tenantOf } from '../http/auth-guard.ts';
import { listPage, type ListQuery } from '../http/list-query.ts';
import { idParams, objectSchema, problemResponses } from '../http/schemas.ts';
import { categoryFields, categoryListQuery, categoryNode, categoryOutput } from './catalog.schemas.ts';
import {
  categoryToApi, categoryTree, createCategory, deleteCategory, getCategoryRow, updateCategory,
  type CategoryInput, type CategoryRow,
} from './categories.service.ts';

const read = { auth: 'staff', permission: 'catalog.read' } as const;
const write = { auth: 'staff', permission: 'catalog.write' } as const;

export async function categoriesRoutes(app: FastifyInstance): Promise<void> {
  app.addSchema(categoryNode);

  app.get<{ Querystring: ListQuery & { parentId?: string } }>('/categories', {
    config: read,
    schema: {
      tags: ['catalog'], description: 'Categories as a flat list (each with parentId).', querystring: categoryListQuery,
      response: { 200: { type: 'array', items: categoryOutput }, ...problemResponses },
    },
  }, async (request, reply) => {
    const { parentId } = request.query;
    const page = await request.inTenant((trx) => listPage<CategoryRow>(
      parentId ? trx('categories').select('*').where({ parent_id: parentId }) : trx('categories').select('*'),
      request.query,
      { sortable: { id: 'id', name: 'name', sort: 'sort', createdAt: 'created_at' }, defaultSort: 'sort', search: ['name'] },
    ));
    reply.header('x-total-count', page.total);
    return page.rows.map(categoryToApi);
  });

  app.get('/categories/tree', {
    config: read,
    schema: {
      tags: ['catalog'], description: 'The whole category tree; siblings ordered by sort, then name.',
      response: { 200: { type: 'array', items: { $ref: 'CatalogCategoryNode#' } }, ...problemResponses },
    },
  }, (request) => request.inTenant((trx) => categoryTree(trx)));

  app.post<{ Body: CategoryInput }>('/categories', {
    config: write,
    schema: { tags: ['catalog'], body: objectSchema(categoryFields, ['name']), response: { 201: categoryOutput, ...problemResponses } },
  }, async (request, reply) => reply.code(201).send(await request.inTenant((trx) => createCategory(trx, tenantOf(request), request.body))));

  app.get<{ Params: { id: string } }>('/categories/:id', {
    config: read,
    schema: { tags: ['catalog'], params: idParams, response: { 200: categoryOutput, ...problemResponses } },
  }, async (request) => categoryToApi(await request.inTenant((trx) => getCategoryRow(trx, request.params.id))));

  app.patch<{ Params: { id: string }; Body: Partial<CategoryInput> }>('/categories/:id', {
    config: write,
    schema: {
      tags: ['catalog'], description: 'Moving a category under itself or one of its subcategories is refused (LS_CATALOG_CATEGORY_CYCLE).',
      params: idParams, body: objectSchema(categoryFields), response: { 200: categoryOutput, ...problemResponses },
    },
  }, (request) => request.inTenant((trx) => updateCategory(trx, tenantOf(request), request.params.id, request.body)));

  app.delete<{ Params: { id: string } }>('/categories/:id', {
    config: write,
    schema: {
      tags: ['catalog'], description: 'Refused while it has subcategories or products (LS_RESOURCE_IN_USE).',
      params: idParams, response: { 204: { type: 'null' }, ...problemResponses },
    },
  }, async (request, reply) => {
    await request.inTenant((trx) => deleteCategory(trx, request.params.id));
    return reply.code(204).send();
  });
}
