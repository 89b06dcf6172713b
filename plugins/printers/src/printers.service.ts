import type { AuthContext, PluginContext } from '@lingshou/plugin-sdk';
import { errors } from './errors.ts';
import type { PaperWidth } from './text-width.ts';
import type { Brand } from './vendors/vendor.ts';

export interface PrinterRow {
  id: string;
  store_id: string;
  brand: Brand;
  name: string;
  sn: string;
  paper_width: PaperWidth;
  copies: number;
  auto_print: boolean;
  title: string;
  created_at: Date;
  updated_at: Date;
}

export const toApi = (row: PrinterRow) => ({
  id: row.id, storeId: row.store_id, brand: row.brand, name: row.name, sn: row.sn, paperWidth: row.paper_width,
  copies: row.copies, autoPrint: row.auto_print, title: row.title, createdAt: row.created_at, updatedAt: row.updated_at,
});

/** A staff member bound to stores reaches only their printers and orders: others are 404, as in the kernel. */
export function checkStore(auth: AuthContext | null, storeId: string, field = 'storeId'): void {
  if (auth?.storeIds && !auth.storeIds.includes(storeId)) throw errors.LS_PRINTERS_STORE_NOT_FOUND(undefined, { field });
}

export async function findPrinter(ctx: PluginContext, id: string, auth: AuthContext | null): Promise<PrinterRow> {
  const row = await ctx.db('printers').where({ id }).first() as PrinterRow | undefined;
  if (!row || (auth?.storeIds && !auth.storeIds.includes(row.store_id))) throw errors.LS_PRINTERS_PRINTER_NOT_FOUND();
  return row;
}

export function storePrinters(ctx: PluginContext, storeId: string, options: { autoPrintOnly: boolean }): Promise<PrinterRow[]> {
  const query = ctx.db('printers').where({ store_id: storeId }).orderBy('created_at').orderBy('id');
  if (options.autoPrintOnly) query.where({ auto_print: true });
  return query.select('*') as Promise<PrinterRow[]>;
}
