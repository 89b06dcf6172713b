/**
 * Isolation matrix, generated from the route table (route-table.ts): for every /api/v1 route
 * with an id, tenant A creates the resource and tenant B tries every method on it: always 404,
 * and A's resource reads the same afterwards. Every list and search route called as B never
 * shows A's ids. A new id route without an entry in FAMILIES fails here, so none goes untested.
 */
import t from 'tap';
import type { LightMyRequestResponse } from 'fastify';
import { startTestApp } from '../testing/test-app.ts';
import { createShop, type TestShop } from '../testing/shop.ts';
import { enablePlugin, installPlugin } from '../testing/plugins.ts';
import { inTenant } from '../db/tenant-tx.ts';
import { newId } from '../db/ids.ts';
import { multipartFile } from '../catalog/multipart.testing.ts';
import { bindSandboxPartner } from '../testing/wechatpay.ts';
import { payOrder } from '../payments/payments.service.ts';
import { firstPartyPlugins, loadPluginPackages } from '../kernel/plugins/plugin-loader.ts';
import { apiRoutes, fillPath, type ApiRoute } from './route-table.ts';
import { sampleOf } from './schema-samples.ts';
import { callerFor, customerOf, type Inject } from './callers.ts';

const plugins = await loadPluginPackages(firstPartyPlugins);
// The sandbox stands in for the SMS service the mall's phone sign-in needs.
const h = await startTestApp({ plugins, wechatpaySandbox: true });
t.teardown(h.close);
const a = await createShop(h, '隔离甲');
const b = await createShop(h, '隔离乙');
for (const plugin of plugins) {
  await installPlugin(h, plugin.id);
  // Enabled for B too: a plugin route B cannot reach proves nothing about isolation.
  for (const shop of [a, b]) await enablePlugin(shop, plugin.id);
}
// The WeChat Pay plugins create their resources at WeChat: both merchants are bound to the sandbox.
await bindSandboxPartner(h, [a, b]);
const routes = apiRoutes(h.app);
/** Each merchant's mall customer, for the routes customers call. */
const customers = new Map<TestShop, Inject>([[a, await customerOf(h, a)], [b, await customerOf(h, b)]]);
const callerOf = (shop: TestShop, family: Family): Inject => ('as' in family && family.as === 'customer' ? customers.get(shop)! : shop.api);

/** Sends a request as A's admin and returns the JSON body, failing on anything but `status`. */
async function asA(method: ApiRoute['method'], url: string, payload?: object, status = 201): Promise<Record<string, unknown>> {
  const res = await a.api({ method, url, ...(payload ? { payload } : {}) });
  if (res.statusCode !== status) throw new Error(`${method} ${url} as A: ${res.statusCode} ${res.body}`);
  return res.json() as Record<string, unknown>;
}
/** A creates a resource through the route's own schema (a sample body) and returns its id. */
const viaPost = (url: string, payload?: object) => async () => {
  const route = routes.find((r) => r.method === 'POST' && r.path === url);
  if (!route?.body) throw new Error(`no POST ${url} with a body in the route table`);
  return (await asA('POST', url, payload ?? (sampleOf(route.body) as object))).id as string;
};
const firstOf = (url: string) => async () => ((await a.api({ method: 'GET', url })).json() as { id: string }[])[0]!.id;

let saleId: string | undefined;
/** A's till sale, made once and shared by the order routes and plugin routes keyed by order. */
async function sale(): Promise<string> {
  saleId ??= (await h.as(a.cashierToken)({ method: 'POST', url: '/api/v1/pos/orders', payload: {
    clientOrderId: 'isolation-sale-1', storeId: a.storeIds[0], lines: [{ skuId: a.skus.cola.id, quantity: 1 }],
    tenders: [{ method: 'cash', amountFen: 350 }],
  } })).json().id as string;
  return saleId;
}

