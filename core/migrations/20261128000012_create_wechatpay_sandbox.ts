import type { Knex } from 'knex';
import { APP_ROLE } from '../src/db/tenant-tx.ts';

/**
 * The local WeChat Pay APIv3 simulator (core/src/wechatpay/sandbox, docs/wechatpay-sandbox.md).
 * It plays WeChat's side, so its state is not a tenant's: its own schema, no tenant_id, no RLS,
 * used only through the owner connection. The request role gets nothing here (the default
 * privileges of migration 1 cover schema public only; the revokes below make that explicit).
 */
const SCHEMA = 'wechatpay_sandbox';

export async function up(knex: Knex): Promise<void> {
  await knex.raw('create schema if not exists ??', [SCHEMA]);
  // A fresh builder per table: one builder accumulates, and would re-run earlier statements.
  const s = { createTable: (name: string, build: (t: Knex.CreateTableBuilder) => void) => knex.schema.withSchema(SCHEMA).createTable(name, build) };

  // The sandbox's own keys: the platform certificate key and the WeChat Pay public key (one row each).
  await s.createTable('platform_keys', (t) => {
    t.string('kind', 16).primary().checkIn(['certificate', 'public_key']);
    // The certificate serial (upper-case hex) or the PUB_KEY_ID_… id.
    t.string('key_id', 64).notNullable().unique();
    t.text('private_key_enc').notNullable();
    t.text('public_key_pem').notNullable();
    t.text('certificate_pem');
    t.timestamp('effective_time', { useTz: true }).notNullable();
    t.timestamp('expire_time', { useTz: true }).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await s.createTable('service_providers', (t) => {
    t.string('sp_mchid', 32).primary();
    t.string('name', 100).notNullable();
    t.string('sp_appid', 32);
    // Which key signs this merchant's answers and notifications (Wechatpay-Serial says which).
    t.string('verify_mode', 16).notNullable().defaultTo('certificate').checkIn(['certificate', 'public_key']);
    t.text('apiv3_key_enc').notNullable();
    t.text('apiv2_key_enc');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await s.createTable('merchant_certificates', (t) => {
    t.string('sp_mchid', 32).notNullable().references('sp_mchid').inTable(`${SCHEMA}.service_providers`).onDelete('cascade');
    t.string('serial_no', 64).notNullable();
    t.text('public_key_pem').notNullable();
    t.text('certificate_pem');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['sp_mchid', 'serial_no']);
  });
  await s.createTable('sub_merchants', (t) => {
    t.string('sub_mchid', 32).primary();
    t.string('sp_mchid', 32).notNullable().references('sp_mchid').inTable(`${SCHEMA}.service_providers`).onDelete('cascade');
    t.string('name', 100).notNullable();
    t.string('sub_appid', 32);
    // 免充值 vouchers need the sub-merchant's authorisation of the service provider.
    t.boolean('no_cash_authorized').notNullable().defaultTo(true);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['sp_mchid']);
  });
  // Simulated customers' payment codes handed out by the admin API (bound to an openid).
  await s.createTable('payment_codes', (t) => {
    t.string('auth_code', 32).primary();
    t.string('openid', 128).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await s.createTable('transactions', (t) => {
    t.string('id', 64).primary();
    t.string('sp_mchid', 32).notNullable();
    t.string('sub_mchid', 32).notNullable();
    t.string('out_trade_no', 32).notNullable();
    t.string('trade_type', 16).notNullable().checkIn(['JSAPI', 'MICROPAY']);
    t.string('trade_state', 16).notNullable();
    t.string('trade_state_desc', 128);
    t.string('prepay_id', 64).unique();
    t.string('transaction_id', 32).unique();
    t.string('auth_code', 32);
    t.string('openid', 128);
    t.bigInteger('total_fen').notNullable();
    t.bigInteger('payer_total_fen');
    // The request as received (its significant fields decide whether a repeat is the same order).
    t.jsonb('request').notNullable();
    t.string('request_hash', 64).notNullable();
    t.jsonb('promotion_detail');
    t.integer('query_count').notNullable().defaultTo(0);
    t.timestamp('success_time', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['sp_mchid', 'sub_mchid', 'out_trade_no']);
  });
  await s.createTable('refunds', (t) => {
    t.string('refund_id', 32).primary();
    t.string('sp_mchid', 32).notNullable();
    t.string('sub_mchid', 32).notNullable();
    t.string('out_refund_no', 64).notNullable();
    t.string('transaction_pk', 64).notNullable().references('id').inTable(`${SCHEMA}.transactions`);
    t.string('status', 16).notNullable();
    t.bigInteger('refund_fen').notNullable();
    t.bigInteger('payer_refund_fen').notNullable();
    t.bigInteger('discount_refund_fen').notNullable();
    t.bigInteger('settlement_refund_fen').notNullable();
    t.jsonb('promotion_detail');
    t.jsonb('request').notNullable();
    t.string('request_hash', 64).notNullable();
    t.string('notify_url', 256);
    t.timestamp('success_time', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['sub_mchid', 'out_refund_no']);
    t.index(['transaction_pk']);
  });

  // 商家券 (merchant coupons).
  await s.createTable('busifavor_stocks', (t) => {
    t.string('stock_id', 32).primary();
    t.string('creator_mchid', 32).notNullable();
    t.string('belong_merchant', 32).notNullable();
    t.string('out_request_no', 128).notNullable();
    t.string('stock_state', 16).notNullable();
    t.string('coupon_code_mode', 16).notNullable();
    t.integer('max_coupons').notNullable();
    t.integer('max_coupons_per_user').notNullable();
    t.integer('max_coupons_by_day');
    t.integer('sent_count').notNullable().defaultTo(0);
    t.integer('used_count').notNullable().defaultTo(0);
    // The stock as created and modified (WeChat's field names).
    t.jsonb('stock').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['creator_mchid', 'out_request_no']);
  });
  await s.createTable('busifavor_coupons', (t) => {
    t.string('stock_id', 32).notNullable().references('stock_id').inTable(`${SCHEMA}.busifavor_stocks`);
    t.string('coupon_code', 128).notNullable();
    t.string('openid', 128).notNullable();
    t.string('appid', 32);
    t.string('state', 16).notNullable().checkIn(['SENDED', 'USED', 'DEACTIVATED', 'EXPIRED']);
    t.string('send_request_no', 128).notNullable();
    t.string('send_merchant', 32).notNullable();
    t.string('send_channel', 48).notNullable();
    t.timestamp('send_time', { useTz: true }).notNullable();
    t.timestamp('use_time', { useTz: true });
    t.jsonb('use_info');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['stock_id', 'coupon_code']);
    t.unique(['stock_id', 'send_merchant', 'send_request_no']);
    t.index(['openid']);
  });

  // 代金券 (vouchers).
  await s.createTable('favor_stocks', (t) => {
    t.string('stock_id', 32).primary();
    t.string('creator_mchid', 32).notNullable();
    t.string('belong_merchant', 32).notNullable();
    t.string('out_request_no', 128).notNullable();
    t.string('status', 16).notNullable().checkIn(['unactivated', 'running', 'paused', 'stoped']);
    t.boolean('no_cash').notNullable();
    t.bigInteger('coupon_amount_fen').notNullable();
    t.bigInteger('transaction_minimum_fen').notNullable();
    t.integer('max_coupons').notNullable();
    t.bigInteger('max_amount_fen').notNullable();
    t.integer('max_coupons_per_user').notNullable();
    t.integer('distributed_coupons').notNullable().defaultTo(0);
    t.jsonb('stock').notNullable();
    t.timestamp('start_time', { useTz: true });
    t.timestamp('pause_time', { useTz: true });
    t.timestamp('restart_time', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['creator_mchid', 'out_request_no']);
  });
  await s.createTable('favor_coupons', (t) => {
    t.string('coupon_id', 32).primary();
    t.string('stock_id', 32).notNullable().references('stock_id').inTable(`${SCHEMA}.favor_stocks`);
    t.string('openid', 128).notNullable();
    t.string('appid', 32).notNullable();
    t.string('status', 16).notNullable().checkIn(['SENDED', 'USED', 'EXPIRED']);
    t.string('out_request_no', 128).notNullable();
    t.string('sender_mchid', 32).notNullable();
    t.bigInteger('coupon_amount_fen').notNullable();
    t.bigInteger('transaction_minimum_fen').notNullable();
    t.jsonb('consume_information');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['sender_mchid', 'stock_id', 'out_request_no']);
    t.index(['openid', 'status']);
  });

  // Marketing callback URLs (POST /v3/marketing/{busifavor,favor}/callbacks), per merchant.
  await s.createTable('callbacks', (t) => {
    t.string('mchid', 32).notNullable();
    t.string('product', 16).notNullable().checkIn(['busifavor', 'favor']);
    t.string('notify_url', 256).notNullable();
    t.boolean('enabled').notNullable().defaultTo(true);
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['mchid', 'product']);
  });
  // Marketing operations keyed by the merchant's request number (use, return, deactivate, budget).
  await s.createTable('request_log', (t) => {
    t.string('mchid', 32).notNullable();
    t.string('operation', 32).notNullable();
    t.string('request_no', 128).notNullable();
    t.string('request_hash', 64).notNullable();
    t.jsonb('response').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['mchid', 'operation', 'request_no']);
  });

  // Notifications sent to merchants, and every attempt to deliver one.
  await s.createTable('notifications', (t) => {
    t.string('id', 64).primary();
    t.string('mchid', 32).notNullable();
    t.string('event_type', 48).notNullable();
    t.string('notify_url', 256).notNullable();
    t.text('body').notNullable();
    t.string('schedule', 16).notNullable().checkIn(['payment', 'coupon']);
    t.string('state', 16).notNullable().checkIn(['pending', 'delivered', 'failed']);
    t.integer('attempts').notNullable().defaultTo(0);
    t.timestamp('next_attempt_at', { useTz: true });
    t.string('subject', 128);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('delivered_at', { useTz: true });
    t.index(['state', 'next_attempt_at']);
    t.index(['subject']);
  });
  await s.createTable('notification_attempts', (t) => {
    t.string('notification_id', 64).notNullable().references('id').inTable(`${SCHEMA}.notifications`).onDelete('cascade');
    t.integer('attempt').notNullable();
    t.timestamp('at', { useTz: true }).notNullable();
    t.integer('status_code');
    t.string('error', 500);
    t.integer('duration_ms').notNullable();
    t.primary(['notification_id', 'attempt']);
  });

  await knex.raw(`revoke all on schema ${SCHEMA} from public`);
  await knex.raw(`revoke all on all tables in schema ${SCHEMA} from ${APP_ROLE}`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop schema if exists ?? cascade', [SCHEMA]);
}
