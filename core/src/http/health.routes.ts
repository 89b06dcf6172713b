import type { FastifyInstance } from 'fastify';

export async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get('/health', {
    config: { auth: 'public' },
    schema: {
      tags: ['health'],
      response: { 200: { type: 'object', properties: { status: { type: 'string' }, database: { type: 'string' } } } },
    },
  }, async () => {
    await app.db.knex.raw('select 1');
    return { status: 'ok', database: app.db.kind };
  });
}
