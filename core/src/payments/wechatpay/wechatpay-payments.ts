import type { FastifyBaseLogger } from 'fastify';
import type { JobQueue } from '../../kernel/jobs/job-queue.ts';
import { WECHATPAY_CHECK_QUEUE, WECHATPAY_NOTIFICATION_QUEUE, WECHATPAY_RECONCILE_QUEUE } from '../../kernel/jobs/queues.ts';
import type { IncomingNotification } from '../../wechatpay/notifications.ts';
import { reconcile, runCheck, type CheckDeps } from './checks.ts';
import { processNotification, receiveNotification, receivePartnerNotification, type InboxDeps, type NotificationJob } from './inbox.ts';
import type { CheckJob } from './wechatpay-method.ts';

/** Payments and refunds WeChat has not told us about are asked for after this long. */
export const RECONCILE_AFTER_SECONDS = 120;

/**
 * The kernel's WeChat Pay runtime: the notification inbox, the follow-up checks of pending
 * payments and refunds, and the reconciliation cron, on the kernel's job queue.
 */
export class WechatpayPayments {
  readonly #deps: InboxDeps & CheckDeps;
  readonly #log: FastifyBaseLogger;

  constructor(deps: InboxDeps & CheckDeps & { jobs: JobQueue }, log: FastifyBaseLogger) {
    this.#deps = deps;
    this.#log = log;
  }

  get bindings() {
    return this.#deps.bindings;
  }

  receive(tenantId: string, incoming: IncomingNotification) {
    return receiveNotification(this.#deps, tenantId, incoming);
  }

  receiveForPartner(partnerId: string, incoming: IncomingNotification) {
    return receivePartnerNotification(this.#deps, partnerId, incoming);
  }

  process(job: NotificationJob) {
    return processNotification(this.#deps, job);
  }

  check(job: CheckJob) {
    return runCheck(this.#deps, job);
  }

  reconcile(olderThanSeconds = RECONCILE_AFTER_SECONDS) {
    return reconcile(this.#deps, olderThanSeconds, (error, what) => this.#log.error({ err: error }, `wechatpay reconciliation of ${what} failed`));
  }

  /** Starts this process's workers: notifications, checks, and the reconciliation every minute. */
  async startWorker(pollingIntervalSeconds = 1): Promise<void> {
    const { jobs } = this.#deps;
    await jobs.work(WECHATPAY_NOTIFICATION_QUEUE, (data) => this.process(data as unknown as NotificationJob), pollingIntervalSeconds);
    await jobs.work(WECHATPAY_CHECK_QUEUE, (data) => this.check(data as unknown as CheckJob), pollingIntervalSeconds);
    await jobs.schedule(WECHATPAY_RECONCILE_QUEUE, '* * * * *');
    await jobs.work(WECHATPAY_RECONCILE_QUEUE, () => this.reconcile());
  }
}
