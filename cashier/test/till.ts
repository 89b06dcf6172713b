import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import type { DemoServer } from '../../core/src/testing/browser.ts';

/** Where the browser suites leave their screenshots (printed in the test output). */
export const screenshotDir = join(tmpdir(), 'lingshou-cashier-screens');
mkdirSync(screenshotDir, { recursive: true });

const sessions = new WeakMap<Page, CDPSession>();

/**
 * A keyboard-wedge scanner: the whole code as key events 2 ms apart, then Enter. The events
 * carry their own timestamps (as the OS gives a real scanner's), so a test machine busy enough
 * to slow the page between keystrokes does not turn the scan into "typing".
 */
export async function scan(page: Page, code: string): Promise<void> {
  let session = sessions.get(page);
  if (!session) {
    session = await page.context().newCDPSession(page);
    sessions.set(page, session);
  }
  const start = Date.now() / 1000;
  const keys = [...code].map((key) => ({ key, text: key, code: /\d/.test(key) ? `Digit${key}` : `Key${key.toUpperCase()}` }));
  keys.push({ key: 'Enter', text: '\r', code: 'Enter' });
  for (const [i, k] of keys.entries()) {
    const timestamp = start + i * 0.002;
    const enter = k.key === 'Enter' ? { windowsVirtualKeyCode: 13 } : {};
    await session.send('Input.dispatchKeyEvent', { type: 'keyDown', key: k.key, code: k.code, text: k.text, timestamp, ...enter });
    await session.send('Input.dispatchKeyEvent', { type: 'keyUp', key: k.key, code: k.code, timestamp: timestamp + 0.001, ...enter });
  }
}

/** Signs in at the till and, when asked, opens a shift with a float (in 元). */
export async function signIn(page: Page, server: DemoServer, username: string, float?: string): Promise<void> {
  await page.goto(`${server.url}/cashier/`);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', 'lingshou-demo');
  await page.click('button[type=submit]');
  if (float !== undefined) {
    await page.fill('input[name=openingFloat]', float);
    await page.click('text=开班');
  }
  await page.waitForSelector('.sell');
}

export async function cartLines(page: Page): Promise<number> {
  return page.locator('[data-testid=cart-line]').count();
}

/** Calls the API as a demo user. */
export async function asUser(server: DemoServer, username: string) {
  const token = await server.login(username);
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${server.url}/api/v1${path}`, {
      method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
}
