import { ApiError, OfflineError } from '../api/client.ts';
import { cashierDb, type QueuedOrder } from './db.ts';

/** Stores an offline sale; it leaves the device only once the server has confirmed it. */
export async function enqueueOrder(order: QueuedOrder): Promise<void> {
  await (await cashierDb()).put('queue', order);
}

export async function queuedOrders(): Promise<QueuedOrder[]> {
  return (await cashierDb()).getAllFromIndex('queue', 'createdAt');
}

export type Upload = (order: QueuedOrder) => Promise<unknown>;

/**
 * Uploads the waiting sales, oldest first. The server keeps the first order of any clientOrderId,
 * so an upload whose answer was lost is simply sent again. One tab uploads at a time (Web
 * Locks): two tabs of the same till never race each other. A refusal (e.g. a SKU taken off
 * sale) keeps the order on the device with the reason; an unreachable server stops the run.
 */
export async function uploadQueue(upload: Upload): Promise<{ uploaded: number; failed: number }> {
  const run = async () => {
    let uploaded = 0;
    let failed = 0;
    for (const order of (await queuedOrders()).filter((o) => o.state === 'waiting')) {
      try {
        await upload(order);
        await (await cashierDb()).delete('queue', order.clientOrderId);
        uploaded += 1;
      } catch (error) {
        if (error instanceof OfflineError) break;
        if (!(error instanceof ApiError) || error.status >= 500) throw error;
        await (await cashierDb()).put('queue', { ...order, state: 'failed', error: `${error.code}: ${error.message}` });
        failed += 1;
      }
    }
    return { uploaded, failed };
  };
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  return locks ? locks.request('lingshou-cashier-upload', run) : run();
}

/** Puts a refused order back in line (after the cause is fixed in the back office). */
export async function retryOrder(clientOrderId: string): Promise<void> {
  const db = await cashierDb();
  const order = await db.get('queue', clientOrderId);
  if (order) await db.put('queue', { ...order, state: 'waiting', error: undefined });
}
