import { useEffect, useState } from 'react';
import { api } from '../../api/http.ts';

export interface Warehouse { id: string; name: string; storeId: string | null; isDefault: boolean; kind: 'store' | 'merchant' }

/** The warehouses the user may see; with a store chosen in the header, that store's only. */
export function useWarehouses(storeId: string | null): Warehouse[] {
  const [warehouses, setWarehouses] = useState<Warehouse[]>([]);
  useEffect(() => {
    api.get<Warehouse[]>(`/warehouses?_end=200${storeId ? `&storeId=${storeId}` : ''}`).then(setWarehouses, () => setWarehouses([]));
  }, [storeId]);
  return warehouses;
}
