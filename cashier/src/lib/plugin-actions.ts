import type { PosAction } from '../api/types.ts';

/** Keys the selling screen keeps for itself: a plugin's hotkey never takes one of them. */
const TILL_KEYS = new Set(['F2', 'F3', 'F4', 'F6', 'F7', 'F10', 'Escape']);

/**
 * Where an action is POSTed: `/plugins/<pluginId><route>` under /api/v1. A route is a plain path;
 * anything else (such as `PUT /orders/:orderId`) is not this contract, and the till leaves it out.
 */
export function actionPath(action: PosAction): string | null {
  if (!/^\/[\w\-./]*$/.test(action.route)) return null;
  return `/plugins/${encodeURIComponent(action.pluginId)}${action.route}`;
}

/**
 * The action's hotkey as the till honours it: a function key (`F8`) or Alt with a letter or
 * digit (`Alt+G`; a scanner never types Alt). Unknown forms and the till's own keys give null.
 */
export function actionHotkey(action: PosAction): string | null {
  const hotkey = action.hotkey?.trim();
  if (!hotkey || TILL_KEYS.has(hotkey)) return null;
  if (/^F([1-9]|1[0-2])$/.test(hotkey)) return hotkey;
  const alt = /^Alt\+([A-Za-z0-9])$/i.exec(hotkey);
  return alt ? `Alt+${alt[1]!.toUpperCase()}` : null;
}

/** Whether a key press is this hotkey (as actionHotkey gives it). */
export function isHotkey(hotkey: string, event: Pick<KeyboardEvent, 'key' | 'code' | 'altKey' | 'ctrlKey' | 'metaKey'>): boolean {
  if (event.ctrlKey || event.metaKey) return false;
  if (!hotkey.startsWith('Alt+')) return !event.altKey && event.key === hotkey;
  const char = hotkey.slice(4);
  // With Alt held, `key` may be a symbol (macOS option layer), so the physical key decides.
  return event.altKey && (event.code === `Key${char}` || event.code === `Digit${char}`);
}

/** What a plugin's answer says, for the toast: its `message`, or a plain "done". */
export function actionMessage(answer: unknown, label: string): string {
  const message = (answer as { message?: unknown } | null | undefined)?.message;
  return typeof message === 'string' && message ? message : `${label}：已完成`;
}
