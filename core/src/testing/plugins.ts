import type { TestApp } from './test-app.ts';
import type { TestMerchant } from './merchant.ts';

/** Installs a loaded plugin platform-wide through the operator's API. */
export async function installPlugin(h: TestApp, id: string): Promise<void> {
  const res = await h.as(h.platformToken)({ method: 'POST', url: `/api/v1/platform/plugins/${id}/install` });
  if (res.statusCode !== 204) throw new Error(`install ${id}: ${res.statusCode} ${res.body}`);
}

/** Enables an installed plugin for a merchant through its admin's API (configuring it first when given). */
export async function enablePlugin(merchant: TestMerchant, id: string, config?: Record<string, unknown>): Promise<void> {
  if (config) {
    const saved = await merchant.api({ method: 'PUT', url: `/api/v1/plugins/${id}/config`, payload: config });
    if (saved.statusCode !== 200) throw new Error(`configure ${id}: ${saved.statusCode} ${saved.body}`);
  }
  const res = await merchant.api({ method: 'POST', url: `/api/v1/plugins/${id}/enable` });
  if (res.statusCode !== 200) throw new Error(`enable ${id}: ${res.statusCode} ${res.body}`);
}
