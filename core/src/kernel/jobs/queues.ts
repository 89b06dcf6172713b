/** The Postgres schema pg-boss keeps its tables in. */
export const JOB_SCHEMA = 'pgboss';

/** Each after-commit event becomes one job per consuming plugin on this queue. */
export const EVENT_QUEUE = 'plugin-events';

/** Jobs plugins queue for themselves (`ctx.jobs.enqueue`), run in the tenant's transaction. */
export const PLUGIN_JOB_QUEUE = 'plugin-jobs';

/** The queue a plugin's scheduled job fires on. */
export function cronQueue(pluginId: string, job: string): string {
  return `cron.${pluginId}.${job}`;
}

/** Verified WeChat Pay notifications waiting to be processed (core/src/payments/wechatpay). */
export const WECHATPAY_NOTIFICATION_QUEUE = 'wechatpay-notifications';

/** Follow-ups of one WeChat Pay payment or refund: a till code payment still being entered, a refund in progress. */
export const WECHATPAY_CHECK_QUEUE = 'wechatpay-checks';

/** The cron that finds WeChat Pay payments and refunds left pending. */
export const WECHATPAY_RECONCILE_QUEUE = 'wechatpay-reconcile';

/** The hourly cron that deletes rows past their retention (kernel/jobs/housekeeping.ts). */
export const HOUSEKEEPING_QUEUE = 'kernel-housekeeping';
