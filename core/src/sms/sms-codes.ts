import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import type { Trx } from '../db/tenant-tx.ts';
import { newId } from '../db/ids.ts';
import { errors } from '../errors.ts';

/**
 * Verification codes sent by SMS (the mall's phone sign-in). Only an HMAC of each code is kept;
 * the newest code of a phone is the only one that counts. The limits live in the database, so
 * they hold across any number of server processes.
 */
export const SMS_CODE_RULES = {
  validSeconds: 300,
  /** Between two codes to one phone. */
  resendAfterSeconds: 60,
  /** Codes to one phone in any 24 hours. */
  perPhonePerDay: 10,
  /** Wrong codes tried before the code is dead, right or not. */
  maxAttempts: 5,
} as const;

export type SmsCodeVerdict = 'ok' | 'missing' | 'used' | 'expired' | 'exhausted' | 'wrong';

/** Six digits, from the CSPRNG. */
export function newSmsCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/** Keyed under the master key (domain-separated), and bound to the merchant and phone it was sent to. */
function codeHash(masterKey: Buffer, tenantId: string, phone: string, code: string): string {
  const key = createHmac('sha256', masterKey).update('lingshou:sms-code').digest();
  return createHmac('sha256', key).update(`${tenantId}:${phone}:${code}`).digest('hex');
}

function rateLimited(message: string, retryAfterSeconds: number) {
  return errors.LS_AUTH_RATE_LIMITED(message, { field: 'phone', extra: { retryAfterSeconds: Math.max(1, Math.ceil(retryAfterSeconds)) } });
}

/**
 * Records a new code for the phone, or refuses (429 naming `phone`, with `retryAfterSeconds`)
 * within a minute of the last one or past the day's count. The caller sends the code.
 */
export async function recordSmsCode(
  trx: Trx, masterKey: Buffer, tenantId: string, phone: string, code: string,
): Promise<{ id: string; sentAt: Date }> {
  // Two requests for one phone at once must not both pass the limits.
  await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [`sms:${tenantId}:${phone}`]);
  const { rows } = await trx.raw(`
    select count(*)::int as sends,
      extract(epoch from now() - max(created_at))::float8 as since_last,
      extract(epoch from min(created_at) + interval '1 day' - now())::float8 as day_frees_in
    from sms_codes where phone = ? and created_at > now() - interval '1 day'`, [phone]) as {
    rows: { sends: number; since_last: number | null; day_frees_in: number | null }[];
  };
  const recent = rows[0]!;
  if (recent.since_last !== null && recent.since_last < SMS_CODE_RULES.resendAfterSeconds) {
    throw rateLimited('A code was just sent to this phone; wait before asking again', SMS_CODE_RULES.resendAfterSeconds - recent.since_last);
  }
  if (recent.sends >= SMS_CODE_RULES.perPhonePerDay) {
    throw rateLimited('This phone has had too many codes today', recent.day_frees_in ?? 1);
  }
  // Codes older than the day's window count for nothing any more.
  await trx('sms_codes').where({ phone }).andWhere('created_at', '<=', trx.raw(`now() - interval '1 day'`)).delete();
  const id = newId();
  const [row] = (await trx('sms_codes').insert({
    tenant_id: tenantId, id, phone, code_hash: codeHash(masterKey, tenantId, phone, code),
    expires_at: trx.raw(`now() + make_interval(secs => ?)`, [SMS_CODE_RULES.validSeconds]),
  }).returning('created_at')) as { created_at: Date }[];
  return { id, sentAt: row!.created_at };
}

/** Forgets a code that never went out, so the phone may ask again at once. */
export async function dropSmsCode(trx: Trx, id: string): Promise<void> {
  await trx('sms_codes').where({ id }).delete();
}

/**
 * Checks a code against the phone's newest one and uses it up when right. A wrong code counts
 * an attempt, which the caller must commit even though the sign-in fails.
 */
export async function consumeSmsCode(trx: Trx, masterKey: Buffer, tenantId: string, phone: string, code: string): Promise<SmsCodeVerdict> {
  const row = (await trx('sms_codes').where({ phone }).orderBy([{ column: 'created_at', order: 'desc' }, { column: 'id', order: 'desc' }])
    .first('id', 'code_hash', 'attempts', 'used_at', trx.raw('expires_at <= now() as expired')).forUpdate()) as
    { id: string; code_hash: string; attempts: number; used_at: Date | null; expired: boolean } | undefined;
  if (!row) return 'missing';
  if (row.used_at) return 'used';
  if (row.attempts >= SMS_CODE_RULES.maxAttempts) return 'exhausted';
  if (row.expired) return 'expired';
  const right = timingSafeEqual(Buffer.from(codeHash(masterKey, tenantId, phone, code), 'hex'), Buffer.from(row.code_hash, 'hex'));
  if (!right) {
    await trx('sms_codes').where({ id: row.id }).increment('attempts', 1);
    return row.attempts + 1 >= SMS_CODE_RULES.maxAttempts ? 'exhausted' : 'wrong';
  }
  await trx('sms_codes').where({ id: row.id }).update({ used_at: trx.fn.now() });
  return 'ok';
}
