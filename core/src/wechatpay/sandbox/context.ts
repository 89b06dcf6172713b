/** What every part of the sandbox shares: options, the database, its keys and its timers. */
import type { Knex } from 'knex';
import type { FastifyBaseLogger } from 'fastify';
import { loadPlatformIdentity, type PlatformIdentity } from './platform.ts';

export interface WechatpaySandboxOptions {
  /** The owner connection (`db.knex`): the sandbox schema is not reachable as the request role. */
  knex: Knex;
  /** Seals the stored private keys and APIv3/APIv2 keys (the server's master key). */
  masterKey: Buffer;
  /**
   * Multiplies WeChat's waits (notification retries, a payment code's "user paying" delay,
   * refund settlement). 1 is real time; tests use e.g. 1/1000 (15 s → 15 ms).
   */
  timeScale?: number;
  /** Pay every JSAPI prepay on its own, after `delayMs` (real ms, default 0). For tests and unattended demos. */
  autoPay?: boolean | { delayMs?: number };
  /** When set, the admin routes require the header `x-sandbox-admin-token` with this value. */
  adminToken?: string;
  /** Allowed clock skew of request timestamps, in seconds (WeChat: 5 minutes). */
  maxClockSkewSeconds?: number;
  /** A "user paying" payment code (prefix 131) succeeds after this many queries … */
  userPayingQueries?: number;
  /** … or after this many ms of WeChat time (scaled by timeScale), whichever is first. */
  userPayingMs?: number;
  /** Refunds answer PROCESSING and succeed after this many ms of WeChat time (scaled). */
  refundSettleMs?: number;
  /** How long one notification delivery may take before it counts as failed (real ms). */
  notifyTimeoutMs?: number;
  /** Which notify_url values may be called (default: any http or https URL). */
  notifyUrlAllowed?: (url: URL) => boolean;
  /** Delivers notifications (default: the global fetch); the server passes one that reaches itself in-process. */
  fetch?: typeof fetch;
}

export interface SandboxSettings {
  timeScale: number;
  autoPay: { delayMs: number } | null;
  adminToken: string | undefined;
  maxClockSkewSeconds: number;
  userPayingQueries: number;
  userPayingMs: number;
  refundSettleMs: number;
  notifyTimeoutMs: number;
  notifyUrlAllowed: (url: URL) => boolean;
  fetch: typeof fetch;
}

export function settingsOf(options: WechatpaySandboxOptions): SandboxSettings {
  const timeScale = options.timeScale ?? 1;
  if (!(timeScale > 0)) throw new Error('wechatpay sandbox: timeScale must be > 0');
  if (options.masterKey.length !== 32) throw new Error('wechatpay sandbox: masterKey must be 32 bytes');
  const autoPay = options.autoPay === true ? { delayMs: 0 } : options.autoPay ? { delayMs: options.autoPay.delayMs ?? 0 } : null;
  return {
    timeScale,
    autoPay,
    adminToken: options.adminToken,
    maxClockSkewSeconds: options.maxClockSkewSeconds ?? 300,
    userPayingQueries: options.userPayingQueries ?? 2,
    userPayingMs: options.userPayingMs ?? 10_000,
    refundSettleMs: options.refundSettleMs ?? 3_000,
    notifyTimeoutMs: options.notifyTimeoutMs ?? 5_000,
    notifyUrlAllowed: options.notifyUrlAllowed ?? ((url) => url.protocol === 'http:' || url.protocol === 'https:'),
    fetch: options.fetch ?? ((input, init) => fetch(input, init)),
  };
}

/** Timers that stop with the server: pending ones are cleared, running ones are awaited. */
export class Timers {
  private readonly pending = new Set<NodeJS.Timeout>();
  private readonly running = new Set<Promise<void>>();
  private closed = false;

  constructor(private readonly log: FastifyBaseLogger) {}

  /** Runs fn after ms (real time); errors are logged, never thrown. */
  after(ms: number, fn: () => Promise<unknown>): void {
    if (this.closed) return;
    const handle = setTimeout(() => {
      this.pending.delete(handle);
      this.run(fn);
    }, Math.max(0, Math.round(ms)));
    this.pending.add(handle);
  }

  run(fn: () => Promise<unknown>): void {
    if (this.closed) return;
    const promise = fn().then(() => undefined, (error: unknown) => {
      this.log.error({ err: error }, 'wechatpay sandbox: background step failed');
    });
    this.running.add(promise);
    void promise.finally(() => this.running.delete(promise));
  }

  get isClosed(): boolean {
    return this.closed;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const handle of this.pending) clearTimeout(handle);
    this.pending.clear();
    await Promise.allSettled([...this.running]);
  }
}

export interface SandboxContext {
  knex: Knex;
  masterKey: Buffer;
  settings: SandboxSettings;
  timers: Timers;
  log: FastifyBaseLogger;
  platform(): Promise<PlatformIdentity>;
  /** WeChat time → real ms. */
  scaled(ms: number): number;
}

export function createContext(options: WechatpaySandboxOptions, log: FastifyBaseLogger): SandboxContext {
  const settings = settingsOf(options);
  let identity: Promise<PlatformIdentity> | null = null;
  return {
    knex: options.knex,
    masterKey: options.masterKey,
    settings,
    timers: new Timers(log),
    log,
    platform: () => {
      identity ??= loadPlatformIdentity(options.knex, options.masterKey).catch((error: unknown) => {
        identity = null;
        throw error;
      });
      return identity;
    },
    scaled: (ms) => ms * settings.timeScale,
  };
}
