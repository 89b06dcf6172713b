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
      response: {
        204: { type: 'null', description: 'Stored (or already stored)' },
        '4xx': { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } } },
        '5xx': { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } } },
      },
    },
  }, async (request, reply) => {
    await app.wechatpay.receive(request.params.tenantId, { headers: request.headers, body: request.body });
    return reply.code(204).send();
  });
}
