import type { FastifyInstance } from 'fastify';
import { LingshouError } from '../../errors.ts';
import { uuid } from '../../http/schemas.ts';
import { notificationFailureBody } from '../../wechatpay/notifications.ts';

/**
 * `POST /api/v1/wechatpay/notify/:tenantId`: WeChat Pay's notify_url for one merchant. The body
 * is kept byte for byte (the signature covers it), verified and stored, and answered 204 at
 * once; processing happens in a job. Anything unverifiable is refused the way WeChat expects
 * (`{code: "FAIL", message}`), so a real notification would be retried.
 */
const failure = { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } } } as const;
const answers = { 204: { type: 'null', description: 'Stored (or already stored)' }, '4xx': failure, '5xx': failure } as const;

export async function wechatpayNotifyRoutes(app: FastifyInstance): Promise<void> {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  app.setErrorHandler((error, request, reply) => {
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    if (status >= 500) request.log.error({ err: error }, 'WeChat Pay notification failed');
    else request.log.warn({ code: (error as LingshouError).code, extra: (error as LingshouError).extra }, 'WeChat Pay notification refused');
    return reply.code(status).send(notificationFailureBody(error instanceof LingshouError ? error.message : 'internal error'));
  });

  app.post<{ Params: { tenantId: string }; Body: string }>('/wechatpay/notify/:tenantId', {
    config: { auth: 'public' },
    schema: {
      tags: ['wechatpay'],
      description: 'WeChat Pay notifications for one merchant (its notify_url). Verified, stored, answered 204; processed in a job.',
      params: { type: 'object', required: ['tenantId'], additionalProperties: false, properties: { tenantId: uuid } },
      body: { type: 'string' },
      response: answers,
    },
  }, async (request, reply) => {
    await app.wechatpay.receive(request.params.tenantId, { headers: request.headers, body: request.body });
    return reply.code(204).send();
  });

  app.post<{ Params: { partnerId: string }; Body: string }>('/wechatpay/notify/partners/:partnerId', {
    config: { auth: 'public' },
    schema: {
      tags: ['wechatpay'],
      description: 'WeChat Pay marketing notifications for a partner (its vouchers\' and merchant coupons\' callback URL): verified, routed to the merchant that owns the stock, stored, answered 204.',
      params: { type: 'object', required: ['partnerId'], additionalProperties: false, properties: { partnerId: uuid } },
      body: { type: 'string' },
      response: answers,
    },
  }, async (request, reply) => {
    await app.wechatpay.receiveForPartner(request.params.partnerId, { headers: request.headers, body: request.body });
    return reply.code(204).send();
  });
}