type Family =
  /**
   * A's resource: `create` returns the value of the family's id parameter; `read` is A's view of
   * it; `as` says who calls the family (a mall customer of each merchant, else its admin); `query`
   * gives the required query parameters for each merchant (its own store, say); `readByAdmin` reads
   * a customer family's resource through the admin's routes, when customers have no read route.
   */
  | {
    create: (shop: TestShop) => Promise<string>; read: string; as?: 'customer'; readByAdmin?: true; query?: (shop: TestShop) => Record<string, string>;
    /** Values for a member route's other path parameters: A's own, under the family's resource (a claim of A's coupon). */
    more?: (shop: TestShop, id: string) => Promise<Record<string, string>>;
  }
  /** Not a tenant's resource: why, and what B gets instead of a 404 (checked). */
  | { exempt: string; status: number | 'any' };

/** A mall order of A's customer (store pickup), made once and shared by the mall order and pickup families. */
let mallOrder: { id: string; pickupCode: string } | undefined;
async function mallOrderOf(shop: TestShop): Promise<{ id: string; pickupCode: string }> {
  if (mallOrder) return mallOrder;
  const res = await customers.get(shop)!({ method: 'POST', url: '/api/v1/mall/orders', payload: {
    storeId: shop.storeIds[0], lines: [{ skuId: shop.skus.cola.id, quantity: 1 }], deliveryMode: 'pickup',
  } });
  if (res.statusCode !== 201) throw new Error(`mall order as A: ${res.statusCode} ${res.body}`);
  const order = res.json() as { id: string; delivery: { pickupCode: string } };
  mallOrder = { id: order.id, pickupCode: order.delivery.pickupCode };
  return mallOrder;
}
// Refund requests need a paid mall order: a payment method that always succeeds pays it.
h.app.payments.register({
  id: 'test-isolation-pay', label: { zh: '测试支付', en: 'Test pay' }, channels: ['mall'], offline: false,
  collect: async () => ({ status: 'succeeded' }), refund: async () => ({ status: 'succeeded' }),
});
/** A's customer pays a mall order and asks for its money back: the request's id. */
async function refundRequest(shop: TestShop): Promise<string> {
  const customer = customers.get(shop)!;
  const placed = await customer({ method: 'POST', url: '/api/v1/mall/orders', payload: {
    storeId: shop.storeIds[0], lines: [{ skuId: shop.skus.cola.id, quantity: 1 }], deliveryMode: 'pickup',
  } });
  if (placed.statusCode !== 201) throw new Error(`mall order as A: ${placed.statusCode} ${placed.body}`);
  const order = placed.json() as { id: string; totalFen: number };
  await inTenant(h.db.knex, shop.tenantId, (trx) => payOrder(trx, { hooks: h.app.hooks, payments: h.app.payments, events: h.app.events },
    shop.tenantId, order.id, [{ method: 'test-isolation-pay', amountFen: order.totalFen }]));
  const asked = await customer({ method: 'POST', url: `/api/v1/mall/orders/${order.id}/refund`, payload: { reason: '隔离' } });
  if (asked.statusCode !== 200) throw new Error(`refund request as A: ${asked.statusCode} ${asked.body}`);
  return (asked.json() as { refundRequest: { id: string } }).refundRequest.id;
}
let couponId: string | undefined;
/** A merchant coupon of A's (a fixed amount off), made once for the admin and the mall families. */
async function coupon(): Promise<string> {
  const route = routes.find((r) => r.method === 'POST' && r.path === '/api/v1/plugins/merchant-coupon/coupons')!;
  couponId ??= (await asA('POST', route.path, { ...(sampleOf(route.body!) as object), amountFen: 500 })).id as string;
  return couponId;
}
const ownStore = (shop: TestShop) => ({ storeId: shop.storeIds[0] });
/**
 * A cloud printer of the shop's, written through the plugin's own table: adding one through the
 * API registers it at Feie (printers.test.ts), and B's calls never get that far (a printer of
 * another merchant is not found before any cloud is asked).
 */
async function printer(shop: TestShop): Promise<string> {
  const id = newId();
  await inTenant(h.db.knex, shop.tenantId, (trx) => h.app.plugins.contextFor(trx, shop.tenantId, 'printers', {}).db('printers')
    .insert({ tenant_id: shop.tenantId, id, store_id: shop.storeIds[0], brand: 'feie', name: '隔离前台', sn: '816500001' }));
  return id;
}

