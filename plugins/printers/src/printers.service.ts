import { LingshouError, type AuthContext, type PluginContext, type Store } from '@lingshou/plugin-sdk';
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
  /** 小票抬头 over the store's name; empty: the store's name. */
  title: string;
  created_at: Date;
  updated_at: Date;
}

/** A printer as the API shows it, with its store's name (`storeNames`: id → name, from ctx.kernel.stores). */
export const toApi = (row: PrinterRow, storeNames: Map<string, string>) => ({
  id: row.id, storeId: row.store_id, storeName: storeNames.get(row.store_id) ?? null, brand: row.brand, name: row.name, sn: row.sn,
  paperWidth: row.paper_width, copies: row.copies, autoPrint: row.auto_print, title: row.title, createdAt: row.created_at, updatedAt: row.updated_at,
});

/** The merchant's stores by id, for their names. */
export async function storeNames(ctx: PluginContext): Promise<Map<string, string>> {
  return new Map((await ctx.kernel.stores.list()).map((store) => [store.id, store.name]));
}

/** A staff member bound to stores reaches only their printers and orders: others are 404, as in the kernel. */
function checkStore(auth: AuthContext | null, storeId: string, field = 'storeId'): void {
  if (auth?.storeIds && !auth.storeIds.includes(storeId)) throw errors.LS_PRINTERS_STORE_NOT_FOUND(undefined, { field });
}

/**
 * One of the merchant's stores that the staff member may act in: an unknown id, another
 * merchant's store or another store than theirs is 404 naming `field`.
 */
export async function storeOf(ctx: PluginContext, storeId: string, auth: AuthContext | null, field = 'storeId'): Promise<Store> {
  checkStore(auth, storeId, field);
  try {
    return await ctx.kernel.stores.get(storeId);
  } catch (error) {
    if (error instanceof LingshouError && error.statusCode === 404) throw errors.LS_PRINTERS_STORE_NOT_FOUND(undefined, { field });
    throw error;
  }
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
