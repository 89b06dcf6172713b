/**
 * The sandbox admin API under `<mount>/admin` (ours, not WeChat's: camelCase, problem+json
 * errors): register or provision service providers and sub-merchants, read the platform
 * certificate and public key, hand out payment codes, pay a prepay, list notifications.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { errors } from '../../errors.ts';
import { objectSchema, text } from '../../http/schemas.ts';
import type { SandboxContext } from './context.ts';
import {
  addCertificate, addSubMerchant, describeServiceProvider, provisionServiceProvider, registerServiceProvider, updateServiceProvider,
  updateSubMerchant, type CertificateInput, type ServiceProviderInput, type SubMerchantInput,
} from './merchants.ts';
import { listNotifications } from './notifier.ts';
import { issuePaymentCode, payPrepay, transactionView, type PaymentCodeOutcome } from './payments.ts';
import type { VerifyMode } from './platform.ts';
import { wechatTime } from './wire.ts';

const digits = { type: 'string', pattern: '^[0-9]{6,32}$' } as const;
const key32 = { type: 'string', minLength: 32, maxLength: 32, pattern: '^[\\x21-\\x7e]{32}$' } as const;
const pem = text(20_000, 1);
const verifyMode = { type: 'string', enum: ['certificate', 'public_key'] } as const;
const appid = text(32, 1);
const subMerchant = objectSchema({ subMchid: digits, name: text(100, 1), subAppid: appid, noCashAuthorized: { type: 'boolean' } }, ['name']);
const certificateFields = { apiCertificate: pem, apiPublicKey: pem, apiCertSerial: { type: 'string', pattern: '^[0-9A-Fa-f]{1,64}$' } } as const;
const any = { type: 'object', additionalProperties: true } as const;
const problem = { type: 'object', additionalProperties: true } as const;
const problems = { 400: problem, 401: problem, 404: problem, 409: problem } as const;
const spParams = objectSchema({ spMchid: digits }, ['spMchid']);

type Req<B = unknown, P = Record<string, string>, Q = Record<string, string>> = FastifyRequest<{ Body: B; Params: P; Querystring: Q }>;

function sameSecret(given: string | undefined, expected: string): boolean {
  const a = Buffer.from(given ?? '', 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function adminRoutes(app: FastifyInstance, { ctx }: { ctx: SandboxContext }): Promise<void> {
  const tags = ['WeChat Pay sandbox'];
  const hide = true;
  app.addHook('onRequest', async (request) => {
    const token = ctx.settings.adminToken;
    if (token && !sameSecret(request.headers['x-sandbox-admin-token'] as string | undefined, token)) throw errors.LS_WXSANDBOX_ADMIN_TOKEN();
  });

  app.get('/platform', { schema: { hide, tags, response: { 200: any, ...problems } } }, async () => {
    const { certificate, publicKey } = await ctx.platform();
    return {
      certificate: {
        serialNo: certificate.keyId, certificate: certificate.certificatePem,
        effectiveTime: wechatTime(certificate.effectiveTime), expireTime: wechatTime(certificate.expireTime),
      },
      publicKey: { publicKeyId: publicKey.keyId, publicKey: publicKey.publicKeyPem },
    };
  });

  app.post('/service-providers', {
    schema: {
      hide, tags, response: { 201: any, ...problems },
      body: objectSchema({ spMchid: digits, name: text(100, 1), spAppid: appid, apiv3Key: key32, apiv2Key: key32, verifyMode, ...certificateFields }, ['spMchid', 'name', 'apiv3Key']),
    },
  }, async (request: Req<ServiceProviderInput>, reply) => {
    await registerServiceProvider(ctx, request.body);
    return reply.code(201).send(await describeServiceProvider(ctx, request.body.spMchid));
  });

  app.post('/service-providers/provision', {
    schema: {
      hide, tags, response: { 201: any, ...problems },
      body: objectSchema({ name: text(100, 1), spMchid: digits, spAppid: appid, verifyMode, subMerchants: { type: 'array', minItems: 1, maxItems: 20, items: subMerchant } }),
    },
  }, async (request: Req<{ name?: string; spMchid?: string; spAppid?: string; verifyMode?: VerifyMode; subMerchants?: SubMerchantInput[] }>, reply) =>
    reply.code(201).send(await provisionServiceProvider(ctx, request.body ?? {})));

  app.get('/service-providers/:spMchid', { schema: { hide, tags, params: spParams, response: { 200: any, ...problems } } },
    (request: Req<unknown, { spMchid: string }>) => describeServiceProvider(ctx, request.params.spMchid));

  app.patch('/service-providers/:spMchid', {
    schema: { hide, tags, params: spParams, response: { 200: any, ...problems }, body: objectSchema({ name: text(100, 1), spAppid: appid, verifyMode, apiv3Key: key32, apiv2Key: key32 }) },
  }, async (request: Req<Parameters<typeof updateServiceProvider>[2], { spMchid: string }>) => {
    await updateServiceProvider(ctx, request.params.spMchid, request.body);
    return describeServiceProvider(ctx, request.params.spMchid);
  });

  app.post('/service-providers/:spMchid/certificates', {
    schema: { hide, tags, params: spParams, response: { 201: any, ...problems }, body: objectSchema({ ...certificateFields }) },
  }, async (request: Req<CertificateInput, { spMchid: string }>, reply) =>
    reply.code(201).send({ serialNo: await addCertificate(ctx, request.params.spMchid, request.body) }));

  app.post('/service-providers/:spMchid/sub-merchants', { schema: { hide, tags, params: spParams, body: subMerchant, response: { 201: any, ...problems } } },
    async (request: Req<SubMerchantInput, { spMchid: string }>, reply) => reply.code(201).send(await addSubMerchant(ctx, request.params.spMchid, request.body)));

  app.patch('/service-providers/:spMchid/sub-merchants/:subMchid', {
    schema: {
      hide, tags, params: objectSchema({ spMchid: digits, subMchid: digits }, ['spMchid', 'subMchid']), response: { 200: any, ...problems },
      body: objectSchema({ name: text(100, 1), subAppid: appid, noCashAuthorized: { type: 'boolean' } }),
    },
  }, (request: Req<{ name?: string; subAppid?: string; noCashAuthorized?: boolean }, { spMchid: string; subMchid: string }>) =>
    updateSubMerchant(ctx, request.params.spMchid, request.params.subMchid, request.body));

  app.post('/payment-codes', {
    schema: {
      hide, tags, response: { 201: any, ...problems },
      body: objectSchema({ openid: text(128, 1), outcome: { type: 'string', enum: ['success', 'user-paying', 'not-enough', 'never-completes'] } }),
    },
  }, async (request: Req<{ openid?: string; outcome?: PaymentCodeOutcome } | undefined>, reply) =>
    reply.code(201).send(await issuePaymentCode(ctx, request.body ?? {})));

  app.post('/prepays/:prepayId/pay', { schema: { hide, tags, params: objectSchema({ prepayId: text(64, 1) }, ['prepayId']), response: { 200: any, ...problems } } },
    async (request: Req<unknown, { prepayId: string }>) => transactionView(await payPrepay(ctx, request.params.prepayId)));

  app.get('/notifications', {
    schema: {
      hide, tags, response: { 200: { type: 'array', items: any }, ...problems },
      querystring: objectSchema({ mchid: digits, subject: text(128, 1), eventType: text(48, 1), limit: { type: 'integer', minimum: 1, maximum: 500 } }),
    },
  }, (request: Req<unknown, Record<string, string>, { mchid?: string; subject?: string; eventType?: string; limit?: number }>) => listNotifications(ctx, request.query));
}
