import type { PluginApi } from './api.ts';

/** A store as the kernel's GET /api/v1/stores answers it (the fields the picker shows). */
export interface Store { id: string; code: string; name: string; active: boolean }

/** A SKU on sale as the kernel's GET /api/v1/skus (the till's search) answers it. */
export interface SaleSku { id: string; name: string; specText: string; priceFen: number; code: string | null; barcode: string | null }

/** The kernel answers at most this many rows a page. */
const KERNEL_PAGE = 500;

export const priceText = (fen: number): string => `¥${(fen / 100).toFixed(2)}`;

/** How a SKU reads in the picker: product name, spec (none for a single-SKU product) and price in 元. */
export const skuText = (sku: SaleSku): string => [sku.name, sku.specText, priceText(sku.priceFen)].filter(Boolean).join(' ');

/** The merchant's stores the user may act in, by code (a coupon names at most 500). */
export async function loadStores(api: PluginApi): Promise<Store[]> {
  return (await api.kernel.list<Store>('/stores', { _sort: 'code', _end: KERNEL_PAGE })).items;
}

/** The first SKUs on sale whose product name, pinyin initials, code or barcode contain `q`. */
export async function searchSkus(api: PluginApi, q: string, limit = 20): Promise<SaleSku[]> {
  return (await api.kernel.list<SaleSku>('/skus', { q, _end: limit })).items;
}

/** The kernel's SKU list takes at most this many ids a call. */
const IDS_PER_CALL = 100;

/**
 * The SKUs with these ids, for a saved coupon's picker (`GET /skus?id=…&id=…`, a call per 100).
 * A SKU no longer on sale is not in that list and stays unfound.
 */
export async function findSkus(api: PluginApi, ids: string[]): Promise<Map<string, SaleSku>> {
  const found = new Map<string, SaleSku>();
  const unique = [...new Set(ids)];
  for (let start = 0; start < unique.length; start += IDS_PER_CALL) {
    const chunk = unique.slice(start, start + IDS_PER_CALL);
    const query = chunk.map((id) => `id=${encodeURIComponent(id)}`).join('&');
    const page = await api.kernel.list<SaleSku>(`/skus?${query}`, { _end: chunk.length });
    for (const sku of page.items) found.set(sku.id, sku);
  }
  return found;
}
