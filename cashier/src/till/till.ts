import { createContext, useContext } from 'react';
import { newClientOrderId } from '../lib/tenders.ts';
import type { PaymentMethodInfo, PosExtensions, SessionTokens, Shift, Store, StoreSettings } from '../api/types.ts';

/** What every screen of a signed-in till needs: who, where, the store's rules and what plugins add. */
export interface Till {
  session: SessionTokens;
  store: Store;
  settings: StoreSettings;
  methods: PaymentMethodInfo[];
  extensions: PosExtensions;
  shift: Shift;
  online: boolean;
  deviceId: string;
  can(permission: string): boolean;
}

export const TillContext = createContext<Till | null>(null);

export function useTill(): Till {
  const till = useContext(TillContext);
  if (!till) throw new Error('useTill outside a signed-in till');
  return till;
}

/** This browser's till id, part of every clientOrderId it makes. */
export function deviceId(): string {
  const key = 'lingshou.cashier.device';
  let id = localStorage.getItem(key);
  if (!id) {
    id = Array.from(crypto.getRandomValues(new Uint8Array(6)), (b) => b.toString(36).padStart(2, '0')).join('').slice(0, 10);
    localStorage.setItem(key, id);
  }
  return id;
}

/** A new sale's id; the counter survives reloads so ids never repeat on this device. */
export function nextClientOrderId(device: string): string {
  const key = 'lingshou.cashier.sequence';
  const sequence = Number(localStorage.getItem(key) ?? '0') + 1;
  localStorage.setItem(key, String(sequence));
  return newClientOrderId(device, Date.now(), sequence);
}
