import 'fake-indexeddb/auto';
import t from 'tap';
import { ApiError, OfflineError } from '../src/api/client.ts';
import { enqueueOrder, queuedOrders, retryOrder, uploadQueue } from '../src/offline/queue.ts';
import type { QueuedOrder } from '../src/offline/db.ts';

const order = (n: number): QueuedOrder => ({
  clientOrderId: `till0001-${n}`, storeId: 's1', totalFen: 350, createdAt: `2026-11-28T04:00:0${n}.000Z`, state: 'waiting',
  body: { clientOrderId: `till0001-${n}`, storeId: 's1', lines: [{ skuId: 'cola', quantity: 1 }], tenders: [{ method: 'cash', amountFen: 350 }] },
});

t.test('offline sales leave the device only when the server confirms them', async (t) => {
  for (const n of [1, 2, 3]) await enqueueOrder(order(n));
  const sent: string[] = [];
  // The network goes down after the first upload: the others stay, in order.
  let first = await uploadQueue(async (o) => {
    if (sent.length === 1) throw new OfflineError();
    sent.push(o.clientOrderId);
  });
  t.strictSame(first, { uploaded: 1, failed: 0 });
  t.strictSame((await queuedOrders()).map((o) => o.clientOrderId), ['till0001-2', 'till0001-3']);

  // Back online: the server refuses one (kept with its reason) and takes the other.
  first = await uploadQueue(async (o) => {
    if (o.clientOrderId === 'till0001-2') throw new ApiError(400, { code: 'LS_ORDER_SKU_UNAVAILABLE', detail: 'The SKU cannot be sold' });
    sent.push(o.clientOrderId);
  });
  t.strictSame(first, { uploaded: 1, failed: 1 });
  const left = await queuedOrders();
  t.equal(left.length, 1);
  t.equal(left[0]!.state, 'failed');
  t.equal(left[0]!.error, 'LS_ORDER_SKU_UNAVAILABLE: The SKU cannot be sold');
  t.strictSame(await uploadQueue(async () => t.fail('a refused order is not sent again by itself')), { uploaded: 0, failed: 0 });

  await retryOrder('till0001-2');
  t.strictSame(await uploadQueue(async (o) => { sent.push(o.clientOrderId); }), { uploaded: 1, failed: 0 });
  t.strictSame(sent, ['till0001-1', 'till0001-3', 'till0001-2']);
  t.strictSame(await queuedOrders(), []);
});