/**
 * Every id route, by the path up to its first parameter. Add the family of a new id route here:
 * how A creates one, and the URL that reads it back.
 */
const FAMILIES: Record<string, Family> = {
  '/api/v1/platform/partners/{id}': { exempt: 'platform operator only: a merchant is refused', status: 403 },
  '/api/v1/platform/merchants/{id}': { exempt: 'platform operator only: a merchant is refused', status: 403 },
  '/api/v1/platform/plugins/{id}': { exempt: 'platform operator only: a merchant is refused', status: 403 },
  '/api/v1/plugins/{id}': {
    exempt: 'the id names a plugin, the same for every merchant; each merchant\'s state of it is its own tenant_plugins row', status: 'any',
  },
  '/api/v1/plugins/merchant-coupon/ui/{file}': { exempt: 'the plugin\'s prebuilt admin page: public app code, no data, the same for every merchant', status: 'any' },
  '/api/v1/uploads/{key}': { exempt: 'public product images, served to the mall without sign-in under unguessable keys', status: 'any' },
  '/api/v1/wechatpay/notify/{tenantId}': {
    exempt: 'WeChat Pay\'s signed callback (public); forged and cross-tenant notifications: payments/wechatpay/inbox.test.ts', status: 'any',
  },
  '/api/v1/wechatpay/notify/partners/{partnerId}': {
    exempt: 'WeChat Pay\'s signed callback for a service provider (public); payments/wechatpay tests cover forged ones', status: 'any',
  },
  '/api/v1/stores/{id}': { create: async (shop) => shop.storeIds[0], read: '/api/v1/stores/{id}' },
  '/api/v1/categories/{id}': { create: viaPost('/api/v1/categories'), read: '/api/v1/categories/{id}' },
  '/api/v1/products/{id}': { create: async (shop) => shop.skus.cola.productId, read: '/api/v1/products/{id}' },
  '/api/v1/skus/by-code/{code}': { create: async (shop) => shop.skus.cola.barcode, read: '/api/v1/skus/by-code/{code}' },
  '/api/v1/imports/{id}': {
    create: async (shop) => {
      const template = await shop.api({ method: 'GET', url: '/api/v1/imports/products/template.csv' });
      const res = await shop.api({ method: 'POST', url: '/api/v1/imports/products', ...multipartFile('products.csv', template.rawPayload) });
      if (res.statusCode >= 300) throw new Error(`import as A: ${res.statusCode} ${res.body}`);
      return res.json().id as string;
    },
    read: '/api/v1/imports/{id}',
  },
  '/api/v1/orders/{id}': { create: sale, read: '/api/v1/orders/{id}' },
  '/api/v1/roles/{id}': { create: viaPost('/api/v1/roles'), read: '/api/v1/roles/{id}' },
  '/api/v1/staff/{id}': { create: firstOf('/api/v1/staff'), read: '/api/v1/staff/{id}' },
  '/api/v1/customers/{id}': { create: viaPost('/api/v1/customers'), read: '/api/v1/customers/{id}' },
  '/api/v1/warehouses/{id}': { create: firstOf('/api/v1/warehouses'), read: '/api/v1/warehouses/{id}' },
  '/api/v1/shifts/{id}': {
    create: async (shop) => (await shop.api({ method: 'POST', url: '/api/v1/shifts', payload: { storeId: shop.storeIds[0], openingFloatFen: 10_000 } })).json().id as string,
    read: '/api/v1/shifts/{id}',
  },
  '/api/v1/plugins/greetings/templates/{id}': { create: viaPost('/api/v1/plugins/greetings/templates'), read: '/api/v1/plugins/greetings/templates/{id}' },
  '/api/v1/plugins/greetings/orders/{orderId}': { create: sale, read: '/api/v1/orders/{orderId}' },
  '/api/v1/plugins/merchant-coupon/coupons/{id}': {
    create: coupon, read: '/api/v1/plugins/merchant-coupon/coupons/{id}',
    more: async (shop, couponId) => {
      const claim = await customers.get(shop)!({ method: 'POST', url: `/api/v1/plugins/merchant-coupon/mall/coupons/${couponId}/claim` });
      if (claim.statusCode !== 200) throw new Error(`claim as A's customer: ${claim.statusCode} ${claim.body}`);
      return { claimId: claim.json().claimId as string };
    },
  },
  '/api/v1/plugins/merchant-coupon/mall/coupons/{id}': { as: 'customer', readByAdmin: true, create: coupon, read: '/api/v1/plugins/merchant-coupon/coupons/{id}' },
  '/api/v1/plugins/printers/printers/{id}': { create: printer, read: '/api/v1/plugins/printers/printers/{id}' },
  '/api/v1/plugins/wechat-voucher/stocks/{id}': { create: viaPost('/api/v1/plugins/wechat-voucher/stocks'), read: '/api/v1/plugins/wechat-voucher/stocks/{id}' },
  '/api/v1/plugins/wechat-voucher/batches/{id}': {
    create: async (shop) => {
      const stockId = await viaPost('/api/v1/plugins/wechat-voucher/stocks')();
      await asA('PATCH', `/api/v1/plugins/wechat-voucher/stocks/${stockId}`, { status: 'running' }, 200);
      const me = (await customers.get(shop)!({ method: 'GET', url: '/api/v1/mall/me' })).json() as { id: string };
      return (await asA('POST', '/api/v1/plugins/wechat-voucher/batches', { stockId, customerIds: [me.id] })).id as string;
    },
    read: '/api/v1/plugins/wechat-voucher/batches/{id}',
  },
  '/api/v1/mall/products/{id}': { as: 'customer', create: async (shop) => shop.skus.cola.productId, read: '/api/v1/mall/products/{id}', query: ownStore },
  '/api/v1/mall/addresses/{id}': {
    as: 'customer', read: '/api/v1/mall/addresses',
    create: async (shop) => (await customers.get(shop)!({ method: 'POST', url: '/api/v1/mall/addresses', payload: { name: '张三', phone: '13800138000', detail: '隔离路1号' } })).json().id as string,
  },
  '/api/v1/mall/orders/{id}': { as: 'customer', create: async (shop) => (await mallOrderOf(shop)).id, read: '/api/v1/mall/orders/{id}' },
  '/api/v1/refund-requests/{id}': { create: refundRequest, read: '/api/v1/refund-requests' },
  '/api/v1/pickups/{code}': { create: async (shop) => (await mallOrderOf(shop)).pickupCode, read: '/api/v1/pickups/{code}' },
};

