/**
 * Test helpers for the sandbox: a small fastify with the plugin mounted on a fresh test
 * database, a minimal signer written from the research notes (independent of our client in
 * core/src/wechatpay), and a local notification receiver.
 */
import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance, type LightMyRequestResponse } from 'fastify';
import type { Database } from '../../db/database.ts';
import { createTestDatabase } from '../../testing/test-db.ts';
import type { WechatpaySandboxOptions } from './context.ts';
import { wechatpaySandbox } from './plugin.ts';
import { AUTH_SCHEME, aesGcmDecrypt, randomNonce, requestMessage, responseMessage, rsaSign, rsaVerify } from './wire.ts';

export const PREFIX = '/sandbox/wechatpay';

export interface Credentials {
  spMchid: string; spAppid: string; apiCertSerial: string; apiCertificate: string; apiPrivateKey: string; apiv3Key: string; apiv2Key: string;
  platformCertificate: string; platformCertificateSerial: string; wechatpayPublicKeyId: string; wechatpayPublicKey: string;
  subMerchants: { subMchid: string; name: string; noCashAuthorized: boolean }[];
}

export interface SignOptions {
  timestamp?: number;
  nonce?: string;
  mchid?: string;
  serial?: string;
  privateKey?: string;
  /** The URL put in the signature, when it should differ from the one requested. */
  signedUrl?: string;
  /** Replaces the signature outright. */
  signature?: string;
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  raw: string;
  json: Record<string, unknown>;
}

export interface Sandbox {
  app: FastifyInstance;
  db: Database;
  masterKey: Buffer;
  /** Admin API call (JSON). */
  admin(method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  provision(body?: Record<string, unknown>): Promise<Credentials>;
  /** A signed /v3 call as the merchant: `path` is what WeChat sees (`/v3/…?…`). */
  call(credentials: Credentials, method: string, path: string, body?: unknown, options?: SignOptions): Promise<Answer>;
  close(): Promise<void>;
}

/**
 * The sandbox on a fresh test database (PGlite, or PostgreSQL with DATABASE_URL), WeChat's waits
 * scaled by 1/1000. With `reuse`, it runs on that database instead and leaves it open on close
 * (a "restart").
 */
export async function startSandbox(options: Partial<WechatpaySandboxOptions> = {}, reuse?: { db: Database; masterKey: Buffer }): Promise<Sandbox> {
  const db = reuse?.db ?? await createTestDatabase();
  const masterKey = reuse?.masterKey ?? randomBytes(32);
  const app = Fastify({ logger: process.env.TEST_LOG ? { level: process.env.TEST_LOG } : false });
  await app.register(wechatpaySandbox, { prefix: PREFIX, knex: db.knex, masterKey, timeScale: 1 / 1000, ...options });
  await app.ready();
  const admin: Sandbox['admin'] = (method, path, body, headers = {}) => app.inject({
    method, url: `${PREFIX}/admin${path}`, headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });
  return {
    app, db, admin, masterKey,
    provision: async (body = {}) => {
      const res = await admin('POST', '/service-providers/provision', body);
      if (res.statusCode !== 201) throw new Error(`provision failed: ${res.statusCode} ${res.body}`);
      return res.json() as Credentials;
    },
    call: async (credentials, method, path, body, sign = {}) => {
      const raw = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
      const res = await app.inject({
        method: method as 'GET', url: `${PREFIX}${path}`,
        headers: { authorization: authorization(credentials, method, path, raw, sign), accept: 'application/json', ...(raw ? { 'content-type': 'application/json' } : {}) },
        ...(raw ? { payload: raw } : {}),
      });
      return { status: res.statusCode, headers: res.headers, raw: res.body, json: res.body ? (JSON.parse(res.body) as Record<string, unknown>) : {} };
    },
    close: async () => {
      await app.close();
      if (!reuse) await db.close();
    },
  };
}

/** The Authorization header, built as the notes describe (research/wechatpay.md §C). */
export function authorization(credentials: Credentials, method: string, url: string, body: string, sign: SignOptions = {}): string {
  const timestamp = String(sign.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = sign.nonce ?? randomNonce(32);
  const signature = sign.signature ?? rsaSign(requestMessage(method, sign.signedUrl ?? url, timestamp, nonce, body), sign.privateKey ?? credentials.apiPrivateKey);
  return `${AUTH_SCHEME} mchid="${sign.mchid ?? credentials.spMchid}",nonce_str="${nonce}",timestamp="${timestamp}",serial_no="${sign.serial ?? credentials.apiCertSerial}",signature="${signature}"`;
}

/** Checks a sandbox answer's signature with the key its Wechatpay-Serial names. */
export function verifyAnswer(credentials: Credentials, answer: { headers: Record<string, unknown>; raw: string }): boolean {
  const serial = String(answer.headers['wechatpay-serial']);
  const key = serial === credentials.wechatpayPublicKeyId ? credentials.wechatpayPublicKey
    : serial === credentials.platformCertificateSerial ? credentials.platformCertificate : null;
  if (!key) return false;
  const message = responseMessage(String(answer.headers['wechatpay-timestamp']), String(answer.headers['wechatpay-nonce']), answer.raw);
  return rsaVerify(message, String(answer.headers['wechatpay-signature']), key);
}

export interface Received { headers: Record<string, string | string[] | undefined>; raw: string; at: number }

export interface Receiver {
  url: string;
  received: Received[];
  /** Resolves when `count` notifications have arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<Received[]>;
  close(): Promise<void>;
}

/** A notify_url on 127.0.0.1: answers each delivery with the next status of `statuses` (then the last one). */
export async function startReceiver(statuses: number[] = [204]): Promise<Receiver> {
  const app = Fastify({ logger: false });
  const received: Received[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  app.post('/notify', async (request, reply) => {
    received.push({ headers: request.headers, raw: request.body as string, at: Date.now() });
    const status = statuses[Math.min(received.length - 1, statuses.length - 1)]!;
    for (const waiter of waiters.filter((w) => received.length >= w.count)) waiter.resolve();
    return reply.code(status).send(status >= 300 ? { code: 'FAIL', message: 'receiver says no' } : undefined);
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/notify`,
    received,
    waitFor: (count, timeoutMs = 5000) => new Promise<Received[]>((resolve, reject) => {
      if (received.length >= count) return resolve(received);
      const timer = setTimeout(() => reject(new Error(`only ${received.length} of ${count} notifications arrived`)), timeoutMs);
      waiters.push({ count, resolve: () => { clearTimeout(timer); resolve(received); } });
    }),
    close: () => app.close(),
  };
}

/** Decrypts a received notification's resource with the APIv3 key (tag checked). */
export function openNotification(raw: string, apiv3Key: string): { body: Record<string, unknown>; resource: Record<string, unknown> } {
  const body = JSON.parse(raw) as { resource: { ciphertext: string; nonce: string; associated_data: string } };
  const plain = aesGcmDecrypt(body.resource.ciphertext, apiv3Key, body.resource.nonce, body.resource.associated_data);
  return { body: body as unknown as Record<string, unknown>, resource: JSON.parse(plain) as Record<string, unknown> };
}

/** Polls until fn returns something truthy (background steps of the sandbox run on timers). */
export async function eventually<T>(fn: () => Promise<T | null | undefined | false>, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
