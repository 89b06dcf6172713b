import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadConfig } from '../config.ts';
import { startServer, type Server } from '../server.ts';

/** Debian's chromium (apt package `chromium`): `.ci/run` installs it; tests never download one. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags that work as root in a container (STACK.md). */
const chromiumArgs = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/**
 * Launches headless Chromium. A missing browser is a failure with the fix in its message,
 * never a skipped test.
 */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`Chromium not found at ${chromiumPath}: install Debian's package (apt-get install chromium; .ci/run does) or set CHROMIUM_PATH`);
  }
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
}

export interface DemoServer extends Server {
  /** Signs in through the API and returns the access token (demo password by default). */
  login(username: string, password?: string): Promise<string>;
}

/**
 * The product as `npm start` runs it: a fresh embedded database (or DATABASE_URL), the demo
 * seeded, the WeChat Pay sandbox mounted, the built apps served, on a free loopback port.
 * Browser tests drive it; build the apps first (`npm run build:apps`).
 */
export async function startDemoServer(env: NodeJS.ProcessEnv = {}): Promise<DemoServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'lingshou-demo-'));
  const fullEnv: NodeJS.ProcessEnv = {
    ...process.env, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: process.env.TEST_LOG ?? 'silent',
    // Always the embedded database: the demo is seeded into an empty one, and the browser
    // suites test the apps, which the PostgreSQL runs of the API suites already cover.
    LINGSHOU_DEMO: '1', DATABASE_URL: '', ...env,
  };
  const server = await startServer(loadConfig(fullEnv), fullEnv);
  const { DEMO_PASSWORD } = await import('../demo/seed.ts');
  return {
    ...server,
    login: async (username, password = DEMO_PASSWORD) => {
      const res = await fetch(`${server.url}/api/v1/auth/login`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }),
      });
      if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { accessToken: string }).accessToken;
    },
    close: async () => {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Collects the page's uncaught errors and console errors, so a test can assert there were none. */
export function watchPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  return errors;
}
