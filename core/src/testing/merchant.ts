import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { newId } from '../db/ids.ts';
import { inTenant } from '../db/tenant-tx.ts';
import { TEST_PASSWORD, type TestApp } from './test-app.ts';

export interface TestMerchant {
  tenantId: string;
  /** The merchant admin's access token (every permission). */
  token: string;
  /** Injects as the merchant admin. */
  api: (options: InjectOptions) => Promise<LightMyRequestResponse>;
}

let merchantCount = 0;

/** Creates a merchant through the platform API and signs in as its admin. */
export async function createMerchant(h: TestApp, name: string): Promise<TestMerchant> {
  const username = `admin-${++merchantCount}-${Date.now().toString(36)}`;
  const res = await h.as(h.platformToken)({ method: 'POST', url: '/api/v1/platform/merchants', payload: {
    name, admin: { username, password: TEST_PASSWORD, name: `${name}管理员` },
  } });
  if (res.statusCode !== 201) throw new Error(`createMerchant ${name} failed: ${res.statusCode} ${res.body}`);
  const token = await h.login(username);
  return { tenantId: (res.json() as { id: string }).id, token, api: h.as(token) };
}

/** Creates a store as the merchant admin and returns its id. */
export async function addStore(m: TestMerchant, code: string, name = `${code}号店`): Promise<string> {
  const res = await m.api({ method: 'POST', url: '/api/v1/stores', payload: { code, name } });
  if (res.statusCode !== 201) throw new Error(`addStore ${code} failed: ${res.statusCode} ${res.body}`);
  return (res.json() as { id: string }).id;
}

export interface TestStaff {
  id: string;
  username: string;
  token: string;
  api: (options: InjectOptions) => Promise<LightMyRequestResponse>;
}

let staffCount = 0;

/** Creates a staff member with a built-in role through the staff API and signs them in. */
export async function addStaff(h: TestApp, m: TestMerchant, builtin: string, storeIds: string[]): Promise<TestStaff> {
  const roles = (await m.api({ method: 'GET', url: '/api/v1/roles' })).json() as { id: string; builtin: string | null }[];
  const role = roles.find((r) => r.builtin === builtin);
  if (!role) throw new Error(`addStaff: no built-in role ${builtin}`);
  const username = `${builtin}-${++staffCount}-${Date.now().toString(36)}`;
  const res = await m.api({ method: 'POST', url: '/api/v1/staff', payload: {
    name: builtin, username, password: TEST_PASSWORD, roleId: role.id, storeIds,
  } });
  if (res.statusCode !== 201) throw new Error(`addStaff ${builtin} failed: ${res.statusCode} ${res.body}`);
  const token = await h.login(username);
  return { id: (res.json() as { id: string }).id, username, token, api: h.as(token) };
}

/** A single-SKU product written straight to the tables, so tests need not go through the catalog. */
export async function addSku(h: TestApp, tenantId: string, name: string): Promise<string> {
  return inTenant(h.db.knex, tenantId, async (trx) => {
    const productId = newId();
    const skuId = newId();
    await trx('products').insert({ tenant_id: tenantId, id: productId, name });
    await trx('skus').insert({ tenant_id: tenantId, id: skuId, product_id: productId, price_fen: 100 });
    return skuId;
  });
}
