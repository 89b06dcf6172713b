import type { FastifyInstance } from 'fastify';
import { problemResponses } from '../http/schemas.ts';
import { tenantOf } from '../http/auth-guard.ts';
import { sealSecret } from '../crypto/secrets.ts';
import type { Trx } from '../db/tenant-tx.ts';
import { mallSettingsBody, mallSettingsOutput } from './mall.schemas.ts';

interface MallSettingsInput {
  miniprogramSecret?: string | null;
  banners?: { imageUrl: string; title?: string; productId?: string }[];
}

async function readSettings(trx: Trx) {
  const row = await trx('mall_settings').first('miniprogram_secret_enc', 'banners');
  return { hasMiniprogramSecret: Boolean(row?.miniprogram_secret_enc), banners: (row?.banners ?? []) as unknown[] };
}

/** The merchant's mall settings: home banners and the mini program's AppSecret (write-only). */
export async function mallSettingsRoutes(app: FastifyInstance): Promise<void> {
  app.get('/mall/settings', {
    config: { auth: 'staff', permission: 'store.read' },
    schema: { tags: ['mall'], response: { 200: mallSettingsOutput, ...problemResponses } },
  }, (request) => request.inTenant(readSettings));

  app.patch<{ Body: MallSettingsInput }>('/mall/settings', {
    config: { auth: 'staff', permission: 'settings.write' },
    schema: { tags: ['mall'], body: mallSettingsBody, response: { 200: mallSettingsOutput, ...problemResponses } },
  }, (request) => request.inTenant(async (trx) => {
    const { miniprogramSecret, banners } = request.body;
    const columns: Record<string, unknown> = {};
    if (miniprogramSecret !== undefined) columns.miniprogram_secret_enc = miniprogramSecret === null ? null : sealSecret(app.config.masterKey, miniprogramSecret);
    if (banners !== undefined) columns.banners = JSON.stringify(banners);
    await trx('mall_settings').insert({ tenant_id: tenantOf(request), ...columns, updated_at: trx.fn.now() })
      .onConflict('tenant_id').merge();
    return readSettings(trx);
  }));
}
