import type { FastifyInstance } from 'fastify';
import { assertStoreAccess } from '../http/auth-guard.ts';
import { problemResponses, uuid } from '../http/schemas.ts';
import { chinaToday, dashboardFigures } from './dashboard.service.ts';

const day = { type: 'object', properties: { date: { type: 'string', format: 'date' }, salesFen: { type: 'integer' }, orders: { type: 'integer' } } } as const;

const dashboardOutput = {
  type: 'object',
  properties: {
    today: { type: 'object', properties: { ...day.properties, averageTicketFen: { type: 'integer' } } },
    series: { type: 'array', items: day },
  },
} as const;

export async function reportsRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: { storeId?: string; date?: string } }>('/reports/dashboard', {
    config: { auth: 'staff', permission: 'order.read' },
    schema: {
      tags: ['reports'],
      description: "Today's sales, order count and average ticket, and the 30-day daily series, in Asia/Shanghai days. Without storeId: every store the staff member may see.",
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: {
          storeId: uuid,
          // The day to report as "today" (Asia/Shanghai); defaults to the current one.
          date: { type: 'string', format: 'date' },
        },
      },
      response: { 200: dashboardOutput, ...problemResponses },
    },
  }, async (request) => {
    const { storeId, date } = request.query;
    if (storeId) assertStoreAccess(request, storeId);
    const storeIds = storeId ? [storeId] : request.auth!.storeIds ?? undefined;
    return request.inTenant((trx) => dashboardFigures(trx, date ?? chinaToday(), storeIds));
  });
}
