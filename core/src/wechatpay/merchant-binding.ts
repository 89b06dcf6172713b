import type { Knex } from 'knex';
import { errors } from '../errors.ts';
import { WechatpayClient } from './client.ts';
import { loadPartnerCredentials, loadPartnerCredentialsById, type PartnerCredentials, type PartnerWechatpayRow } from './credentials.ts';
import { INTERNAL_ORIGIN } from './internal-fetch.ts';

/** A merchant as a WeChat Pay sub-merchant (特约商户) of its partner (服务商). */
export interface WechatpayBinding {
  tenantId: string;
  partnerId: string;
  spMchid: string;
  spAppid: string;
  subMchid: string;
  /** The merchant's own mini program; null when it sells through the partner's sp_appid. */
  subAppid: string | null;
  /** Calls go to this server's WeChat Pay sandbox instead of WeChat. */
  sandbox: boolean;
  /** Where WeChat posts this merchant's payment and refund notifications: the kernel's inbox. */
  notifyUrl: string;
  /**
   * Where to point marketing callbacks (setMarketingCallback): WeChat keeps one per service
   * provider, so it is the partner's inbox, which routes each coupon notification to the
   * merchant that registered the stock (ctx.kernel.wechatpay.registerStock).
   */
  marketingNotifyUrl: string;
}

export interface MerchantWechatpay {
  binding: WechatpayBinding;
  client: WechatpayClient;
  credentials: PartnerCredentials;
}

export interface BindingOptions {
  /** The owner connection: partner secrets are not readable as the request role. */
  knex: Knex;
  masterKey: Buffer;
  /** LINGSHOU_PUBLIC_URL: production partners' notify_url is built from it. */
  publicUrl: string | undefined;
  /** Reaches the in-process sandbox for INTERNAL_ORIGIN URLs. */
  fetch: typeof fetch;
  /** The sandbox is mounted (config.wechatpaySandbox); a sandbox partner needs it. */
  sandboxMounted: boolean;
}

interface BindingRow extends PartnerWechatpayRow {
  partner_id: string | null;
  sub_mchid: string | null;
  sub_appid: string | null;
  wechatpay_api: 'production' | 'sandbox';
  partner_updated_at: Date;
}

/**
 * Resolves a merchant's WeChat Pay: its partner's credentials (decrypted once per partner
 * version and cached), a client signed as the partner and pointed at WeChat or the sandbox,
 * and the notify_url of its inbox.
 */
export class WechatpayBindings {
  readonly #options: BindingOptions;
  readonly #clients = new Map<string, { version: number; client: WechatpayClient }>();

  constructor(options: BindingOptions) {
    this.#options = options;
  }

  /**
   * The merchant's WeChat Pay. Inside the tenant's transaction pass it as `trx`: the binding is
   * read on that connection (through the security-definer function wechatpay_binding()).
   */
  async forTenant(tenantId: string, trx?: Knex.Transaction): Promise<MerchantWechatpay> {
    const row = (trx
      ? (await trx.raw('select * from wechatpay_binding()')).rows[0]
      : await this.#options.knex('tenants as t')
        .leftJoin('partners as p', 'p.id', 't.partner_id')
        .where('t.id', tenantId)
        .first(
          't.partner_id', 't.sub_mchid', 't.sub_appid', 'p.sp_mchid', 'p.sp_appid', 'p.api_cert_serial', 'p.platform_certificate',
          'p.wechatpay_public_key_id', 'p.wechatpay_public_key', 'p.apiv3_key_enc', 'p.api_private_key_enc', 'p.apiv2_key_enc',
          'p.wechatpay_api', 'p.updated_at as partner_updated_at',
        )) as BindingRow | undefined;
    if (!row?.partner_id || !row.sub_mchid) {
      throw errors.LS_WECHATPAY_NOT_CONFIGURED('This merchant has no WeChat Pay sub-merchant number (sub_mchid) under a partner', {
        extra: { missing: row?.partner_id ? ['sub_mchid'] : ['partner'] },
      });
    }
    const sandbox = row.wechatpay_api === 'sandbox';
    if (sandbox && !this.#options.sandboxMounted) {
      throw errors.LS_WECHATPAY_NOT_CONFIGURED('The partner uses the WeChat Pay sandbox, which this server does not run (LINGSHOU_WECHATPAY_SANDBOX=1)');
    }
    const client = this.#client(row, sandbox);
    const origin = sandbox ? INTERNAL_ORIGIN : this.#options.publicUrl;
    if (!origin) {
      throw errors.LS_WECHATPAY_NOT_CONFIGURED('LINGSHOU_PUBLIC_URL must be set for WeChat Pay to reach this server', { extra: { missing: ['LINGSHOU_PUBLIC_URL'] } });
    }
    const { credentials } = client;
    return {
      client, credentials,
      binding: {
        tenantId, partnerId: row.partner_id, spMchid: credentials.spMchid, spAppid: credentials.spAppid,
        subMchid: row.sub_mchid, subAppid: row.sub_appid, sandbox,
        notifyUrl: `${origin}/api/v1/wechatpay/notify/${tenantId}`,
        marketingNotifyUrl: `${origin}/api/v1/wechatpay/notify/partners/${row.partner_id}`,
      },
    };
  }

  /** A partner's credentials, for notifications sent to the partner's inbox. */
  async partnerCredentials(partnerId: string): Promise<PartnerCredentials> {
    return loadPartnerCredentialsById(this.#options.knex, this.#options.masterKey, partnerId);
  }

  /** The partner's credentials for verifying a notification (no merchant needed). */
  async credentialsOf(tenantId: string, trx?: Knex.Transaction): Promise<PartnerCredentials> {
    return (await this.forTenant(tenantId, trx)).credentials;
  }

  #client(row: BindingRow, sandbox: boolean): WechatpayClient {
    const partnerId = row.partner_id!;
    const version = new Date(row.partner_updated_at).getTime();
    const cached = this.#clients.get(partnerId);
    if (cached?.version === version) return cached.client;
    const credentials = loadPartnerCredentials({ ...row, id: partnerId }, this.#options.masterKey);
    const client = new WechatpayClient({
      credentials,
      ...(sandbox ? { baseUrl: `${INTERNAL_ORIGIN}/sandbox/wechatpay`, fetch: this.#options.fetch } : {}),
    });
    this.#clients.set(partnerId, { version, client });
    return client;
  }
}
