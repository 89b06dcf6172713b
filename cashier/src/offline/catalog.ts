import type { Sku } from '../lib/cart.ts';
import { cashierDb } from './db.ts';

/** Replaces the cached catalog with the server's current one (prices included). */
export async function cacheCatalog(skus: Sku[]): Promise<void> {
  const db = await cashierDb();
  const tx = db.transaction('skus', 'readwrite');
  await tx.store.clear();
  for (const sku of skus) await tx.store.put(sku);
  await tx.done;
}

export async function cachedSku(id: string): Promise<Sku | undefined> {
  return (await cashierDb()).get('skus', id);
}

/** A scanned code offline: a barcode first, then a SKU code (as the server's scan does). */
export async function cachedSkuByCode(code: string): Promise<Sku | undefined> {
  const db = await cashierDb();
  return (await db.getFromIndex('skus', 'barcode', code)) ?? db.getFromIndex('skus', 'code', code);
}

/** Search offline: name, pinyin initials are server-side only, so name, code or barcode here. */
export async function searchCachedSkus(q: string, limit = 30): Promise<Sku[]> {
  const needle = q.trim().toLowerCase();
  const all = await (await cashierDb()).getAll('skus');
  return all.filter((s) => s.name.toLowerCase().includes(needle) || s.code?.toLowerCase().includes(needle) || s.barcode?.includes(needle))
    .slice(0, limit);
}

export async function skusOfProduct(productId: string): Promise<Sku[]> {
  return (await (await cashierDb()).getAll('skus')).filter((s) => s.productId === productId);
}

export async function readMeta<T>(key: string): Promise<T | undefined> {
  return (await (await cashierDb()).get('meta', key)) as T | undefined;
}

export async function writeMeta(key: string, value: unknown): Promise<void> {
  await (await cashierDb()).put('meta', value, key);
}
