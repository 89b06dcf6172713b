import { useEffect, useRef } from 'react';

/** Function-key shortcuts (F1…F12, Escape) for the frequent actions; each is shown on its button. */
export function useHotkeys(map: Record<string, () => void>, enabled = true): void {
  const current = useRef(map);
  current.current = map;
  useEffect(() => {
    if (!enabled) return undefined;
    const listener = (event: KeyboardEvent) => {
      const action = current.current[event.key];
      if (!action || !/^(F\d{1,2}|Escape)$/.test(event.key)) return;
      event.preventDefault();
      action();
    };
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, [enabled]);
}