const familyOf = (path: string) => path.slice(0, path.indexOf('}') + 1);
const idRoutes = routes.filter((route) => route.params.length > 0);
/** Every id A owns, looked for in what B's lists return. */
const aIds = new Set<string>([a.tenantId, ...a.storeIds, ...Object.values(a.skus).flatMap((sku) => [sku.id, sku.productId])]);

/** Values for the route's required query parameters only: lists are read with their defaults. */
function requiredQuery(route: ApiRoute): [string, string][] {
  const properties = route.query?.properties ?? {};
  return (route.query?.required ?? []).map((name) => [name, String(sampleOf(properties[name]!))]);
}

/** What a response shows, less the `instance` of a problem (it echoes the URL B asked for). */
function shown(res: LightMyRequestResponse): string {
  if (!res.headers['content-type']?.toString().includes('json')) return res.body;
  const body = res.json() as unknown;
  if (body && typeof body === 'object' && 'instance' in body) delete (body as { instance?: unknown }).instance;
  return JSON.stringify(body);
}

/** B's request on A's resource: the route's sample body and query (B's own where the family says), with A's id in the path. */
function asB(route: ApiRoute, id: string, family: Family, more: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  const own = 'query' in family && family.query ? family.query(b) : {};
  const query = new URLSearchParams({ ...Object.fromEntries(requiredQuery(route)), ...own }).toString();
  const url = fillPath(route.path, { ...more, [route.params[0]!]: id }) + (query ? `?${query}` : '');
  const inject = callerOf(b, family);
  if (route.multipart) return inject({ method: route.method, url, ...multipartFile('x.csv', Buffer.from('x')) });
  return inject({ method: route.method, url, ...(route.body ? { payload: sampleOf(route.body) as object } : {}) });
}

