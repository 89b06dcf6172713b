import type { FastifyInstance } from 'fastify';
import { text, uuid, problemResponses, objectSchema } from '../http/schemas.ts';
import { currentUser, login, logout, refresh } from './auth.service.ts';

const userSchema = {
  type: 'object',
  properties: {
    accountId: uuid,
    username: { type: 'string' },
    name: { type: 'string' },
    kind: { type: 'string', enum: ['platform', 'staff', 'customer'] },
    customerId: { type: 'string' },
    tenantId: { type: ['string', 'null'] },
    staffId: { type: ['string', 'null'] },
    roleName: { type: ['string', 'null'] },
    permissions: { type: 'array', items: { type: 'string' } },
    storeIds: { type: ['array', 'null'], items: { type: 'string' } },
  },
} as const;

const sessionSchema = {
  type: 'object',
  properties: {
    accessToken: { type: 'string' },
    refreshToken: { type: 'string' },
    tokenType: { type: 'string' },
    expiresIn: { type: 'integer' },
    user: userSchema,
  },
} as const;

const refreshBody = objectSchema({ refreshToken: text(200, 1) }, ['refreshToken']);

export async function authRoutes(app: FastifyInstance): Promise<void> {
  app.post<{ Body: { username: string; password: string } }>('/auth/login', {
    config: {
      auth: 'public',
      // Per username and address: guessing one account from many addresses, or many from one, both stop.
      rateLimit: {
        // After body parsing: at onRequest (the default) the username is not known yet.
        hook: 'preHandler',
        max: 10,
        timeWindow: '1 minute',
        keyGenerator: (request) => `${request.ip}|${String((request.body as { username?: unknown } | undefined)?.username ?? '')}`,
      },
    },
    schema: {
      tags: ['auth'],
      body: objectSchema({ username: text(64, 1), password: text(200, 1) }, ['username', 'password']),
      response: { 200: sessionSchema, ...problemResponses },
    },
  }, (request) => login(app, request.body.username, request.body.password));

  app.post<{ Body: { refreshToken: string } }>('/auth/refresh', {
    config: { auth: 'public' },
    schema: { tags: ['auth'], body: refreshBody, response: { 200: sessionSchema, ...problemResponses } },
  }, (request) => refresh(app, request.body.refreshToken));

  app.post<{ Body: { refreshToken: string } }>('/auth/logout', {
    config: { auth: 'public' },
    schema: { tags: ['auth'], body: refreshBody, response: { 204: { type: 'null' }, ...problemResponses } },
  }, async (request, reply) => {
    await logout(app, request.body.refreshToken);
    return reply.code(204).send();
  });

  app.get('/auth/me', {
    config: { auth: 'any' },
    schema: { tags: ['auth'], response: { 200: userSchema, ...problemResponses } },
  }, (request) => currentUser(app, request.auth!));
}
