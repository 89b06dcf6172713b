/**
 * Notifications as WeChat sends them: the resource encrypted with the merchant's APIv3 key
 * (AEAD_AES_256_GCM), the body signed with the platform key (or the WeChat Pay public key's
 * key, for merchants in public-key mode), POSTed to notify_url, and retried on WeChat's
 * schedule until the receiver answers 2xx. Every attempt is recorded.
 */
import { randomUUID } from 'node:crypto';
import type { SandboxContext } from './context.ts';
import { num, table, type Db } from './db.ts';
import { findServiceProvider } from './merchants.ts';
import { signingKeyFor } from './signing.ts';
import { AUTH_SCHEME, aesGcmEncrypt, chinaDateDigits, randomDigits, randomNonce, responseMessage, rsaSign, wechatTime } from './wire.ts';

const S = 1000;
const M = 60 * S;
const H = 60 * M;

/**
 * Waits before each retry, in WeChat time. `payment`: payment and refund results, 15s/15s/30s/
 * 3m/10m/20m/30m/30m/30m/60m/3h/3h/3h/6h/6h (24h4m, 16 attempts in all). `coupon`: COUPON.*
 * events, every 60 s, 11 attempts in all (research/wechatpay.md: "60s/次 – 总计11次").
 */
export const RETRY_SCHEDULES = {
  payment: [15 * S, 15 * S, 30 * S, 3 * M, 10 * M, 20 * M, 30 * M, 30 * M, 30 * M, 60 * M, 3 * H, 3 * H, 3 * H, 6 * H, 6 * H],
  coupon: Array.from({ length: 10 }, () => 60 * S),
} as const;
export type RetrySchedule = keyof typeof RETRY_SCHEDULES;

export interface NotificationInput {
  /** The service provider the notification is for: its APIv3 key encrypts, its mode picks the signing key. */
  mchid: string;
  notifyUrl: string;
  eventType: string;
  summary: string;
  originalType: string;
  associatedData: string;
  resource: unknown;
  schedule: RetrySchedule;
  /** What it is about (transaction_id, refund_id, coupon id): for the admin listing. */
  subject: string;
}

interface NotificationRow {
  id: string; mchid: string; event_type: string; notify_url: string; body: string; schedule: RetrySchedule;
  state: 'pending' | 'delivered' | 'failed'; attempts: number; next_attempt_at: Date | null; subject: string | null;
  created_at: Date; delivered_at: Date | null;
}

/**
 * Stores a notification (in the caller's transaction, so it exists exactly when the event does).
 * Call `deliver(ctx, id)` after the transaction commits.
 */
export async function createNotification(ctx: SandboxContext, db: Db, input: NotificationInput): Promise<string> {
  const sp = await findServiceProvider(ctx, db, input.mchid);
  if (!sp) throw new Error(`wechatpay sandbox: no service provider ${input.mchid} to notify`);
  const now = new Date();
  const id = `EV-${chinaDateDigits(now, true)}${randomDigits(7)}`;
  const nonce = randomNonce(12);
  const body = JSON.stringify({
    id,
    create_time: wechatTime(now),
    resource_type: 'encrypt-resource',
    event_type: input.eventType,
    summary: input.summary,
    resource: {
      original_type: input.originalType,
      algorithm: 'AEAD_AES_256_GCM',
      ciphertext: aesGcmEncrypt(JSON.stringify(input.resource), sp.apiv3Key, nonce, input.associatedData),
      associated_data: input.associatedData,
      nonce,
    },
  });
  await table(db, 'notifications').insert({
    id, mchid: input.mchid, event_type: input.eventType, notify_url: input.notifyUrl, body, schedule: input.schedule,
    state: 'pending', attempts: 0, next_attempt_at: now, subject: input.subject,
  });
  return id;
}

/** Starts delivering stored notifications (after their transaction committed). */
export function deliver(ctx: SandboxContext, ids: string[]): void {
  for (const id of ids) ctx.timers.run(() => attempt(ctx, id));
}

/** Picks up notifications still pending (after a restart), each at its due time. */
export async function resumeNotifications(ctx: SandboxContext): Promise<number> {
  const rows = (await table(ctx.knex, 'notifications').where({ state: 'pending' }).select('id', 'next_attempt_at')) as Pick<NotificationRow, 'id' | 'next_attempt_at'>[];
  for (const row of rows) {
    const due = row.next_attempt_at ? new Date(row.next_attempt_at).getTime() - Date.now() : 0;
    ctx.timers.after(Math.max(0, due), () => attempt(ctx, row.id));
  }
  return rows.length;
}

