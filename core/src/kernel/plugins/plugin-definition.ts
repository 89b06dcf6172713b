import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Knex } from 'knex';
import type { Capability } from './capabilities.ts';
import type { PluginHooks } from '../hooks/plugin-hooks.ts';
import type { KernelFacade } from './kernel-facade.ts';
import type { PaymentMethod } from '../../payments/payment-methods.ts';

/** A label in both languages the apps speak. */
export interface Label {
  zh: string;
  en: string;
}

/** A JSON Schema for a plugin's configuration; properties marked `x-secret: true` are sealed at rest. */
export type ConfigSchema = {
  type: 'object';
  properties: Record<string, Record<string, unknown>>;
  required?: string[];
  additionalProperties?: boolean;
};

/** This plugin's own tables, inside the current transaction: `db('greeting_templates').where(...)`. */
export interface PluginDb {
  (table: string): Knex.QueryBuilder;
  /**
   * Calls one of the plugin's own SQL functions (made by its migrations, in its schema) in the
   * transaction and answers its rows: `db.call('reserve_claim', [couponId, ...])` runs
   * `select * from <plugin schema>.reserve_claim(?, ...)`. For a hot path whose statements are
   * better sent as one (one round trip, plans kept by the connection); row-level security applies.
   */
  call<Row = Record<string, unknown>>(fn: string, args: readonly unknown[]): Promise<Row[]>;
}

/** What a plugin's code receives: tenant-scoped, limited to its declared capabilities. */
export interface PluginContext<Config = Record<string, unknown>> {
  pluginId: string;
  tenantId: string;
  /** The plugin's configuration for this tenant, secrets decrypted. */
  config: Config;
  db: PluginDb;
  kernel: KernelFacade;
  /** Queues one of the plugin's own jobs for this tenant; it runs only if the transaction commits. */
  jobs: { enqueue(job: string, data?: Record<string, unknown>): Promise<void> };
}

/** What a plugin's routes receive as options: the way into the tenant's transaction as the plugin. */
export interface PluginRouteOptions {
  /** Runs fn in the request's tenant transaction with the plugin's context (its tables, config, kernel facade). */
  inContext<T>(request: FastifyRequest, fn: (ctx: PluginContext) => Promise<T>): Promise<T>;
  /**
   * One transaction for many requests' work, for a hot path where everyone queues on one row (a
   * coupon's budget): `batch(run)` gives a function a route calls with its request, a key and its
   * item. Items of one tenant and key that arrive while a batch of theirs runs wait and go to
   * `run` together (at most `max`, default 50); an idle key runs at once. `run` answers one
   * outcome per item, in order: a value answers that request, an Error refuses it alone (the
   * others commit); a throw refuses the whole batch and rolls it back.
   */
  batch<Item, Result>(run: (ctx: PluginContext, key: string, items: Item[]) => Promise<(Result | Error)[]>, options?: { max?: number }):
    (request: FastifyRequest, key: string, item: Item) => Promise<Result>;
}

/** Admin: a menu entry and the page it opens (schema-driven CRUD or the plugin's own bundle). */
export interface AdminMenuEntry {
  key: string;
  label: Label;
  /** An Ant Design icon name, e.g. `GiftOutlined`. */
  icon?: string;
  /** Another entry's key, or a kernel menu (`marketing`, `plugins`). */
  parent?: string;
  order?: number;
  /** A kernel permission the signed-in staff needs to see the entry. */
  permission?: string;
  page: AdminPage;
}

export type AdminPage =
  | {
    kind: 'crud';
    /** The plugin route (under /api/v1/plugins/<id>) that lists and creates the resource. */
    resource: string;
    /** Field schema for the list columns and the create/edit form. */
    schema: ConfigSchema;
    columns: string[];
  }
  | {
    kind: 'bundle';
    /** A prebuilt ES module in the plugin's `ui` folder, served at /api/v1/plugins/<id>/ui/<file>. */
    module: string;
    /** The export that renders the page (a React component taking `{ api, tenant }`). */
    export?: string;
  };

export interface AdminExtension {
  menu?: AdminMenuEntry[];
}

