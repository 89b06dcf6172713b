import { useCallback, useEffect, useState } from 'react';
import { api } from '../api/client.ts';
import type { QueuedOrder } from '../offline/db.ts';
import { queuedOrders, retryOrder, uploadQueue } from '../offline/queue.ts';

const RETRY_MS = 15_000;

/** The offline sales on this device; uploaded when the network comes back, and every little while. */
export function useOfflineQueue(online: boolean) {
  const [orders, setOrders] = useState<QueuedOrder[]>([]);
  const refresh = useCallback(async () => setOrders(await queuedOrders()), []);
  const upload = useCallback(async () => {
    await uploadQueue((order) => api('POST', '/pos/orders', { body: order.body }));
    await refresh();
  }, [refresh]);

  useEffect(() => {
    void refresh();
    // Keep the sales on the device even when the browser is short of space.
    void navigator.storage?.persist?.();
  }, [refresh]);

  useEffect(() => {
    if (!online) return undefined;
    upload().catch(() => undefined);
    const timer = setInterval(() => upload().catch(() => undefined), RETRY_MS);
    return () => clearInterval(timer);
  }, [online, upload]);

  const retry = useCallback(async (clientOrderId: string) => {
    await retryOrder(clientOrderId);
    await upload();
  }, [upload]);

  return { orders, refresh, upload, retry };
}
