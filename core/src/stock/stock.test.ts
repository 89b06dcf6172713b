import t from 'tap';
import { startTestApp } from '../testing/test-app.ts';
import { addSku, addStaff, addStore, createMerchant } from '../testing/merchant.ts';
import { inTenant } from '../db/tenant-tx.ts';
import { newId } from '../db/ids.ts';
import { LingshouError } from '../errors.ts';
import { moveStock, moveStockMany, setOnHand } from './stock.service.ts';
import { defaultWarehouseOf } from './warehouses.service.ts';

t.test('adjustments set counts and move stock; the ledger shows them newest first', async (t) => {
  const h = await startTestApp();
  t.teardown(h.close);
  const a = await createMerchant(h, '甲商户');
  const [store1, store2] = [await addStore(a, '01'), await addStore(a, '02')];
  const [cola, chips] = [await addSku(h, a.tenantId, '可口可乐330ml'), await addSku(h, a.tenantId, '薯片')];
  const warehouseOf = (storeId: string) => inTenant(h.db.knex, a.tenantId, async (trx) => (await defaultWarehouseOf(trx, storeId)).id);
  const [wh1, wh2] = [await warehouseOf(store1), await warehouseOf(store2)];
  const adjust = (payload: Record<string, unknown>, api = a.api) => api({ method: 'POST', url: '/api/v1/stock/adjustments', payload });

  const counted = await adjust({ warehouseId: wh1, note: '期初盘点', lines: [{ skuId: cola, onHand: 24 }, { skuId: chips, delta: 10 }] });
  t.equal(counted.statusCode, 201, counted.body);
  const first = counted.json();
  t.match(first.lines, [{ skuId: cola, delta: 24, onHand: 24 }, { skuId: chips, delta: 10, onHand: 10 }]);
  const sourceKeys = await inTenant(h.db.knex, a.tenantId, (trx) => trx('stock_movements').orderBy('sku_id').pluck('source_key'));
  t.same([...sourceKeys].sort(), [`adjustment:${first.id}:${cola}`, `adjustment:${first.id}:${chips}`].sort(), 'each line is booked under the adjustment’s id');

  const unchanged = await adjust({ warehouseId: wh1, lines: [{ skuId: cola, onHand: 24 }] });
  t.match(unchanged.json().lines, [{ delta: 0, onHand: 24, movementId: null }], 'a count equal to on-hand writes nothing');

  const tooMuch = await adjust({ warehouseId: wh1, lines: [{ skuId: cola, delta: -4 }, { skuId: chips, delta: -11 }] });
  t.equal(tooMuch.statusCode, 409);
  t.match(tooMuch.json(), { code: 'LS_STOCK_INSUFFICIENT', field: 'lines.1.delta', skuId: chips });
  const levels = async () => ((await a.api({ method: 'GET', url: `/api/v1/stock?warehouseId=${wh1}` })).json() as { skuId: string; onHand: number }[]);
  t.same((await levels()).map((l) => l.onHand).sort(), [10, 24], 'the refused adjustment changed no line, not even the one that fitted');

  const both = await adjust({ warehouseId: wh1, lines: [{ skuId: cola, onHand: 1, delta: 1 }] });
  t.equal(both.statusCode, 400);
  t.equal(both.json().field, 'lines.0');
  const zero = await adjust({ warehouseId: wh1, lines: [{ skuId: cola, delta: 0 }] });
  t.equal(zero.statusCode, 400);
  t.equal(zero.json().field, 'lines.0.delta');
  const twice = await adjust({ warehouseId: wh1, lines: [{ skuId: cola, delta: 1 }, { skuId: cola, delta: 2 }] });
  t.equal(twice.statusCode, 400);
  t.equal(twice.json().field, 'lines.1.skuId');
  const ghost = await adjust({ warehouseId: wh1, lines: [{ skuId: newId(), delta: 1 }] });
  t.equal(ghost.statusCode, 404);
  t.equal(ghost.json().field, 'lines.0.skuId');
  const nowhere = await adjust({ warehouseId: newId(), lines: [{ skuId: cola, delta: 1 }] });
  t.equal(nowhere.statusCode, 404);
  t.equal(nowhere.json().field, 'warehouseId');

  // Store 2 sells below zero (线下零库存销售): its warehouse lets an adjustment go negative too.
  await a.api({ method: 'PATCH', url: `/api/v1/stores/${store2}/settings`, payload: { zeroStockSale: true } });
  const negative = await adjust({ warehouseId: wh2, lines: [{ skuId: cola, delta: 5 }] });
  t.equal(negative.statusCode, 201);
  const below = await adjust({ warehouseId: wh2, lines: [{ skuId: cola, delta: -8 }] });
  t.equal(below.statusCode, 201, below.body);
  t.equal(below.json().lines[0].onHand, -3);

  const stock = (await a.api({ method: 'GET', url: '/api/v1/stock?q=可乐' })).json();
  t.equal(stock.length, 2, 'q finds the SKU in every warehouse');
  t.match(stock[0], { productName: '可口可乐330ml', skuId: cola });
  t.equal((await a.api({ method: 'GET', url: `/api/v1/stock?skuId=${chips}` })).json().length, 1);

  const ledger = await a.api({ method: 'GET', url: `/api/v1/stock/movements?skuId=${cola}` });
  t.equal(ledger.headers['x-total-count'], '3');
  t.same(ledger.json().map((m: { delta: number }) => m.delta), [-8, 5, 24], 'newest first');
  t.match(ledger.json()[2], { type: 'adjustment', note: '期初盘点', productName: '可口可乐330ml', balanceAfter: 24 });
  t.equal(ledger.json()[2].staffId, (await a.api({ method: 'GET', url: '/api/v1/auth/me' })).json().staffId, 'the ledger names who adjusted');
  const oldest = await a.api({ method: 'GET', url: `/api/v1/stock/movements?skuId=${cola}&_order=asc` });
  t.same(oldest.json().map((m: { delta: number }) => m.delta), [24, 5, -8]);
  t.equal((await a.api({ method: 'GET', url: '/api/v1/stock/movements?type=sale' })).json().length, 0);

  // A cashier of store 1 reads stock there and in central warehouses, never store 2's.
  const cashier = await addStaff(h, a, 'cashier', [store1]);
  t.equal((await cashier.api({ method: 'GET', url: `/api/v1/stock?warehouseId=${wh2}` })).statusCode, 404);
  t.equal((await cashier.api({ method: 'GET', url: `/api/v1/stock/movements?warehouseId=${wh2}` })).statusCode, 404);
  const cashierStock = (await cashier.api({ method: 'GET', url: '/api/v1/stock' })).json() as { warehouseId: string }[];
  t.ok(cashierStock.length > 0 && cashierStock.every((l) => l.warehouseId === wh1));
  t.ok(((await cashier.api({ method: 'GET', url: '/api/v1/stock/movements' })).json() as { warehouseId: string }[]).every((m) => m.warehouseId === wh1));
  t.equal((await adjust({ warehouseId: wh1, lines: [{ skuId: cola, delta: 1 }] }, cashier.api)).statusCode, 403, 'a cashier has no stock.write');
  const manager = await addStaff(h, a, 'store_manager', [store1]);
  t.equal((await adjust({ warehouseId: wh2, lines: [{ skuId: cola, delta: 1 }] }, manager.api)).statusCode, 404);
  t.equal((await adjust({ warehouseId: wh1, lines: [{ skuId: cola, delta: 1 }] }, manager.api)).statusCode, 201);

  const b = await createMerchant(h, '乙商户');
  const intoA = await adjust({ warehouseId: wh1, lines: [{ skuId: cola, delta: 1 }] }, b.api);
  t.equal(intoA.statusCode, 404);
  t.equal((await b.api({ method: 'GET', url: '/api/v1/stock' })).json().length, 0, 'B never sees A’s stock');
  t.equal((await b.api({ method: 'GET', url: '/api/v1/stock/movements' })).json().length, 0, 'nor A’s ledger');
});