t.test('every id route belongs to a known family', async (t) => {
  t.ok(idRoutes.length >= 30, `${idRoutes.length} id routes in the route table`);
  const unknown = [...new Set(idRoutes.map((route) => familyOf(route.path)))].filter((family) => !FAMILIES[family]);
  t.strictSame(unknown, [], 'each has an entry in FAMILIES (how tenant A creates one, and how it is read back)');
  const pluginFamilies = Object.keys(FAMILIES).filter((family) => family.startsWith('/api/v1/plugins/greetings/'));
  t.ok(pluginFamilies.every((family) => idRoutes.some((route) => familyOf(route.path) === family)), 'plugin routes are in the table');
});

for (const [family, entry] of Object.entries(FAMILIES)) {
  const members = idRoutes.filter((route) => familyOf(route.path) === family);
  t.test(`${family}: tenant B cannot reach tenant A's`, async (t) => {
    t.ok(members.length > 0, `${members.length} routes: ${members.map((r) => `${r.method} ${r.path}`).join(', ')}`);
    if ('exempt' in entry) {
      if (entry.status === 'any') return;
      for (const route of members) {
        const res = await asB(route, a.tenantId, entry);
        t.equal(res.statusCode, entry.status, `${route.method} ${route.path} as a merchant: ${entry.exempt}`);
      }
      return;
    }
    const id = await entry.create(a);
    aIds.add(id);
    const more = entry.more ? await entry.more(a, id) : {};
    for (const value of Object.values(more)) aIds.add(value);
    const param = members[0]!.params[0]!;
    const query = entry.query ? `?${new URLSearchParams(entry.query(a)).toString()}` : '';
    const readUrl = fillPath(entry.read, { [param]: id }) + query;
    const readAsA = () => (entry.readByAdmin ? a.api : callerOf(a, entry))({ method: 'GET', url: readUrl });
    const before = await readAsA();
    t.equal(before.statusCode, 200, `A reads its own at ${readUrl}`);
    // Reads first, then writes, then deletes: a leak in a read cannot hide behind a deleted row.
    const order = { GET: 0, POST: 1, PUT: 1, PATCH: 1, DELETE: 2 };
    for (const route of [...members].sort((x, y) => order[x.method] - order[y.method])) {
      const res = await asB(route, id, entry, more);
      t.equal(res.statusCode, 404, `${route.method} ${route.path} as B → 404`, { body: res.body.slice(0, 300) });
    }
    const after = await readAsA();
    t.same(after.json(), before.json(), 'A\'s resource is unchanged');
  });
}

t.test('list and search routes as B never show A\'s rows', async (t) => {
  await sale();
  const lists = routes.filter((route) => route.method === 'GET' && route.params.length === 0 && !route.path.startsWith('/api/v1/platform/'));
  t.ok(lists.length >= 15, `${lists.length} list and search routes`);
  const searches = [a.skus.cola.barcode, a.skus.cola.id, '可口可乐'];
  for (const route of lists) {
    const base = requiredQuery(route);
    const variants = [base, ...(route.query?.properties?.q ? searches.map((q) => [...base, ['q', q]]) : [])];
    for (const params of variants) {
      const url = `${route.path}${params.length ? `?${new URLSearchParams(params).toString()}` : ''}`;
      const caller = await callerFor([{ name: 'admin', inject: b.api }, { name: 'customer', inject: customers.get(b)! }], (inject) => inject({ method: 'GET', url }));
      const res = await (caller ?? { inject: b.api }).inject({ method: 'GET', url });
      t.ok(res.statusCode < 500, `GET ${url} as B answers`, { body: res.body.slice(0, 300) });
      const body = shown(res);
      const leaked = [...aIds].filter((id) => body.includes(id));
      t.strictSame(leaked, [], `GET ${url} as B shows none of A's ids`);
    }
  }
});
