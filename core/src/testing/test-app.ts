import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../http/app.ts';
import type { PluginDefinition } from '../kernel/plugins/plugin-definition.ts';
import type { LingshouConfig } from '../config.ts';
import type { Database } from '../db/database.ts';
import { createTestDatabase } from './test-db.ts';
import { createPlatformAccount } from '../tenancy/accounts.service.ts';
import type { WechatpaySandboxOptions } from '../wechatpay/sandbox/index.ts';

export const TEST_PASSWORD = 'test-password-1';

export function testConfig(): LingshouConfig {
  const masterKey = randomBytes(32);
  return {
    port: 0, host: '127.0.0.1', databaseUrl: process.env.DATABASE_URL, dataDir: mkdtempSync(join(tmpdir(), 'lingshou-')),
    masterKey, jwtSecret: masterKey.toString('hex'), seedDemo: false, wechatpaySandbox: false, publicUrl: 'https://shop.lingshou.test', logLevel: 'silent',
  };
}

export interface TestApp {
  app: FastifyInstance;
  db: Database;
  /** A signed-in caller: inject with its bearer token. */
  as(token: string): (options: InjectOptions) => Promise<LightMyRequestResponse>;
  login(username: string, password?: string): Promise<string>;
  platformToken: string;
  close(): Promise<void>;
}

/**
 * Boots the whole kernel on a fresh database with one platform operator signed in: PGlite, or
 * PostgreSQL when DATABASE_URL (or options.databaseUrl, for tests that need real concurrency) is set.
 */
export interface TestAppOptions {
  databaseUrl?: string;
  plugins?: PluginDefinition[];
  /** Mount the WeChat Pay sandbox with these options (time compressed for tests by default). */
  wechatpaySandbox?: Partial<WechatpaySandboxOptions> | boolean;
}

export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const db = await createTestDatabase(options.databaseUrl ? { ...process.env, DATABASE_URL: options.databaseUrl } : process.env);
  // TEST_LOG=error (or debug) shows the server's log while a test runs.
  const config = { ...testConfig(), wechatpaySandbox: Boolean(options.wechatpaySandbox) };
  const sandbox = typeof options.wechatpaySandbox === 'object' ? options.wechatpaySandbox : {};
  // WeChat's side lives in its own database beside an embedded one (see openSandboxDatabase).
  const sandboxDb = config.wechatpaySandbox && db.kind === 'pglite' ? await createTestDatabase({ ...process.env, DATABASE_URL: '' }) : undefined;
  const app = await buildApp({
    db, config, plugins: options.plugins ?? [], logger: process.env.TEST_LOG ? { level: process.env.TEST_LOG } : false,
    sandbox: { timeScale: 1 / 1000, ...sandbox }, ...(sandboxDb ? { sandboxDb } : {}),
  });
  if (sandboxDb) app.addHook('onClose', () => sandboxDb.close());
  await app.ready();
  await createPlatformAccount(db.knex, 'operator', TEST_PASSWORD);
  const login = async (username: string, password = TEST_PASSWORD) => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
    if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
    return (res.json() as { accessToken: string }).accessToken;
  };
  const as = (token: string) => (options: InjectOptions) =>
    app.inject({ ...options, headers: { authorization: `Bearer ${token}`, ...(options.headers ?? {}) } });
  const platformToken = await login('operator');
  return {
    app, db, as, login, platformToken,
    close: async () => {
      await app.close();
      await db.close();
      rmSync(config.dataDir, { recursive: true, force: true });
    },
  };
}