t.test('the ledger adds up to on-hand, and a cause moves stock only once', async (t) => {
  const h = await startTestApp();
  t.teardown(h.close);
  const a = await createMerchant(h, '甲商户');
  const tenantId = a.tenantId;
  const stores = [await addStore(a, '01'), await addStore(a, '02')];
  await a.api({ method: 'PATCH', url: `/api/v1/stores/${stores[1]}/settings`, payload: { zeroStockSale: true } });
  const skus = [await addSku(h, tenantId, '甲'), await addSku(h, tenantId, '乙'), await addSku(h, tenantId, '丙')];
  const warehouses = await inTenant(h.db.knex, tenantId, async (trx) =>
    Promise.all(stores.map(async (s) => (await defaultWarehouseOf(trx, s)).id)));

  // A fixed pseudo-random series (so a failure replays): sales, receipts, counts, batches.
  let seed = 20261128;
  const next = (n: number) => {
    seed = (seed * 48271) % 2147483647;
    return seed % n;
  };
  let refused = 0;
  for (let i = 0; i < 80; i++) {
    const warehouseId = warehouses[next(2)]!;
    const skuId = skus[next(3)]!;
    const kind = next(4);
    try {
      await inTenant(h.db.knex, tenantId, async (trx) => {
        if (kind === 0) return setOnHand(trx, tenantId, { warehouseId, skuId, onHand: next(30), sourceKey: `count:${i}` });
        if (kind === 1) {
          return moveStockMany(trx, tenantId, skus.map((sku) => ({ warehouseId, skuId: sku, delta: 1 + next(5), type: 'purchase', sourceKey: `po:${i}:${sku}` })));
        }
        return moveStock(trx, tenantId, { warehouseId, skuId, delta: next(2) ? -(1 + next(12)) : 1 + next(12), type: 'sale', sourceKey: `order:${i}`, mayGoNegative: true });
      });
    } catch (error) {
      if (!(error instanceof LingshouError && error.code === 'LS_STOCK_INSUFFICIENT')) throw error;
      refused++;
    }
  }
  t.ok(refused > 0, `some sales were refused for want of stock (${refused})`);

  const rows = await inTenant(h.db.knex, tenantId, (trx) => trx('stock_levels as l')
    .select('l.warehouse_id', 'l.sku_id', 'l.on_hand', trx.raw(`(select coalesce(sum(m.delta), 0) from stock_movements m
      where m.warehouse_id = l.warehouse_id and m.sku_id = l.sku_id) as ledger`), trx.raw(`(select m.balance_after from stock_movements m
      where m.warehouse_id = l.warehouse_id and m.sku_id = l.sku_id order by m.created_at desc, m.id desc limit 1) as last_balance`)));
  t.equal(rows.length, 6, 'every warehouse holds every SKU');
  for (const row of rows) {
    t.equal(Number(row.ledger), Number(row.on_hand), `ledger = on-hand for ${row.warehouse_id}/${row.sku_id}`);
    t.equal(Number(row.last_balance), Number(row.on_hand), 'and the last balance_after is on-hand');
  }
  const lowest = await inTenant(h.db.knex, tenantId, (trx) => trx('stock_movements').groupBy('warehouse_id').select('warehouse_id', trx.raw('min(balance_after) as low')));
  const lowOf = (warehouseId: string) => Number(lowest.find((r: { warehouse_id: string }) => r.warehouse_id === warehouseId)!.low);
  t.ok(lowOf(warehouses[1]!) < 0, 'the zero-stock store went below zero on the way');
  t.ok(lowOf(warehouses[0]!) >= 0, 'the other store never did');

  const move = { warehouseId: warehouses[0]!, skuId: skus[0]!, delta: 3, type: 'purchase', sourceKey: 'po:duplicate' };
  await inTenant(h.db.knex, tenantId, (trx) => moveStock(trx, tenantId, move));
  const before = await inTenant(h.db.knex, tenantId, (trx) => trx('stock_levels').where({ warehouse_id: move.warehouseId, sku_id: move.skuId }).first('on_hand'));
  await t.rejects(inTenant(h.db.knex, tenantId, (trx) => moveStock(trx, tenantId, move)), { code: '23505' }, 'the same source key is refused');
  const after = await inTenant(h.db.knex, tenantId, (trx) => trx('stock_levels').where({ warehouse_id: move.warehouseId, sku_id: move.skuId }).first('on_hand'));
  t.equal(Number(after.on_hand), Number(before.on_hand), 'and moved nothing');
});

