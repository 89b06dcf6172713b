import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Everything the process reads from its environment, read once at boot. */
export interface LingshouConfig {
  port: number;
  host: string;
  /** PostgreSQL connection string; undefined means the embedded PGlite database in dataDir. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** 32-byte key that encrypts secrets at rest (partner keys, plugin `x-secret` config). */
  masterKey: Buffer;
  /** Signs access tokens; derived from the master key unless set. */
  jwtSecret: string;
  seedDemo: boolean;
  /** Mount the local WeChat Pay sandbox at /sandbox/wechatpay (docs/wechatpay-sandbox.md). */
  wechatpaySandbox: boolean;
  /**
   * The address WeChat Pay reaches this server at (https://shop.example.com): notify_url of
   * production partners is built from it. Sandbox partners need none: the sandbox calls in-process.
   */
  publicUrl: string | undefined;
  logLevel: string;
}

function loadMasterKey(env: NodeJS.ProcessEnv, dataDir: string, embedded: boolean): Buffer {
  const fromEnv = env.LINGSHOU_MASTER_KEY;
  if (fromEnv) return decodeKey(fromEnv, 'LINGSHOU_MASTER_KEY');
  if (!embedded) {
    throw new Error('LINGSHOU_MASTER_KEY must be set (32 bytes, base64 or hex) when DATABASE_URL is used');
  }
  // The embedded demo generates its key once and keeps it beside the database it protects.
  const file = join(dataDir, 'master.key');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64') + '\n', { mode: 0o600 });
  }
  return decodeKey(readFileSync(file, 'utf8').trim(), file);
}

export function decodeKey(text: string, where: string): Buffer {
  const key = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== 32) throw new Error(`${where}: the master key must be 32 bytes (base64 or hex)`);
  return key;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): LingshouConfig {
  const dataDir = resolve(env.DATA_DIR ?? 'data');
  const databaseUrl = env.DATABASE_URL || undefined;
  const masterKey = loadMasterKey(env, dataDir, databaseUrl === undefined);
  return {
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? '0.0.0.0',
    databaseUrl,
    dataDir,
    masterKey,
    jwtSecret: env.LINGSHOU_JWT_SECRET ?? masterKey.toString('hex'),
    seedDemo: env.LINGSHOU_DEMO !== '0',
    // On with the demo, so the whole product runs offline; LINGSHOU_WECHATPAY_SANDBOX=0|1 decides otherwise.
    wechatpaySandbox: (env.LINGSHOU_WECHATPAY_SANDBOX ?? (env.LINGSHOU_DEMO === '0' ? '0' : '1')) === '1',
    publicUrl: env.LINGSHOU_PUBLIC_URL?.replace(/\/+$/, '') || undefined,
    logLevel: env.LOG_LEVEL ?? 'info',
  };
}
