import { useEffect, useRef, useState } from 'react';
import { api, ApiError } from '../api/client.ts';
import type { PosAction } from '../api/types.ts';
import { actionHotkey, actionMessage, actionPath, isHotkey } from '../lib/plugin-actions.ts';

/** What an action is sent with (docs/plugins.md §9): the store, the last sale, the cart being rung up. */
export interface ActionContext {
  storeId: string;
  orderId?: string;
  cart?: Record<string, unknown>;
}

type Toast = { kind: 'success' | 'error'; text: string };

const TOAST_MS = 5000;

/** A problem's title, and its detail when it says more, as the plugin wrote them. */
function problemText(error: unknown): string {
  if (!(error instanceof ApiError)) return (error as Error).message;
  const { title, detail } = error.body as { title?: unknown; detail?: unknown };
  const parts = [title, detail].filter((part): part is string => typeof part === 'string' && part !== '');
  return [...new Set(parts)].join('：') || error.message;
}

/** The buttons enabled plugins put on the till (GET /extensions → pos.actions), each with its hotkey. */
export function PluginActions({ actions, context, online, enabled }: {
  actions: PosAction[]; context: ActionContext; online: boolean; enabled: boolean;
}) {
  const [toast, setToast] = useState<Toast | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const drawn = actions.flatMap((action) => {
    const path = actionPath(action);
    return path ? [{ action, path, hotkey: actionHotkey(action), id: `${action.pluginId}:${action.key}` }] : [];
  });

  const run = async (item: (typeof drawn)[number]) => {
    if (!online || busy) return;
    setBusy(item.id);
    try {
      const answer = await api<unknown>('POST', item.path, { body: context });
      setToast({ kind: 'success', text: actionMessage(answer, item.action.label.zh) });
    } catch (error) {
      setToast({ kind: 'error', text: problemText(error) });
    } finally {
      setBusy(null);
    }
  };
  const latest = useRef({ drawn, run, enabled });
  latest.current = { drawn, run, enabled };

  useEffect(() => {
    const listener = (event: KeyboardEvent) => {
      if (!latest.current.enabled) return;
      const item = latest.current.drawn.find((d) => d.hotkey && isHotkey(d.hotkey, event));
      if (!item) return;
      event.preventDefault();
      void latest.current.run(item);
    };
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);

  useEffect(() => {
    if (!toast) return undefined;
    const timer = setTimeout(() => setToast(null), TOAST_MS);
    return () => clearTimeout(timer);
  }, [toast]);

  if (drawn.length === 0 && !toast) return null;
  return (
    <>
      {drawn.map((item) => (
        <button key={item.id} type="button" className="plugin-action" data-action={item.id} onClick={() => void run(item)}
          disabled={!online || busy !== null} title={online ? undefined : '需联网使用'}>
          {item.action.label.zh}{item.hotkey && <kbd>{item.hotkey}</kbd>}
        </button>
      ))}
      {toast && (
        <p className={`toast ${toast.kind}`} role={toast.kind === 'error' ? 'alert' : 'status'} data-testid="action-toast">{toast.text}</p>
      )}
    </>
  );
}
