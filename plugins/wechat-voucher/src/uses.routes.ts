import { listPage, listQueryProperties, objectSchema, problemResponses, timestamp, uuid, type ListQuery } from '@lingshou/plugin-sdk';
import type { PluginRoutes } from './types.ts';

const manage = { auth: 'staff', permission: 'plugin.manage' } as const;

interface UseRow {
  id: string;
  stock_id: string;
  coupon_id: string;
  amount_fen: string | number;
  refunded_fen: string | number;
  order_id: string | null;
  transaction_id: string | null;
  from_order: boolean;
  notification_id: string | null;
  used_at: Date;
}

const useOutput = {
  type: 'object',
  properties: {
    id: uuid, stockId: uuid, couponId: { type: 'string' }, amountFen: { type: 'integer' }, refundedFen: { type: 'integer' },
    orderId: { type: ['string', 'null'] }, transactionId: { type: ['string', 'null'] }, fromOrder: { type: 'boolean' }, notified: { type: 'boolean' }, usedAt: timestamp,
  },
} as const;

const toApi = (row: UseRow) => ({
  id: row.id, stockId: row.stock_id, couponId: row.coupon_id, amountFen: Number(row.amount_fen), refundedFen: Number(row.refunded_fen),
  orderId: row.order_id, transactionId: row.transaction_id, fromOrder: row.from_order, notified: row.notification_id !== null, usedAt: row.used_at,
});

/** A stock's redeemed vouchers: what its used count is made of, with each order and refund share. */
export const usesRoutes: PluginRoutes = async (app, { inContext }) => {
  app.get<{ Querystring: ListQuery & { stockId?: string } }>('/uses', {
    config: manage,
    schema: {
      tags: ['plugin: wechat-voucher'], querystring: objectSchema({ ...listQueryProperties, stockId: uuid }),
      response: { 200: { type: 'array', items: useOutput }, ...problemResponses },
    },
  }, async (request, reply) => {
    const page = await inContext(request, (ctx) => {
      const base = ctx.db('coupon_uses').select('*');
      if (request.query.stockId) base.where({ stock_id: request.query.stockId });
      return listPage<UseRow>(base, request.query, { sortable: { id: 'id', usedAt: 'used_at' }, defaultSort: 'usedAt', search: ['coupon_id', 'transaction_id'] });
    });
    reply.header('x-total-count', page.total);
    return page.rows.map(toApi);
  });
};
