import { Session } from './api.ts';

/**
 * Shared seeding for every scenario, through the real API: the operator creates merchants,
 * a merchant admin creates stores, cashiers, products and stock, and installs/enables plugins
 * the way the admin app does. Scenarios call these and keep what they return.
 */

export const BENCH_PASSWORD = 'bench-password-1';
export const OPERATOR_USERNAME = 'bench-operator';

export interface SeedSku {
  id: string;
  productId: string;
  priceFen: number;
}

export interface SeededStore {
  id: string;
  code: string;
  warehouseId: string;
  /** A cashier who works at this store (the till's login; one account for all the shop's stores). */
  cashier: Session;
}

export interface SeededShop {
  tenantId: string;
  name: string;
  admin: Session;
  stores: SeededStore[];
  skus: SeedSku[];
}

export interface ShopOptions {
  name: string;
  /** Short, unique within the run: part of usernames and codes. */
  key: string;
  stores: number;
  skus: number;
  /** On-hand per SKU in every store (pieces). */
  stockPerSku: number;
  log?: (line: string) => void;
}

/** Runs fn over items with at most `limit` at a time, keeping the order of results. */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!, index);
    }
  }));
  return results;
}

/** Deterministic prices between 1.00 and 99.99 yuan, spread so carts have varied totals. */
export const priceFor = (index: number) => 100 + ((index * 7919) % 9900);

export function operatorSession(baseUrl: string): Promise<Session> {
  return Session.login(baseUrl, OPERATOR_USERNAME, BENCH_PASSWORD);
}

/** A merchant with stores, a cashier for them, single-SKU products and plenty of stock. */
export async function seedShop(operator: Session, options: ShopOptions): Promise<SeededShop> {
  const started = Date.now();
  const adminName = `bench-${options.key}-admin`;
  const merchant = await operator.post<{ id: string }>('/api/v1/platform/merchants', {
    name: options.name, admin: { username: adminName, password: BENCH_PASSWORD, name: `${options.name}管理员` },
  });
  const admin = await Session.login(operator.baseUrl, adminName, BENCH_PASSWORD);
  const roles = await admin.get<{ id: string; builtin: string | null }[]>('/api/v1/roles');
  const cashierRole = roles.find((r) => r.builtin === 'cashier');
  if (!cashierRole) throw new Error('no built-in cashier role');

  const made = await mapLimit(Array.from({ length: options.stores }, (_, i) => i + 1), 4, async (s) => {
    const code = String(s).padStart(2, '0');
    const store = await admin.post<{ id: string }>('/api/v1/stores', { code, name: `${options.name}${code}号店` });
    const warehouses = await admin.get<{ id: string; isDefault: boolean }[]>(`/api/v1/warehouses?storeId=${store.id}`);
    const warehouse = warehouses.find((w) => w.isDefault) ?? warehouses[0];
    if (!warehouse) throw new Error(`store ${code} has no warehouse`);
    return { id: store.id, code, warehouseId: warehouse.id };
  });
  // One cashier account working at every store (password hashing makes accounts the slow part of seeding).
  const username = `bench-${options.key}-cashier`;
  await admin.post('/api/v1/staff', { name: '收银员', username, password: BENCH_PASSWORD, roleId: cashierRole.id, storeIds: made.map((s) => s.id) });
  const cashier = await Session.login(operator.baseUrl, username, BENCH_PASSWORD);
  const stores: SeededStore[] = made.map((s) => ({ ...s, cashier }));

  const skus = await mapLimit(Array.from({ length: options.skus }, (_, i) => i), 8, async (i) => {
    const priceFen = priceFor(i);
    const product = await admin.post<{ id: string; skus: { id: string; priceFen: number }[] }>('/api/v1/products', {
      name: `压测商品${String(i + 1).padStart(5, '0')}`, unit: '件',
      skus: [{ priceFen, barcode: `BENCH${String(i + 1).padStart(7, '0')}` }],
    });
    const sku = product.skus[0]!;
    return { id: sku.id, productId: product.id, priceFen: sku.priceFen };
  });

  for (const store of stores) await stockUp(admin, store.warehouseId, skus, options.stockPerSku);
  options.log?.(`seeded ${options.name}: ${stores.length} stores, ${skus.length} SKUs × ${options.stockPerSku} in stock (${Date.now() - started} ms)`);
  return { tenantId: merchant.id, name: options.name, admin, stores, skus };
}

/** Sets the on-hand of these SKUs in a warehouse (stock adjustments of 500 lines, the most one takes). */
export async function stockUp(admin: Session, warehouseId: string, skus: { id: string }[], onHand: number): Promise<void> {
  for (let from = 0; from < skus.length; from += 500) {
    await admin.post('/api/v1/stock/adjustments', {
      warehouseId, note: '压测初始库存',
      lines: skus.slice(from, from + 500).map((sku) => ({ skuId: sku.id, onHand })),
    });
  }
}

/** Installs loaded plugins platform-wide, as the operator (idempotent). */
export async function installPlugins(operator: Session, ids: string[]): Promise<void> {
  for (const id of ids) await operator.post(`/api/v1/platform/plugins/${id}/install`, undefined, [204]);
}

/** Configures (when given) and enables plugins for the admin's shop. */
export async function enablePlugins(admin: Session, ids: string[], config?: Record<string, unknown>): Promise<void> {
  for (const id of ids) {
    if (config) await admin.put(`/api/v1/plugins/${id}/config`, config);
    await admin.post(`/api/v1/plugins/${id}/enable`);
  }
}

export async function disablePlugins(admin: Session, ids: string[]): Promise<void> {
  for (const id of ids) await admin.post(`/api/v1/plugins/${id}/disable`);
}

/** The ids of the plugins enabled for the admin's shop. */
export async function enabledPlugins(admin: Session): Promise<string[]> {
  const plugins = await admin.get<{ id: string; enabled: boolean }[]>('/api/v1/plugins');
  return plugins.filter((p) => p.enabled).map((p) => p.id).sort();
}
