import type { Knex } from 'knex';
import { inPlatform, inTenant, type Trx } from '../db/tenant-tx.ts';
import { isUuid } from '../db/ids.ts';
import { errors } from '../errors.ts';
import { resolveSettings } from '../stores/store-settings.ts';

/** The fixed SMS code of the demo's phone sign-in; the login page shows it in demo mode. */
export const DEMO_SMS_CODE = '123456';

export interface MallMerchant {
  id: string;
  name: string;
  appid: string | null;
}

/**
 * The merchant a mall belongs to: H5 links name it (`?merchant=<id>`), a mini program is known
 * by its appid (the merchant's sub_appid). Suspended merchants have no mall.
 */
export async function findMallMerchant(knex: Knex, by: { merchantId?: string; appid?: string }): Promise<MallMerchant> {
  const row = by.merchantId
    ? isUuid(by.merchantId) ? await inTenant(knex, by.merchantId, (trx) => trx('tenants').where({ id: by.merchantId }).first('id', 'name', 'sub_appid', 'status')) : undefined
    // By appid before any tenant is known: a platform lookup of the one public column.
    : await inPlatform(knex, (trx) => trx('tenants').where({ sub_appid: by.appid }).first('id', 'name', 'sub_appid', 'status'));
  if (!row || row.status !== 'active') throw errors.LS_RESOURCE_NOT_FOUND('No mall for this merchant', { field: by.merchantId ? 'merchantId' : 'appid' });
  return { id: row.id as string, name: row.name as string, appid: (row.sub_appid as string | null) ?? null };
}

/** The stores a customer may shop in (客户进入商城门店设置): active ones, with how each delivers. */
export async function mallStores(trx: Trx) {
  const rows = await trx('stores').where({ active: true }).orderBy('code').select('id', 'code', 'name', 'address', 'phone', 'settings');
  return rows.map((row) => storeForMall(row));
}

export function storeForMall(row: { id: string; code: string; name: string; address: string; phone: string; settings: unknown }) {
  const settings = resolveSettings(row.settings);
  return {
    id: row.id, code: row.code, name: row.name, address: row.address, phone: row.phone,
    delivery: settings.delivery, customerService: settings.customerService, returnDays: settings.returnWindows.onlineDays,
  };
}

export type MallStore = ReturnType<typeof storeForMall>;

/** One active store of the customer's merchant; a closed or unknown store is "not found" naming the field. */
export async function getMallStore(trx: Trx, storeId: string, field = 'storeId'): Promise<MallStore> {
  const row = await trx('stores').where({ id: storeId, active: true }).first('id', 'code', 'name', 'address', 'phone', 'settings');
  if (!row) throw errors.LS_RESOURCE_NOT_FOUND('Store not found', { field });
  return storeForMall(row);
}
