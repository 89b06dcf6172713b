import { newId } from '../db/ids.ts';
import { createProduct } from '../catalog/products.service.ts';
import { enterTenant, inTenant } from '../db/tenant-tx.ts';
import { insertStaffAccount } from '../tenancy/accounts.service.ts';
import { moveStock } from '../stock/stock.service.ts';
import { defaultWarehouseOf } from '../stock/warehouses.service.ts';
import { TEST_PASSWORD, type TestApp } from './test-app.ts';
import { createMerchant, type TestMerchant } from './merchant.ts';

export interface TestSku {
  id: string;
  productId: string;
  priceFen: number;
  barcode: string;
}

export interface TestShop extends TestMerchant {
  storeIds: [string, string];
  /** cola 350 fen, chips 1250 fen, apple 1999 fen/kg (weighed), tee 9900 fen (two SKUs: red, blue). */
  skus: { cola: TestSku; chips: TestSku; apple: TestSku; teeRed: TestSku; teeBlue: TestSku };
  cashierToken: string;
  cashierUsername: string;
}

let shopCount = 0;

/**
 * A merchant with two stores, a few products with stock in store 1 (100 each; 50 kg of apples),
 * and a cashier bound to store 1.
 */
export async function createShop(h: TestApp, name = '测试商户'): Promise<TestShop> {
  const merchant = await createMerchant(h, name);
  const storeIds: string[] = [];
  for (const [code, storeName] of [['01', '一号店'], ['02', '二号店']]) {
    const res = await merchant.api({ method: 'POST', url: '/api/v1/stores', payload: { code, name: storeName } });
    if (res.statusCode !== 201) throw new Error(`store: ${res.body}`);
    storeIds.push((res.json() as { id: string }).id);
  }
  const tenantId = merchant.tenantId;
  const n = ++shopCount;
  const skus = await inTenant(h.db.knex, tenantId, async (trx) => {
    // Through the catalog's own service, so fixtures get what the API would make.
    const product = async (productName: string, weighed: boolean, specs: { name: string; values: string[] }[], variants: { spec: Record<string, string>; priceFen: number; barcode: string }[]) => {
      const created = await createProduct(trx, tenantId, {
        name: productName, weighed, specs, skus: variants.map((v) => ({ specValues: v.spec, priceFen: v.priceFen, barcode: v.barcode })),
      });
      return variants.map((variant) => {
        const sku = created.skus.find((row) => row.barcode === variant.barcode)!;
        return { id: sku.id, productId: created.product.id, priceFen: variant.priceFen, barcode: variant.barcode };
      });
    };
    const [cola] = await product('可口可乐330ml', false, [], [{ spec: {}, priceFen: 350, barcode: `69000${n}0001` }]);
    const [chips] = await product('薯片', false, [], [{ spec: {}, priceFen: 1250, barcode: `69000${n}0002` }]);
    const [apple] = await product('红富士苹果', true, [], [{ spec: {}, priceFen: 1999, barcode: `69000${n}0003` }]);
    const [teeRed, teeBlue] = await product('T恤', false, [{ name: '颜色', values: ['红', '蓝'] }], [
      { spec: { 颜色: '红' }, priceFen: 9900, barcode: `69000${n}0004` },
      { spec: { 颜色: '蓝' }, priceFen: 9900, barcode: `69000${n}0005` },
    ]);
    const warehouse = await defaultWarehouseOf(trx, storeIds[0]!);
    for (const sku of [cola!, chips!, teeRed!, teeBlue!]) {
      await moveStock(trx, tenantId, { warehouseId: warehouse.id, skuId: sku.id, delta: 100, type: 'initial', sourceKey: `initial:${sku.id}` });
    }
    await moveStock(trx, tenantId, { warehouseId: warehouse.id, skuId: apple!.id, delta: 50_000, type: 'initial', sourceKey: `initial:${apple!.id}` });
    return { cola: cola!, chips: chips!, apple: apple!, teeRed: teeRed!, teeBlue: teeBlue! };
  });
  const cashierUsername = `cashier-${n}-${Date.now().toString(36)}`;
  await h.db.knex.transaction(async (trx) => {
    const staffId = newId();
    const accountId = await insertStaffAccount(trx, tenantId, staffId, cashierUsername, TEST_PASSWORD);
    await enterTenant(trx, tenantId);
    const role = await trx('roles').where({ builtin: 'cashier' }).first('id');
    await trx('staff').insert({ tenant_id: tenantId, id: staffId, name: '收银员', role_id: role.id, account_id: accountId });
    await trx('staff_stores').insert({ tenant_id: tenantId, staff_id: staffId, store_id: storeIds[0] });
  });
  return { ...merchant, storeIds: storeIds as [string, string], skus, cashierToken: await h.login(cashierUsername), cashierUsername };
}

/** On-hand of a SKU in a store's default warehouse. */
export async function onHand(h: TestApp, tenantId: string, storeId: string, skuId: string): Promise<number> {
  return inTenant(h.db.knex, tenantId, async (trx) => {
    const warehouse = await defaultWarehouseOf(trx, storeId);
    const row = await trx('stock_levels').where({ warehouse_id: warehouse.id, sku_id: skuId }).first('on_hand');
    return Number(row?.on_hand ?? 0);
  });
}
