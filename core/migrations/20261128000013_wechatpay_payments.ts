import type { Knex } from 'knex';
import { APP_ROLE, protectTenantTable } from '../src/db/schema-helpers.ts';
import { runOnConnection } from '../src/db/raw-connection.ts';
import { JOB_SCHEMA, WECHATPAY_CHECK_QUEUE, WECHATPAY_NOTIFICATION_QUEUE } from '../src/kernel/jobs/queues.ts';

// Notifications are retried by WeChat too; checks reschedule themselves, so a failure retries briefly.
const queues = [
  [WECHATPAY_NOTIFICATION_QUEUE, { policy: 'standard', retryLimit: 8, retryDelay: 2, retryBackoff: true }],
  [WECHATPAY_CHECK_QUEUE, { policy: 'standard', retryLimit: 5, retryDelay: 3, retryBackoff: true }],
] as const;

/**
 * WeChat Pay in the kernel: where each partner's calls go (WeChat or the local sandbox), the
 * merchant's mini-program appid, and the notification inbox (core/src/wechatpay/inbox).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('partners', (t) => {
    // 'production': api.mch.weixin.qq.com; 'sandbox': this server's WeChat Pay sandbox.
    t.string('wechatpay_api', 16).notNullable().defaultTo('production').checkIn(['production', 'sandbox']);
  });
  await knex.raw(`grant select (wechatpay_api) on partners to ${APP_ROLE}`);
  await knex.schema.alterTable('tenants', (t) => {
    // The merchant's own mini program (sub_appid); the partner's sp_appid is used when it has none.
    t.string('sub_appid', 32);
  });
  // The signed-in tenant's WeChat Pay binding, secrets still sealed under the master key, for code
  // that runs inside the tenant's transaction: the request role cannot select the secret columns,
  // and a second connection is not always available (the embedded PGlite has one).
  await knex.raw(`
    create function wechatpay_binding()
    returns table (partner_id uuid, sub_mchid text, sub_appid text, sp_mchid text, sp_appid text, api_cert_serial text,
      platform_certificate text, wechatpay_public_key_id text, wechatpay_public_key text, apiv3_key_enc text,
      api_private_key_enc text, apiv2_key_enc text, wechatpay_api text, partner_updated_at timestamptz)
    language sql stable security definer set search_path = public as $$
      select t.partner_id, t.sub_mchid, t.sub_appid, p.sp_mchid, p.sp_appid, p.api_cert_serial, p.platform_certificate,
        p.wechatpay_public_key_id, p.wechatpay_public_key, p.apiv3_key_enc, p.api_private_key_enc, p.apiv2_key_enc,
        p.wechatpay_api, p.updated_at
      from tenants t left join partners p on p.id = t.partner_id
      where t.id = nullif(current_setting('app.tenant_id', true), '')::uuid
    $$`);
  await knex.raw(`revoke all on function wechatpay_binding() from public`);
  await knex.raw(`grant execute on function wechatpay_binding() to ${APP_ROLE}`);
  await knex.schema.createTable('wechatpay_notifications', (t) => {
    t.uuid('tenant_id').notNullable();
    // WeChat's notification id: the same notification delivered again has the same id.
    t.string('notification_id', 64).notNullable();
    t.string('event_type', 64).notNullable();
    t.string('resource_type', 64).notNullable();
    t.string('summary', 200).notNullable().defaultTo('');
    t.jsonb('resource').notNullable();
    t.timestamp('received_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.integer('deliveries').notNullable().defaultTo(1);
    t.timestamp('processed_at', { useTz: true });
    t.string('outcome', 200);
    t.primary(['tenant_id', 'notification_id']);
    t.index(['tenant_id', 'processed_at']);
  });
  await protectTenantTable(knex, 'wechatpay_notifications');
  await knex.schema.alterTable('refund_payments', (t) => {
    // The provider's answer: WeChat's refund_id, status and promotion_detail with refund_amount per promotion.
    t.jsonb('data').notNullable().defaultTo('{}');
  });
  for (const [name, options] of queues) {
    await runOnConnection(knex, `select ${JOB_SCHEMA}.create_queue($1, $2)`, [name, JSON.stringify(options)]);
  }
  // The reconciliation job finds payments still waiting for WeChat.
  await knex.raw(`create index payments_pending_by_method on payments (method, created_at) where status = 'pending'`);
}

export async function down(knex: Knex): Promise<void> {
  for (const [name] of queues) await runOnConnection(knex, `select ${JOB_SCHEMA}.delete_queue($1)`, [name]);
  await knex.schema.alterTable('refund_payments', (t) => t.dropColumn('data'));
  await knex.raw('drop index payments_pending_by_method');
  await knex.schema.dropTable('wechatpay_notifications');
  await knex.raw('drop function wechatpay_binding()');
  await knex.schema.alterTable('tenants', (t) => t.dropColumn('sub_appid'));
  await knex.raw(`revoke select (wechatpay_api) on partners from ${APP_ROLE}`);
  await knex.schema.alterTable('partners', (t) => t.dropColumn('wechatpay_api'));
}
