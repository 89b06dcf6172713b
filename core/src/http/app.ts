import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import jwt from '@fastify/jwt';
import rateLimit from '@fastify/rate-limit';
import multipart from '@fastify/multipart';
import type { Database } from '../db/database.ts';
import type { LingshouConfig } from '../config.ts';
import { validatorCompiler } from './validation.ts';
import { sendProblem } from './problem.ts';
import { authenticate, requestInTenant, requireAuthDeclaration } from './auth-guard.ts';
import { registerOpenApi } from './openapi.ts';
import { apiRoutes } from './api-routes.ts';
import { HookBus } from '../kernel/hooks/hook-bus.ts';
import { PaymentMethodRegistry } from '../payments/payment-methods.ts';
import { cashMethod } from '../payments/cash-method.ts';
import { JobQueue } from '../kernel/jobs/job-queue.ts';
import { PluginEvents } from '../kernel/events/plugin-events.ts';
import { PluginHost } from '../kernel/plugins/plugin-host.ts';
import { PluginJobs } from '../kernel/jobs/plugin-jobs.ts';
import type { PluginDefinition } from '../kernel/plugins/plugin-definition.ts';
import { wechatpaySandbox, type WechatpaySandboxOptions } from '../wechatpay/sandbox/index.ts';
import { internalFetch } from '../wechatpay/internal-fetch.ts';
import { openSandboxDatabase } from '../wechatpay/sandbox/sandbox-database.ts';
import { WechatpayBindings } from '../wechatpay/merchant-binding.ts';
import { wechatpayMethod } from '../payments/wechatpay/wechatpay-method.ts';
import { WechatpayPayments } from '../payments/wechatpay/wechatpay-payments.ts';
import './context.ts';

export interface AppOptions {
  db: Database;
  config: LingshouConfig;
  logger?: FastifyServerOptions['logger'];
  /** The plugins this server loads (installed and enabled separately, at run time). */
  plugins?: PluginDefinition[];
  /** Options of the WeChat Pay sandbox when config.wechatpaySandbox mounts it (tests compress its time). */
  sandbox?: Partial<Omit<WechatpaySandboxOptions, 'knex' | 'masterKey'>>;
  /** The sandbox's database when the server's is the embedded PGlite (default: one in DATA_DIR). */
  sandboxDb?: Database;
}

/** Builds the HTTP server: validation, errors, auth, OpenAPI and every kernel route under /api/v1. */
export async function buildApp({ db, config, logger, plugins = [], sandbox = {}, sandboxDb }: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: logger ?? { level: config.logLevel, redact: ['req.headers.authorization', 'req.body.password'] },
    genReqId: () => crypto.randomUUID(),
    requestIdHeader: 'x-request-id',
    bodyLimit: 2 * 1024 * 1024,
    // Booting runs migrations-adjacent work (the sandbox's recovery, plugin checks): on a slow,
    // busy machine 10 s (the default) is not always enough, and a slow boot is not an error.
    pluginTimeout: 60_000,
    ajv: { customOptions: { strict: false } },
  });
  app.decorate('db', db);
  app.decorate('config', config);
  const hooks = new HookBus();
  const payments = new PaymentMethodRegistry();
  payments.register(cashMethod);
  const jobs = new JobQueue(db.knex, (error) => app.log.error({ err: error }, 'job queue error'));
  const events = new PluginEvents(db.knex, jobs);
  // The sandbox (when mounted) is reached in-process, so it works with or without a listening port.
  const selfFetch = internalFetch(app);
  const bindings = new WechatpayBindings({
    knex: db.knex, masterKey: config.masterKey, publicUrl: config.publicUrl, fetch: selfFetch, sandboxMounted: config.wechatpaySandbox,
  });
  payments.register(wechatpayMethod({ bindings, jobs }));
  const host = new PluginHost({ knex: db.knex, hooks, payments, events, jobs, masterKey: config.masterKey, wechatpay: bindings });
  host.load(plugins);
  app.decorate('hooks', hooks);
  app.decorate('payments', payments);
  app.decorate('jobs', jobs);
  app.decorate('events', events);
  app.decorate('plugins', host);
  app.decorate('pluginJobs', new PluginJobs(db.knex, jobs, host));
  app.decorate('wechatpay', new WechatpayPayments({ knex: db.knex, bindings, jobs, events, orders: { hooks, payments, events } }, app.log));
  app.addHook('onClose', () => jobs.stop());
  app.decorateRequest('auth', null);
  app.decorateRequest('inTenant', requestInTenant);
  app.setValidatorCompiler(validatorCompiler);
  app.setErrorHandler((error, request, reply) => sendProblem(error, request, reply));
  app.setNotFoundHandler((request, reply) => sendProblem(
    Object.assign(new Error(`No route ${request.method} ${request.url}`), { statusCode: 404 }), request, reply,
  ));
  app.addHook('onRoute', requireAuthDeclaration);
  app.addHook('onRequest', (request) => authenticate(app, request));

  await app.register(jwt, { secret: config.jwtSecret });
  await app.register(rateLimit, { global: false });
  await app.register(multipart, { limits: { fileSize: 20 * 1024 * 1024, files: 1 } });
  await registerOpenApi(app);
  await app.register(apiRoutes, { prefix: '/api/v1' });
  if (config.wechatpaySandbox) {
    let sandboxKnex = sandboxDb?.knex ?? db.knex;
    if (!sandboxDb && db.kind === 'pglite') {
      const own = await openSandboxDatabase(config.dataDir);
      app.addHook('onClose', () => own.close());
      sandboxKnex = own.knex;
    }
    await app.register(wechatpaySandbox, { fetch: selfFetch, ...sandbox, prefix: '/sandbox/wechatpay', knex: sandboxKnex, masterKey: config.masterKey });
  }
  return app;
}