t.test('a batch of moves is one statement: each SKU row adds its moves up, and one oversold line refuses them all', async (t) => {
  const h = await startTestApp();
  t.teardown(h.close);
  const a = await createMerchant(h, '甲商户');
  const tenantId = a.tenantId;
  const store = await addStore(a, '01');
  const [cola, chips, tea] = [await addSku(h, tenantId, '可乐'), await addSku(h, tenantId, '薯片'), await addSku(h, tenantId, '茶')];
  const warehouseId = await inTenant(h.db.knex, tenantId, async (trx) => (await defaultWarehouseOf(trx, store)).id);
  const batch = (moves: { skuId: string; delta: number }[], key: string) => inTenant(h.db.knex, tenantId, (trx) =>
    moveStockMany(trx, tenantId, moves.map((move, i) => ({ warehouseId, ...move, type: 'test', sourceKey: `${key}:${i}` }))));
  const onHand = () => inTenant(h.db.knex, tenantId, async (trx) =>
    Object.fromEntries((await trx('stock_levels').where({ warehouse_id: warehouseId }).select('sku_id', 'on_hand'))
      .map((row: { sku_id: string; on_hand: string }) => [row.sku_id, Number(row.on_hand)])));

  const received = await batch([{ skuId: tea, delta: 5 }, { skuId: cola, delta: 10 }, { skuId: chips, delta: 4 }, { skuId: cola, delta: 2 }], 'receive');
  t.same(received.map((r) => r.balanceAfter), [5, 10, 4, 12], 'results in the order given; two moves of one SKU leave 10 then 12');
  t.same(await onHand(), { [cola]: 12, [chips]: 4, [tea]: 5 });

  await t.rejects(batch([{ skuId: cola, delta: -3 }, { skuId: chips, delta: -5 }, { skuId: tea, delta: -1 }], 'oversell'),
    { code: 'LS_STOCK_INSUFFICIENT', extra: { skuId: chips } }, 'names the SKU that lacks stock');
  t.same(await onHand(), { [cola]: 12, [chips]: 4, [tea]: 5 }, 'and nothing moved');

  await t.rejects(batch([{ skuId: cola, delta: -7 }, { skuId: cola, delta: -6 }], 'split'), { code: 'LS_STOCK_INSUFFICIENT', extra: { skuId: cola } },
    'two lines of one SKU together wanting more than there is');
  const sold = await batch([{ skuId: cola, delta: -7 }, { skuId: chips, delta: -4 }, { skuId: cola, delta: -5 }], 'sale');
  t.same(sold.map((r) => r.balanceAfter), [5, 0, 0]);
  const ledger = await inTenant(h.db.knex, tenantId, (trx) => trx('stock_movements').where({ sku_id: cola }).orderBy('id').select('delta', 'balance_after'));
  t.same(ledger.map((row: { delta: string; balance_after: string }) => [Number(row.delta), Number(row.balance_after)]), [[10, 10], [2, 12], [-7, 5], [-5, 0]],
    'the ledger reads like one move after another');
});
