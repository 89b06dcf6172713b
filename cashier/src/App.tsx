import { useCallback, useEffect, useMemo, useState } from 'react';
import { api } from './api/client.ts';
import { loadSession, saveSession } from './api/session.ts';
import type { SessionTokens, Shift, Store } from './api/types.ts';
import { LoginScreen } from './screens/LoginScreen.tsx';
import { ShiftOpenScreen } from './screens/ShiftOpenScreen.tsx';
import { SellScreen } from './screens/SellScreen.tsx';
import { loadStore, rememberShift, type StoreSetup } from './till/load.ts';
import { deviceId, TillContext, type Till } from './till/till.ts';
import { useOnline } from './hooks/useOnline.ts';
import { useExtensionsRefresh } from './till/useExtensionsRefresh.ts';

const STORE_KEY = 'lingshou.cashier.store';

/** The till: sign in, pick the store (staff bound to one store skip this), open a shift, sell. */
export function App() {
  const [session, setSession] = useState<SessionTokens | null>(loadSession);
  const [storeId, setStoreId] = useState<string | null>(() => localStorage.getItem(STORE_KEY));
  const [setup, setSetup] = useState<StoreSetup | null>(null);
  const [error, setError] = useState('');
  const online = useOnline();

  const bound = session?.user.storeIds;
  const effectiveStore = bound?.length === 1 ? bound[0]! : storeId;

  useEffect(() => {
    if (!session || !effectiveStore) return;
    setError('');
    loadStore(effectiveStore).then(setSetup, (e: Error) => setError(e.message));
  }, [session, effectiveStore]);

  const signOut = useCallback(() => {
    saveSession(null);
    localStorage.removeItem(STORE_KEY);
    setSession(null);
    setSetup(null);
    setStoreId(null);
  }, []);

  useExtensionsRefresh(session && setup ? effectiveStore : null, online, (extensions) => setSetup((s) => (s ? { ...s, extensions } : s)));

  const setShift = useCallback((shift: Shift | null) => {
    setSetup((s) => (s ? { ...s, shift } : s));
    if (effectiveStore) void rememberShift(effectiveStore, shift);
  }, [effectiveStore]);

  const till = useMemo<Till | null>(() => {
    if (!session || !setup?.shift) return null;
    return {
      session, store: setup.store, settings: setup.settings, methods: setup.methods, extensions: setup.extensions,
      shift: setup.shift, online, deviceId: deviceId(),
      can: (permission) => session.user.permissions.includes(permission),
    };
  }, [session, setup, online]);

  if (!session) return <LoginScreen onSignedIn={setSession} />;
  if (!effectiveStore) {
    return <StorePicker onPick={(id) => { localStorage.setItem(STORE_KEY, id); setStoreId(id); }} onSignOut={signOut} />;
  }
  if (error) return <div className="center-screen"><p className="error">{error}</p><button onClick={signOut}>退出登录</button></div>;
  if (!setup) return <div className="center-screen">加载中…</div>;
  if (!setup.shift || !till) {
    return <ShiftOpenScreen store={setup.store} userName={session.user.name} onOpened={setShift} onSignOut={signOut} />;
  }
  return (
    <TillContext.Provider value={till}>
      <SellScreen onShiftClosed={() => { setShift(null); signOut(); }} />
    </TillContext.Provider>
  );
}

/** Staff not bound to one store (a manager, the merchant admin) choose where they sell. */
function StorePicker({ onPick, onSignOut }: { onPick: (id: string) => void; onSignOut: () => void }) {
  const [stores, setStores] = useState<Store[]>([]);
  useEffect(() => {
    api<Store[]>('GET', '/stores?_end=100').then(setStores, () => setStores([]));
  }, []);
  return (
    <div className="center-screen">
      <h2>选择门店</h2>
      <div className="tile-grid">
        {stores.map((s) => <button key={s.id} className="tile" onClick={() => onPick(s.id)}>{s.name}</button>)}
      </div>
      <button onClick={onSignOut}>退出登录</button>
    </div>
  );
}