/** One delivery attempt; schedules the next one when it fails and the schedule is not used up. */
async function attempt(ctx: SandboxContext, id: string): Promise<void> {
  const row = (await table(ctx.knex, 'notifications').where({ id }).first()) as NotificationRow | undefined;
  if (!row || row.state !== 'pending') return;
  // Claim this attempt: a second server (or a duplicate timer) finds attempts already moved on.
  const claimed = await table(ctx.knex, 'notifications').where({ id, state: 'pending', attempts: row.attempts })
    .update({ attempts: row.attempts + 1, next_attempt_at: null });
  if (claimed === 0) return;
  const number = row.attempts + 1;
  const started = Date.now();
  let statusCode: number | null = null;
  let error: string | null = null;
  try {
    const url = new URL(row.notify_url);
    if (!ctx.settings.notifyUrlAllowed(url)) throw new Error('notify_url is not allowed by the sandbox options');
    const response = await ctx.settings.fetch(url, {
      method: 'POST',
      headers: await notificationHeaders(ctx, row.mchid, row.body),
      body: row.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(ctx.settings.notifyTimeoutMs),
    });
    statusCode = response.status;
    await response.arrayBuffer().catch(() => undefined);
  } catch (failure) {
    error = (failure instanceof Error ? failure.message : String(failure)).slice(0, 500);
  }
  const at = new Date();
  await table(ctx.knex, 'notification_attempts').insert({
    notification_id: id, attempt: number, at, status_code: statusCode, error, duration_ms: at.getTime() - started,
  });
  if (statusCode !== null && statusCode >= 200 && statusCode < 300) {
    await table(ctx.knex, 'notifications').where({ id }).update({ state: 'delivered', delivered_at: at });
    return;
  }
  const waits = RETRY_SCHEDULES[row.schedule];
  const wait = waits[number - 1];
  if (wait === undefined) {
    await table(ctx.knex, 'notifications').where({ id }).update({ state: 'failed' });
    ctx.log.warn({ notification: id, attempts: number }, 'wechatpay sandbox: notification given up');
    return;
  }
  const delay = ctx.scaled(wait);
  await table(ctx.knex, 'notifications').where({ id }).update({ next_attempt_at: new Date(at.getTime() + delay) });
  ctx.timers.after(delay, () => attempt(ctx, id));
}

async function notificationHeaders(ctx: SandboxContext, mchid: string, body: string): Promise<Record<string, string>> {
  const key = await signingKeyFor(ctx, mchid);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = randomNonce(32);
  return {
    'content-type': 'application/json',
    'user-agent': 'Mozilla/4.0 (Lingshou WeChat Pay sandbox)',
    'request-id': randomUUID(),
    'wechatpay-nonce': nonce,
    'wechatpay-serial': key.keyId,
    'wechatpay-signature': rsaSign(responseMessage(timestamp, nonce, body), key.privateKey),
    'wechatpay-signature-type': AUTH_SCHEME,
    'wechatpay-timestamp': timestamp,
  };
}

/** The admin view of notifications and their attempts, newest first. */
export async function listNotifications(ctx: SandboxContext, filter: { mchid?: string; subject?: string; eventType?: string; limit?: number }) {
  const query = table(ctx.knex, 'notifications').orderBy('created_at', 'desc').limit(filter.limit ?? 50);
  if (filter.mchid) query.where({ mchid: filter.mchid });
  if (filter.subject) query.where({ subject: filter.subject });
  if (filter.eventType) query.where({ event_type: filter.eventType });
  const rows = (await query) as NotificationRow[];
  const attempts = rows.length === 0 ? [] : await table(ctx.knex, 'notification_attempts').whereIn('notification_id', rows.map((r) => r.id)).orderBy('attempt');
  return rows.map((row) => ({
    id: row.id, mchid: row.mchid, eventType: row.event_type, notifyUrl: row.notify_url, subject: row.subject,
    state: row.state, attempts: row.attempts, nextAttemptAt: row.next_attempt_at, createdAt: row.created_at, deliveredAt: row.delivered_at,
    body: row.body,
    deliveries: (attempts as { notification_id: string; attempt: number; at: Date; status_code: number | null; error: string | null; duration_ms: number }[])
      .filter((a) => a.notification_id === row.id)
      .map((a) => ({ attempt: a.attempt, at: a.at, statusCode: a.status_code, error: a.error, durationMs: num(a.duration_ms) })),
  }));
}
