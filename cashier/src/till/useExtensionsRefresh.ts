import { useEffect, useRef } from 'react';
import type { PosExtensions } from '../api/types.ts';
import { refreshExtensions } from './load.ts';

const REFRESH_MS = 30_000;

/**
 * Asks for the plugins' till extensions every little while and when the till window comes back
 * into focus, so a plugin the merchant enables or disables appears or goes without a reload.
 */
export function useExtensionsRefresh(storeId: string | null, online: boolean, onChange: (extensions: PosExtensions) => void): void {
  const latest = useRef(onChange);
  latest.current = onChange;
  useEffect(() => {
    if (!storeId || !online) return undefined;
    let last = '';
    const refresh = () => {
      refreshExtensions(storeId).then((extensions) => {
        const key = JSON.stringify(extensions);
        if (key !== last) latest.current(extensions);
        last = key;
      }, () => undefined);
    };
    const timer = setInterval(refresh, REFRESH_MS);
    window.addEventListener('focus', refresh);
    return () => {
      clearInterval(timer);
      window.removeEventListener('focus', refresh);
    };
  }, [storeId, online]);
}
