import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { CheckoutLine, Sku } from '../lib/cart.ts';
import type { TenderDraft } from '../lib/tenders.ts';

/** A till sale made while the server was unreachable, waiting on the device to be uploaded. */
export interface QueuedOrder {
  clientOrderId: string;
  storeId: string;
  /** The POST /pos/orders body, uploaded as it was made. */
  body: {
    clientOrderId: string;
    storeId: string;
    lines: CheckoutLine[];
    tenders: Omit<TenderDraft, 'label'>[];
    customerId?: string;
  };
  totalFen: number;
  createdAt: string;
  /** waiting: to upload; failed: the server refused it (the reason is kept, the order stays). */
  state: 'waiting' | 'failed';
  error?: string;
}

interface CashierDB extends DBSchema {
  skus: { key: string; value: Sku; indexes: { barcode: string; code: string } };
  meta: { key: string; value: unknown };
  queue: { key: string; value: QueuedOrder; indexes: { createdAt: string } };
}

export type CashierDatabase = IDBPDatabase<CashierDB>;

let opened: Promise<CashierDatabase> | null = null;

/**
 * The till's local database: the catalog and prices, settings, and the offline order queue.
 * Node tests load fake-indexeddb/auto first, which provides the global indexedDB.
 */
export function cashierDb(): Promise<CashierDatabase> {
  opened ??= openDB<CashierDB>('lingshou-cashier', 1, {
    upgrade(db) {
      const skus = db.createObjectStore('skus', { keyPath: 'id' });
      skus.createIndex('barcode', 'barcode');
      skus.createIndex('code', 'code');
      db.createObjectStore('meta');
      db.createObjectStore('queue', { keyPath: 'clientOrderId' }).createIndex('createdAt', 'createdAt');
    },
  });
  return opened;
}
