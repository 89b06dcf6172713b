import type { Permission } from '../staff/permissions.ts';
import type { Database } from '../db/database.ts';
import type { LingshouConfig } from '../config.ts';
import type { Trx } from '../db/tenant-tx.ts';
import type { HookBus } from '../kernel/hooks/hook-bus.ts';
import type { PaymentMethodRegistry } from '../payments/payment-methods.ts';
import type { JobQueue } from '../kernel/jobs/job-queue.ts';
import type { PluginEvents } from '../kernel/events/plugin-events.ts';
import type { PluginHost } from '../kernel/plugins/plugin-host.ts';
import type { PluginJobs } from '../kernel/jobs/plugin-jobs.ts';
import type { WechatpayPayments } from '../payments/wechatpay/wechatpay-payments.ts';

/** Who is calling: decoded from the bearer token on every authenticated request. */
export interface AuthContext {
  /** The account (platform, staff) or the customer id (customer tokens, from the mall). */
  accountId: string;
  kind: 'platform' | 'staff' | 'customer';
  tenantId: string | null;
  staffId: string | null;
  permissions: string[];
  /** The stores the staff member may act in; null means every store (merchant admin). */
  storeIds: string[] | null;
  /** Customer tokens only: the customer signed in to the mall (their tenant is tenantId). */
  customerId?: string;
}

/**
 * Who may call a route: anyone, any signed-in account, the platform operator, a merchant's
 * staff, or a customer signed in to the merchant's mall.
 */
export type RouteAuth = 'public' | 'any' | 'platform' | 'staff' | 'customer';

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: RouteAuth;
    permission?: Permission;
  }
  interface FastifyInstance {
    db: Database;
    config: LingshouConfig;
    hooks: HookBus;
    payments: PaymentMethodRegistry;
    jobs: JobQueue;
    events: PluginEvents;
    plugins: PluginHost;
    pluginJobs: PluginJobs;
    wechatpay: WechatpayPayments;
  }
  interface FastifyRequest {
    auth: AuthContext | null;
    /** Runs fn in this request's tenant transaction (RLS on, tenant set). */
    inTenant<T>(fn: (trx: Trx) => Promise<T>): Promise<T>;
  }
}
