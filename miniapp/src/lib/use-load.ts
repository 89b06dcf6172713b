import { useCallback, useEffect, useState } from 'react';
import { ApiError } from './api';

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
  reload: () => void;
}

/** Loads once (and again on reload), with the loading and error states every page shows. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[] = []): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [round, setRound] = useState(0);
  const run = useCallback(load, deps);
  useEffect(() => {
    let live = true;
    setLoading(true);
    run().then((value) => {
      if (live) { setData(value); setError(null); }
    }, (e: unknown) => {
      if (live) setError(e instanceof ApiError || e instanceof Error ? e.message : '加载失败');
    }).finally(() => live && setLoading(false));
    return () => { live = false; };
  }, [run, round]);
  return { data, error, loading, reload: () => setRound((r) => r + 1) };
}
