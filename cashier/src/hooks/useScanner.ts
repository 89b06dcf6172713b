import { useEffect, useRef } from 'react';
import { ScanDetector } from '../lib/scanner.ts';

function editable(target: EventTarget | null): HTMLInputElement | HTMLTextAreaElement | null {
  return target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement ? target : null;
}

/** Sets an input's value so React sees the change (its own setter is bypassed otherwise). */
function restoreValue(input: HTMLInputElement | HTMLTextAreaElement, value: string): void {
  const setter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(input) as object, 'value')?.set;
  setter?.call(input, value);
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

/**
 * Listens for a keyboard-wedge scanner anywhere on the page. A scan that lands in a text field
 * is taken back out of it (the field keeps what the cashier had typed) and handed to `onScan`,
 * so a scan always means the same thing wherever the focus happens to be. Inputs marked
 * `data-scan-target` keep the code instead (the WeChat payment-code field).
 */
export function useScanner(onScan: (code: string) => void, enabled = true): void {
  const handler = useRef(onScan);
  handler.current = onScan;
  useEffect(() => {
    if (!enabled) return undefined;
    const detector = new ScanDetector();
    let before: { input: HTMLInputElement | HTMLTextAreaElement; value: string } | null = null;
    const listener = (event: KeyboardEvent) => {
      const input = editable(event.target);
      const step = detector.key(event.key, event.timeStamp);
      if (step.kind === 'burst' && step.first) before = input ? { input, value: input.value } : null;
      if (step.kind !== 'scan') return;
      if (input?.dataset.scanTarget !== undefined) return;
      event.preventDefault();
      event.stopPropagation();
      if (before && before.input === input) restoreValue(input, before.value);
      before = null;
      handler.current(step.code);
    };
    window.addEventListener('keydown', listener, true);
    return () => window.removeEventListener('keydown', listener, true);
  }, [enabled]);
}
