import { api, OfflineError } from '../api/client.ts';
import type { ApiSku, PaymentMethodInfo, PosExtensions, Shift, Store, StoreSettings } from '../api/types.ts';
import { cacheCatalog, readMeta, writeMeta } from '../offline/catalog.ts';

export interface StoreSetup {
  store: Store;
  settings: StoreSettings;
  methods: PaymentMethodInfo[];
  extensions: PosExtensions;
  shift: Shift | null;
  online: boolean;
}

/**
 * Everything the till loads for a store: online from the server (and cached, with the whole
 * sale catalog, for offline use), offline from that cache.
 */
export async function loadStore(storeId: string): Promise<StoreSetup> {
  try {
    const [store, settings, methods, manifest, current] = await Promise.all([
      api<Store>('GET', `/stores/${storeId}`),
      api<StoreSettings>('GET', `/stores/${storeId}/settings`),
      api<PaymentMethodInfo[]>('GET', '/payment-methods?channel=pos'),
      api<{ pos: PosExtensions }>('GET', '/extensions'),
      api<{ shift: Shift | null }>('GET', `/shifts/current?storeId=${storeId}`),
    ]);
    const setup = { store, settings, methods, extensions: manifest.pos, shift: current.shift, online: true };
    await writeMeta(`store:${storeId}`, setup);
    // A failed refresh keeps the catalog cached before; the sale goes on either way.
    refreshCatalog().catch(() => undefined);
    return setup;
  } catch (error) {
    if (!(error instanceof OfflineError)) throw error;
    const cached = await readMeta<StoreSetup>(`store:${storeId}`);
    if (!cached) throw error;
    return { ...cached, online: false };
  }
}

/** The sale catalog (every active SKU on sale), cached for offline scanning and search. */
export async function refreshCatalog(): Promise<void> {
  const skus = await api<ApiSku[]>('GET', '/skus?_end=20000');
  await cacheCatalog(skus.map(({ id, productId, name, specText, barcode, code, priceFen, weighed, unit }) => ({
    id, productId, name, specText, barcode, code, priceFen, weighed, unit,
  })));
}

/** The enabled plugins' till extensions, asked again (and cached) so plugins come and go without a reload. */
export async function refreshExtensions(storeId: string): Promise<PosExtensions> {
  const manifest = await api<{ pos: PosExtensions }>('GET', '/extensions');
  const cached = await readMeta<StoreSetup>(`store:${storeId}`);
  if (cached) await writeMeta(`store:${storeId}`, { ...cached, extensions: manifest.pos });
  return manifest.pos;
}

/** Keeps the cached store setup's shift current, so a till reopened offline carries on selling. */
export async function rememberShift(storeId: string, shift: Shift | null): Promise<void> {
  const cached = await readMeta<StoreSetup>(`store:${storeId}`);
  if (cached) await writeMeta(`store:${storeId}`, { ...cached, shift });
}
