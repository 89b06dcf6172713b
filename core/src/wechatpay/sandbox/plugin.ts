/**
 * The WeChat Pay APIv3 sandbox as a fastify plugin. Mount it under a prefix of the main server
 * (demo mode) or on a server of its own:
 *
 *   await app.register(wechatpaySandbox, { prefix: '/sandbox/wechatpay', knex: db.knex, masterKey: config.masterKey });
 *
 * `<prefix>/v3/…` answers like api.mch.weixin.qq.com; `<prefix>/admin/…` is its admin API;
 * `<prefix>/pay/{prepay_id}` is the customer's confirm-payment page. docs/wechatpay-sandbox.md.
 */
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { sendProblem } from '../../http/problem.ts';
import { validatorCompiler } from '../../http/validation.ts';
import { adminRoutes } from './admin.routes.ts';
import { createContext, type SandboxContext, type WechatpaySandboxOptions } from './context.ts';
import { customerRoutes } from './customer.routes.ts';
import { resumeNotifications } from './notifier.ts';
import { resumeRefunds } from './refunds.ts';
import { rememberRawBody, signResponse, verifyRequest } from './signing.ts';
import { v3Routes } from './v3.routes.ts';
import { WechatError } from './wechat-error.ts';

function wechatErrorHandler(ctx: SandboxContext) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof WechatError) return reply.code(error.statusCode).send(error.toBody());
    if (error.validation) {
      const first = error.validation[0];
      const field = `${error.validationContext ?? 'body'}${first?.instancePath ?? ''}`;
      return reply.code(400).send({ code: 'PARAM_ERROR', message: `参数错误：${error.message}`, detail: { field, location: error.validationContext ?? 'body' } });
    }
    const status = error.statusCode ?? 500;
    if (status === 404) return reply.code(404).send({ code: 'RESOURCE_NOT_EXISTS', message: error.message });
    if (status >= 400 && status < 500) return reply.code(status).send({ code: 'PARAM_ERROR', message: error.message });
    ctx.log.error({ err: error }, 'wechatpay sandbox: request failed');
    return reply.code(500).send({ code: 'SYSTEM_ERROR', message: '系统错误' });
  };
}

/** The sandbox plugin: register it with a `prefix` (e.g. `/sandbox/wechatpay`) and the options. */
export async function wechatpaySandbox(app: FastifyInstance, options: WechatpaySandboxOptions): Promise<void> {
  const ctx = createContext(options, app.log.child({ module: 'wechatpay-sandbox' }));
  const mountPrefix = app.prefix;

  app.setValidatorCompiler(validatorCompiler);
  app.setReplySerializer((payload) => JSON.stringify(payload));
  // The raw body is what the merchant signed; it is kept before parsing.
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const raw = body as string;
    rememberRawBody(request, raw);
    if (raw === '') return done(null, undefined);
    try {
      done(null, JSON.parse(raw));
    } catch (error) {
      done(Object.assign(error as Error, { statusCode: 400 }), undefined);
    }
  });

  await app.register(async (v3) => {
    v3.addHook('preValidation', (request) => verifyRequest(ctx, mountPrefix, request));
    v3.addHook('onSend', (request, reply, payload) => signResponse(ctx, request, reply, payload));
    v3.setErrorHandler(wechatErrorHandler(ctx));
    v3.setNotFoundHandler((request, reply) => reply.code(404).send({ code: 'RESOURCE_NOT_EXISTS', message: `沙箱未实现接口 ${request.method} ${request.url}` }));
    await v3.register(v3Routes, { ctx });
  }, { prefix: '/v3' });

  await app.register(async (admin) => {
    admin.setErrorHandler((error, request, reply) => sendProblem(error, request, reply));
    // A POST without a body means "all defaults" (provision, payment codes).
    admin.addHook('preValidation', async (request) => {
      if (request.method !== 'GET' && request.body === undefined) request.body = {};
    });
    await admin.register(adminRoutes, { ctx });
  }, { prefix: '/admin' });

  await app.register(async (customer) => {
    customer.setErrorHandler((error, request, reply) => sendProblem(error, request, reply));
    await customer.register(customerRoutes, { ctx });
  });

  app.addHook('onReady', async () => {
    await ctx.platform();
    await resumeNotifications(ctx);
    await resumeRefunds(ctx);
  });
  app.addHook('onClose', () => ctx.timers.close());
}

export interface SandboxServer {
  app: FastifyInstance;
  /** Base URL to use instead of https://api.mch.weixin.qq.com, e.g. http://127.0.0.1:4010 */
  url: string;
  close(): Promise<void>;
}

/** The sandbox on a port of its own, at the root (`/v3/…` as on api.mch.weixin.qq.com). */
export async function startWechatpaySandboxServer(
  options: WechatpaySandboxOptions & { host?: string; port?: number; logger?: boolean },
): Promise<SandboxServer> {
  const { host = '127.0.0.1', port = 0, logger = false, ...sandbox } = options;
  const app = Fastify({ logger });
  await app.register(wechatpaySandbox, sandbox);
  await app.listen({ host, port });
  const address = app.server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  return { app, url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}`, close: () => app.close() };
}
