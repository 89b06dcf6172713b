import { listPage, newId, problemResponses, type ListQuery } from '@lingshou/plugin-sdk';
import type { PrintersConfig } from './config.ts';
import { errors } from './errors.ts';
import {
  printerBody, printerOutput, printerParams, printerPatch, printerQuery, statusOutput, vendorProblems, type PrinterInput,
} from './printers.schemas.ts';
import { findPrinter, storeNames, storeOf, toApi, type PrinterRow } from './printers.service.ts';
import type { PluginRoutes } from './types.ts';
import { vendorFor } from './vendors/vendor.ts';

const manage = { auth: 'staff', permission: 'plugin.manage' } as const;
const tags = ['plugin: printers'];

/** Columns a printer's settings change (brand, sn and key are fixed once registered). */
const settings = (input: Partial<PrinterInput>) => ({
  ...(input.storeId !== undefined ? { store_id: input.storeId } : {}),
  ...(input.name !== undefined ? { name: input.name.trim() } : {}),
  ...(input.paperWidth !== undefined ? { paper_width: input.paperWidth } : {}),
  ...(input.copies !== undefined ? { copies: input.copies } : {}),
  ...(input.autoPrint !== undefined ? { auto_print: input.autoPrint } : {}),
  ...(input.title !== undefined ? { title: input.title.trim() } : {}),
});

/**
 * 打印机设置 (seed 5.1, 5.2): the shop's cloud printers, in Refine simple-rest shape for the
 * admin's schema-driven page. Adding one registers it at its cloud, deleting one removes it
 * there; the cloud is called outside any transaction, so no connection waits on it.
 */
export const printersRoutes: PluginRoutes = async (app, { inContext }) => {
  app.get<{ Querystring: ListQuery & { storeId?: string; brand?: string } }>('/printers', {
    config: manage,
    schema: { tags, querystring: printerQuery, response: { 200: { type: 'array', items: printerOutput }, ...problemResponses } },
  }, async (request, reply) => {
    const { storeId, brand } = request.query;
    const { page, names } = await inContext(request, async (ctx) => {
      const base = ctx.db('printers').select('*');
      if (storeId) base.where({ store_id: storeId });
      if (brand) base.where({ brand });
      if (request.auth?.storeIds) base.whereIn('store_id', request.auth.storeIds);
      return {
        page: await listPage<PrinterRow>(base, request.query, {
          sortable: { id: 'id', name: 'name', createdAt: 'created_at', storeId: 'store_id' }, defaultSort: 'createdAt', search: ['name', 'sn', 'title'],
        }),
        names: await storeNames(ctx),
      };
    });
    reply.header('x-total-count', page.total);
    return page.rows.map((row) => toApi(row, names));
  });

  app.get<{ Params: { id: string } }>('/printers/:id', {
    config: manage,
    schema: { tags, params: printerParams, response: { 200: printerOutput, ...problemResponses } },
  }, (request) => inContext(request, async (ctx) => toApi(await findPrinter(ctx, request.params.id, request.auth), await storeNames(ctx))));

  app.post<{ Body: PrinterInput }>('/printers', {
    config: manage,
    schema: {
      tags, description: 'Adds a printer: registered at its cloud (Feie Open_printerAddlist, Yilianyun addprinter) with its key, which is not stored.',
      body: printerBody, response: { 201: printerOutput, ...vendorProblems },
    },
  }, async (request, reply) => {
    const input = request.body;
    const { vendor, store } = await inContext(request, async (ctx) => {
      const shopStore = await storeOf(ctx, input.storeId, request.auth);
      if (await ctx.db('printers').where({ brand: input.brand, sn: input.sn }).first('id')) throw errors.LS_PRINTERS_PRINTER_EXISTS(undefined, { field: 'sn' });
      return { vendor: vendorFor(input.brand, ctx.config as PrintersConfig), store: shopStore };
    });
    await vendor.register({ sn: input.sn, key: input.key, name: input.name.trim() });
    const created = await inContext(request, async (ctx) => {
      const [row] = await ctx.db('printers').insert({ tenant_id: ctx.tenantId, id: newId(), brand: input.brand, sn: input.sn, ...settings(input) })
        .onConflict(['tenant_id', 'brand', 'sn']).ignore().returning('*');
      if (!row) throw errors.LS_PRINTERS_PRINTER_EXISTS(undefined, { field: 'sn' });
      return toApi(row as PrinterRow, new Map([[store.id, store.name]]));
    });
    return reply.code(201).send(created);
  });

  app.patch<{ Params: { id: string }; Body: Partial<PrinterInput> }>('/printers/:id', {
    config: manage,
    schema: {
      tags, description: 'Changes a printer\'s settings; the admin\'s edit form sends the whole form back, with brand and sn unchanged.',
      params: printerParams, body: printerPatch, response: { 200: printerOutput, ...problemResponses },
    },
  }, (request) => inContext(request, async (ctx) => {
    const row = await findPrinter(ctx, request.params.id, request.auth);
    const { brand, sn, key, storeId } = request.body;
    if (brand !== undefined && brand !== row.brand) throw errors.LS_PRINTERS_PRINTER_FIXED(undefined, { field: 'brand' });
    if (sn !== undefined && sn !== row.sn) throw errors.LS_PRINTERS_PRINTER_FIXED(undefined, { field: 'sn' });
    if (key !== undefined) throw errors.LS_PRINTERS_PRINTER_FIXED(undefined, { field: 'key' });
    const store = await storeOf(ctx, storeId ?? row.store_id, request.auth);
    const [updated] = await ctx.db('printers').where({ id: row.id }).update({ ...settings(request.body), updated_at: new Date() }).returning('*');
    return toApi(updated as PrinterRow, new Map([[store.id, store.name]]));
  }));

  app.delete<{ Params: { id: string } }>('/printers/:id', {
    config: manage,
    schema: { tags, description: 'Removes the printer at its cloud, then here (with its print jobs).', params: printerParams, response: { 204: { type: 'null' }, ...vendorProblems } },
  }, async (request, reply) => {
    const { row, vendor } = await inContext(request, async (ctx) => {
      const printer = await findPrinter(ctx, request.params.id, request.auth);
      return { row: printer, vendor: vendorFor(printer.brand, ctx.config as PrintersConfig) };
    });
    await vendor.remove(row.sn);
    await inContext(request, (ctx) => ctx.db('printers').where({ id: row.id }).delete().returning('id'));
    return reply.code(204).send();
  });

  app.get<{ Params: { id: string } }>('/printers/:id/status', {
    config: manage,
    schema: { tags, description: 'Asks the printer\'s cloud whether it is online (Feie Open_queryPrinterStatus, Yilianyun getprintstatus).', params: printerParams, response: { 200: statusOutput, ...vendorProblems } },
  }, async (request) => {
    const { row, vendor } = await inContext(request, async (ctx) => {
      const printer = await findPrinter(ctx, request.params.id, request.auth);
      return { row: printer, vendor: vendorFor(printer.brand, ctx.config as PrintersConfig) };
    });
    return { id: row.id, ...(await vendor.status(row.sn)), checkedAt: new Date() };
  });
};
