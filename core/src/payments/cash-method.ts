import { errors } from '../errors.ts';
import type { PaymentMethod } from './payment-methods.ts';

/** Cash at the till: succeeds at once, records what was handed over and the change. */
export const cashMethod: PaymentMethod = {
  id: 'cash',
  label: { zh: '现金', en: 'Cash' },
  channels: ['pos'],
  offline: true,
  async collect(ctx, tender) {
    const tenderedFen = tender.tenderedFen ?? tender.amountFen;
    if (tenderedFen < tender.amountFen) {
      throw errors.LS_PAYMENT_CASH_SHORT(undefined, { field: `tenders.${ctx.index}.tenderedFen` });
    }
    return { status: 'succeeded', tenderedFen, changeFen: tenderedFen - tender.amountFen };
  },
  async refund() {
    return { status: 'succeeded' };
  },
};
