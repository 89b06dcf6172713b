import { listPage, newId, problemResponses, type ListQuery, type PluginContext } from '@lingshou/plugin-sdk';
import { errors } from './errors.ts';
import {
  templateBody, templateOutput, templateParams, templatePatch, templateQuery, type TemplateInput,
} from './templates.schemas.ts';
import type { PluginRoutes } from './types.ts';

interface TemplateRow {
  id: string;
  text: string;
  category: string;
  enabled: boolean;
  sort: number;
  created_at: Date;
  updated_at: Date;
}

const toApi = (row: TemplateRow) => ({
  id: row.id, text: row.text, category: row.category, enabled: row.enabled, sort: row.sort, createdAt: row.created_at, updatedAt: row.updated_at,
});

const columns = (input: Partial<TemplateInput>) => ({
  ...(input.text !== undefined ? { text: input.text.trim() } : {}),
  ...(input.category !== undefined ? { category: input.category.trim() } : {}),
  ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
  ...(input.sort !== undefined ? { sort: input.sort } : {}),
});

async function findTemplate(ctx: PluginContext, id: string): Promise<TemplateRow> {
  const row = await ctx.db('templates').where({ id }).first() as TemplateRow | undefined;
  if (!row) throw errors.LS_GREETINGS_TEMPLATE_NOT_FOUND();
  return row;
}

const read = { auth: 'staff', permission: 'order.read' } as const;
const manage = { auth: 'staff', permission: 'plugin.manage' } as const;
const tags = ['plugin: greetings'];

/**
 * 祝福语设置 (seed 2.4.3.9.1): the merchant's greeting templates, in Refine simple-rest shape so
 * the admin's schema-driven CRUD page uses them as they are. Anyone who may read orders may
 * list them (the till and the mall offer them); changing them takes plugin.manage.
 */
export const templatesRoutes: PluginRoutes = async (app, { inContext }) => {
  app.get<{ Querystring: ListQuery & { enabled?: boolean; category?: string } }>('/templates', {
    config: read,
    schema: { tags, querystring: templateQuery, response: { 200: { type: 'array', items: templateOutput }, ...problemResponses } },
  }, async (request, reply) => {
    const { enabled, category } = request.query;
    const page = await inContext(request, (ctx) => {
      const base = ctx.db('templates').select('*');
      if (enabled !== undefined) base.where({ enabled });
      if (category !== undefined) base.where({ category });
      return listPage<TemplateRow>(base, request.query, {
        sortable: { id: 'id', sort: 'sort', text: 'text', category: 'category', createdAt: 'created_at' }, defaultSort: 'sort', search: ['text', 'category'],
      });
    });
    reply.header('x-total-count', page.total);
    return page.rows.map(toApi);
  });

  // The mall's checkout offers the enabled templates to the signed-in customer.
  app.get('/mall/templates', {
    config: { auth: 'customer' },
    schema: { tags, description: 'The enabled greeting templates, for the mall\'s checkout.', response: { 200: { type: 'array', items: templateOutput }, ...problemResponses } },
  }, (request) => inContext(request, async (ctx) => {
    const rows = await ctx.db('templates').where({ enabled: true }).orderBy([{ column: 'sort' }, { column: 'id' }]).limit(100).select('*') as TemplateRow[];
    return rows.map(toApi);
  }));

  app.get<{ Params: { id: string } }>('/templates/:id', {
    config: read,
    schema: { tags, params: templateParams, response: { 200: templateOutput, ...problemResponses } },
  }, (request) => inContext(request, async (ctx) => toApi(await findTemplate(ctx, request.params.id))));

  app.post<{ Body: TemplateInput }>('/templates', {
    config: manage,
    schema: { tags, body: templateBody, response: { 201: templateOutput, ...problemResponses } },
  }, async (request, reply) => {
    const created = await inContext(request, async (ctx) => {
      const [row] = await ctx.db('templates').insert({ tenant_id: ctx.tenantId, id: newId(), ...columns(request.body) }).returning('*');
      return toApi(row as TemplateRow);
    });
    return reply.code(201).send(created);
  });

  app.patch<{ Params: { id: string }; Body: Partial<TemplateInput> }>('/templates/:id', {
    config: manage,
    schema: { tags, params: templateParams, body: templatePatch, response: { 200: templateOutput, ...problemResponses } },
  }, (request) => inContext(request, async (ctx) => {
    await findTemplate(ctx, request.params.id);
    const [row] = await ctx.db('templates').where({ id: request.params.id })
      .update({ ...columns(request.body), updated_at: new Date() }).returning('*');
    return toApi(row as TemplateRow);
  }));

  // Orders keep the text they were given, so deleting a template changes no order or receipt.
  app.delete<{ Params: { id: string } }>('/templates/:id', {
    config: manage,
    schema: { tags, params: templateParams, response: { 204: { type: 'null' }, ...problemResponses } },
  }, async (request, reply) => {
    await inContext(request, async (ctx) => {
      // Rows returned, not a count: on PGlite (knex-pglite) delete() resolves to the driver's result object.
      const deleted = await ctx.db('templates').where({ id: request.params.id }).delete().returning('id');
      if (deleted.length === 0) throw errors.LS_GREETINGS_TEMPLATE_NOT_FOUND();
    });
    return reply.code(204).send();
  });
};