export interface PosExtension {
  /** Tenders the plugin adds; their `id`s must be payment methods the plugin registers. */
  tenders?: { method: string; label: Label; order?: number }[];
  /** Panels in the cart, rendered from a declarative block schema. */
  cartPanels?: { key: string; label: Label; block: Record<string, unknown> }[];
  /**
   * Buttons on the till. Pressing one POSTs `{ storeId, orderId?, cart? }` to the plain path
   * `route` under the plugin (`/reprint`), and the till shows the answer's `message`. `hotkey` is
   * `F1`…`F12` or `Alt+<letter or digit>`; both are checked when the plugin loads.
   */
  actions?: { key: string; label: Label; route: string; hotkey?: string }[];
  /** Scan handlers the plugin taps on `pos.scan`, listed so the till can say what it understands. */
  scanHandlers?: { key: string; label: Label }[];
  /** Receipt blocks the plugin renders through `receipt.render`. */
  receiptBlocks?: { key: string; label: Label }[];
}

export interface MallExtension {
  /** Declarative blocks (a mini program cannot load remote code). */
  blocks?: { key: string; slot: 'home' | 'product' | 'cart' | 'checkout' | 'member'; label: Label; block: Record<string, unknown> }[];
  pages?: { key: string; title: Label; path: string; blocks: Record<string, unknown>[] }[];
}

/**
 * A background job of the plugin. Queued by the plugin (`ctx.jobs.enqueue`) for one tenant, or,
 * with `cron`, run on that schedule once for every tenant that has the plugin enabled.
 */
export interface PluginJob {
  name: string;
  /** Cron expression, China time (`0 3 * * *`: every day at 03:00). */
  cron?: string;
  handler(ctx: PluginContext, data: Record<string, unknown>): Promise<void>;
}

export interface LifecycleContext {
  pluginId: string;
  knex: Knex;
}

/**
 * Everything a plugin adds, in one declaration (a plugin package's default export).
 *
 * @example
 * export default definePlugin({
 *   id: 'greetings', version: '1.0.0', kernel: '^1.0.0', name: { zh: '祝福语', en: 'Greetings' },
 *   hooks: (h) => h.tap('receipt.render', async (receipt, ctx) => receipt),
 * });
 */
export interface PluginDefinition<Config = Record<string, unknown>> {
  /** Lower-case, dash-separated, unique: `merchant-coupon`. */
  id: string;
  /** This package's version (semver). */
  version: string;
  /** The kernel API versions it works with (semver range, e.g. `^1.0.0`). */
  kernel: string;
  name: Label;
  description?: Label;
  /** An Ant Design icon name for the plugin centre. */
  icon?: string;
  /** Other plugins it needs, with version ranges; they must be installed, and enabled first for a tenant. */
  requires?: Record<string, string>;
  permissions?: Capability[];
  config?: ConfigSchema;
  /** Absolute path of its knex migrations folder; they run in the plugin's own schema. */
  migrations?: string;
  hooks?: (h: PluginHooks<Config>) => void;
  /** After-commit event consumers, by event name; each runs once per event, with retries. */
  events?: Partial<Record<string, (ctx: PluginContext<Config>, payload: Record<string, unknown>) => Promise<void>>>;
  /** Mounted at /api/v1/plugins/<id>; requests reach it only for tenants that enabled the plugin. */
  routes?: FastifyPluginAsync<PluginRouteOptions>;
  /** Payment methods it adds to the kernel's registry. */
  paymentMethods?: PaymentMethod[];
  admin?: AdminExtension;
  pos?: PosExtension;
  mall?: MallExtension;
  /**
   * Absolute path of a folder of prebuilt ES modules (and their CSS) for the admin and the till,
   * served at /api/v1/plugins/<id>/ui/<file>; pages of `kind: 'bundle'` name a file here.
   */
  ui?: string;
  jobs?: PluginJob[];
  /** Checks a configuration beyond its schema (e.g. tries the credentials); throw to refuse it. */
  validateConfig?(config: Config, ctx: { tenantId: string }): Promise<void>;
  install?(ctx: LifecycleContext): Promise<void>;
  upgrade?(ctx: LifecycleContext, from: string): Promise<void>;
  uninstall?(ctx: LifecycleContext): Promise<void>;
  enable?(ctx: PluginContext<Config>): Promise<void>;
  disable?(ctx: PluginContext<Config>): Promise<void>;
}
