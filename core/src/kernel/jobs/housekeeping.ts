import type { Knex } from 'knex';
import type { FastifyBaseLogger } from 'fastify';
import type { JobQueue } from './job-queue.ts';
import { HOUSEKEEPING_QUEUE } from './queues.ts';

/**
 * How long rows that only ever served a moment are kept. A verification code counts for a day
 * (the daily send limit, core/src/sms/sms-codes.ts); after that it is a phone number we have no
 * reason to hold. A refresh token that expired or was revoked a month ago cannot sign anyone in;
 * the month keeps it for looking into a disputed sign-in.
 */
export const RETENTION = {
  smsCodesDays: 1,
  deadRefreshTokensDays: 30,
} as const;

export interface SweepResult {
  smsCodes: number;
  refreshTokens: number;
}

/** Deletes what RETENTION lets go, for every merchant at once (as the owner role, like the other kernel jobs). */
export async function sweep(knex: Knex): Promise<SweepResult> {
  // Counted from `returning`: a bare delete's count differs between the pg and PGlite drivers.
  const smsCodes = await knex('sms_codes')
    .where('created_at', '<', knex.raw(`now() - make_interval(days => ?)`, [RETENTION.smsCodesDays])).delete(['id']);
  const refreshTokens = await knex('refresh_tokens')
    .where('expires_at', '<', knex.raw(`now() - make_interval(days => ?)`, [RETENTION.deadRefreshTokensDays]))
    .orWhere('revoked_at', '<', knex.raw(`now() - make_interval(days => ?)`, [RETENTION.deadRefreshTokensDays]))
    .delete(['token_hash']);
  return { smsCodes: smsCodes.length, refreshTokens: refreshTokens.length };
}

/** Runs the sweep every hour in whichever worker process takes the job (the cron fires once for all of them). */
export async function startHousekeeping(jobs: JobQueue, knex: Knex, log: FastifyBaseLogger): Promise<void> {
  await jobs.schedule(HOUSEKEEPING_QUEUE, '17 * * * *');
  await jobs.work(HOUSEKEEPING_QUEUE, async () => {
    const swept = await sweep(knex);
    if (swept.smsCodes + swept.refreshTokens > 0) log.info({ swept }, 'housekeeping deleted rows past their retention');
  });
}
