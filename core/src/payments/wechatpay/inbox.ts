import type { Knex } from 'knex';
import { inTenant } from '../../db/tenant-tx.ts';
import { errors } from '../../errors.ts';
import type { PluginEvents } from '../../kernel/events/plugin-events.ts';
import type { JobQueue } from '../../kernel/jobs/job-queue.ts';
import { WECHATPAY_NOTIFICATION_QUEUE } from '../../kernel/jobs/queues.ts';
import type { OrderDeps } from '../../orders/order-deps.ts';
import type { WechatpayBindings } from '../../wechatpay/merchant-binding.ts';
import { parseNotification, type IncomingNotification, type RefundNotificationResource } from '../../wechatpay/notifications.ts';
import type { PartnerTransaction } from '../../wechatpay/types.ts';
import { settleRefund, settleTransaction } from './settlement.ts';

export interface InboxDeps {
  knex: Knex;
  bindings: WechatpayBindings;
  jobs: JobQueue;
  events: PluginEvents;
  orders: OrderDeps;
}

export interface NotificationJob {
  tenantId: string;
  notificationId: string;
}

/**
 * Takes one notification WeChat posted for a merchant: verifies it with the partner's keys
 * (signature, ±5 minutes, AES-GCM tag), stores it in the inbox under WeChat's notification id
 * and queues its processing, all before answering. A delivery of a notification already in the
 * inbox only counts the delivery. Throws LS_WECHATPAY_NOTIFICATION_INVALID for anything forged.
 */
export async function receiveNotification(deps: InboxDeps, tenantId: string, incoming: IncomingNotification): Promise<'queued' | 'duplicate'> {
  const credentials = await deps.bindings.credentialsOf(tenantId);
  const notification = parseNotification(incoming, credentials);
  const subMchid = (notification.resource as { sub_mchid?: unknown } | null)?.sub_mchid;
  return store(deps, tenantId, notification, typeof subMchid === 'string' ? subMchid : undefined);
}

/**
 * Takes a notification WeChat posted to a partner's inbox (marketing callbacks are set once per
 * service provider): verifies it with the partner's keys, finds the merchant it concerns — by
 * sub-merchant number, or by the stock a merchant registered — and stores it in that merchant's
 * inbox. One WeChat does not know about is refused, so WeChat tries again later.
 */
export async function receivePartnerNotification(deps: InboxDeps, partnerId: string, incoming: IncomingNotification): Promise<'queued' | 'duplicate'> {
  const credentials = await deps.bindings.partnerCredentials(partnerId);
  const notification = parseNotification(incoming, credentials);
  const tenantId = await merchantOf(deps.knex, partnerId, notification.resource);
  if (!tenantId) {
    throw errors.LS_RESOURCE_NOT_FOUND('No merchant of this partner owns what the notification is about', { extra: { eventType: notification.eventType } });
  }
  return store(deps, tenantId, notification);
}

/** The partner's merchant a notification is about: its sub_mchid, else the owner of its stock (owner connection). */
async function merchantOf(knex: Knex, partnerId: string, resource: unknown): Promise<string | undefined> {
  const r = (resource ?? {}) as { sub_mchid?: unknown; stock_id?: unknown; consume_information?: { consume_mchid?: unknown } };
  const stockId = typeof r.stock_id === 'string' ? r.stock_id : undefined;
  if (stockId) {
    const owner = await knex('wechatpay_stocks as s').join('tenants as t', 't.id', 's.tenant_id')
      .where({ 's.stock_id': stockId, 't.partner_id': partnerId }).first('s.tenant_id');
    if (owner) return owner.tenant_id as string;
  }
  for (const mchid of [r.sub_mchid, r.consume_information?.consume_mchid]) {
    if (typeof mchid !== 'string') continue;
    const tenant = await knex('tenants').where({ partner_id: partnerId, sub_mchid: mchid }).first('id');
    if (tenant) return tenant.id as string;
  }
  return undefined;
}

async function store(
  deps: InboxDeps, tenantId: string, notification: ReturnType<typeof parseNotification>, subMchid?: string,
): Promise<'queued' | 'duplicate'> {
  return inTenant(deps.knex, tenantId, async (trx) => {
    if (subMchid !== undefined) {
      // A payment of another sub-merchant of the same partner is not this merchant's to settle.
      const own = await trx('tenants').where({ id: tenantId }).first('sub_mchid');
      if (own?.sub_mchid !== subMchid) {
        throw errors.LS_WECHATPAY_NOTIFICATION_INVALID('The notification is for another sub-merchant', { extra: { reason: 'mchid_mismatch' } });
      }
    }
    const inserted = await trx.raw(
      `insert into wechatpay_notifications (tenant_id, notification_id, event_type, resource_type, summary, resource)
       values (?, ?, ?, ?, ?, ?)
       on conflict (tenant_id, notification_id) do update set deliveries = wechatpay_notifications.deliveries + 1
       returning (xmax = 0) as inserted`,
      [tenantId, notification.id, notification.eventType, notification.resourceType, (notification.summary ?? '').slice(0, 200), JSON.stringify(notification.resource)],
    );
    if (!inserted.rows[0]?.inserted) return 'duplicate';
    const job: NotificationJob = { tenantId, notificationId: notification.id };
    await deps.jobs.enqueue(trx, WECHATPAY_NOTIFICATION_QUEUE, [{ data: job, singletonKey: `${tenantId}:${notification.id}` }]);
    return 'queued';
  });
}

/**
 * Processes one stored notification, once: payments and refunds settle our records (the
 * amount must match); every other event (coupons used, claimed, ...) goes to the plugins that
 * consume `wechatpay.notification`. The inbox row is locked and marked in the same transaction,
 * so concurrent or repeated jobs for one notification make one change.
 */
export async function processNotification(deps: InboxDeps, job: NotificationJob): Promise<string> {
  return inTenant(deps.knex, job.tenantId, async (trx) => {
    const row = await trx('wechatpay_notifications').where({ notification_id: job.notificationId }).forUpdate().first();
    if (!row) return 'missing';
    if (row.processed_at) return 'duplicate';
    let outcome: string;
    const eventType = row.event_type as string;
    if (eventType === 'TRANSACTION.SUCCESS') {
      outcome = await settleTransaction(trx, deps, job.tenantId, row.resource as PartnerTransaction);
    } else if (eventType.startsWith('REFUND.')) {
      outcome = await settleRefund(trx, row.resource as RefundNotificationResource);
    } else {
      await deps.events.emit(trx, job.tenantId, 'wechatpay.notification', {
        notificationId: row.notification_id, eventType, resourceType: row.resource_type, resource: row.resource,
      });
      outcome = 'emitted';
    }
    await trx('wechatpay_notifications').where({ notification_id: job.notificationId }).update({ processed_at: trx.fn.now(), outcome });
    return outcome;
  });
}
