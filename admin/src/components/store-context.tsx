import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { api } from '../api/http.ts';
import { readSession } from '../api/session.ts';

export interface StoreSummary {
  id: string;
  code: string;
  name: string;
}

interface StoreState {
  stores: StoreSummary[];
  /** The store the screens show; null means every store the user may see. */
  storeId: string | null;
  setStoreId(id: string | null): void;
}

const KEY = 'lingshou.admin.store';
const StoreContext = createContext<StoreState>({ stores: [], storeId: null, setStoreId: () => undefined });

export function StoreProvider({ children }: { children: ReactNode }) {
  const [stores, setStores] = useState<StoreSummary[]>([]);
  const [storeId, setStoreIdState] = useState<string | null>(localStorage.getItem(KEY));
  useEffect(() => {
    const user = readSession()?.user;
    if (user?.kind !== 'staff' || !user.permissions.includes('store.read')) return;
    api.get<StoreSummary[]>('/stores?_end=200').then((list) => {
      setStores(list);
      // A store remembered from another account is dropped rather than sent to the API.
      setStoreIdState((current) => (current && !list.some((s) => s.id === current) ? null : current));
    }, () => setStores([]));
  }, []);
  const setStoreId = (id: string | null) => {
    if (id) localStorage.setItem(KEY, id);
    else localStorage.removeItem(KEY);
    setStoreIdState(id);
  };
  return <StoreContext.Provider value={{ stores, storeId, setStoreId }}>{children}</StoreContext.Provider>;
}

export function useStore(): StoreState {
  return useContext(StoreContext);
}
