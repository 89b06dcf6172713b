import type { Trx } from '../db/tenant-tx.ts';
import { newId } from '../db/ids.ts';
import { errors } from '../errors.ts';

export interface ShiftRow {
  tenant_id: string;
  id: string;
  store_id: string;
  staff_id: string;
  status: 'open' | 'closed';
  opening_float_fen: string | number;
  opened_at: Date;
  closed_at: Date | null;
  expected_cash_fen: string | number | null;
  counted_cash_fen: string | number | null;
  note: string;
}

interface TenderSum { method: string; amountFen: number; count: number }

/**
 * A shift's cash report (seed 6.11 钱箱): what each tender took from the cashier's sales in this
 * store while the shift was open, what went back in refunds, the cash paid in and out, and the
 * cash the drawer should hold: float + cash sales − cash refunds + paid in − paid out.
 */
export async function shiftReport(trx: Trx, shiftId: string) {
  const shift = await trx<ShiftRow>('shifts').where({ id: shiftId }).first();
  if (!shift) throw errors.LS_RESOURCE_NOT_FOUND('Shift not found');
  const end = shift.closed_at ?? trx.fn.now();
  const sales = await trx('payments as p')
    .join('orders as o', function joinOrder() {
      this.on('o.tenant_id', 'p.tenant_id').andOn('o.id', 'p.order_id');
    })
    .where({ 'o.store_id': shift.store_id, 'o.staff_id': shift.staff_id, 'p.status': 'succeeded' })
    .where('p.succeeded_at', '>=', shift.opened_at).where('p.succeeded_at', '<', end)
    .groupBy('p.method').orderBy('p.method')
    .select('p.method', trx.raw('sum(p.amount_fen) as amount'), trx.raw('count(distinct p.order_id) as count'));
  const orderCount = await trx('orders')
    .where({ store_id: shift.store_id, staff_id: shift.staff_id })
    .where('paid_at', '>=', shift.opened_at).where('paid_at', '<', end)
    .count({ n: '*' }).first();
  const refunds = await trx('refund_payments as rp')
    .join('refunds as r', function joinRefund() {
      this.on('r.tenant_id', 'rp.tenant_id').andOn('r.id', 'rp.refund_id');
    })
    .join('payments as p', function joinPayment() {
      this.on('p.tenant_id', 'rp.tenant_id').andOn('p.id', 'rp.payment_id');
    })
    .join('orders as o', function joinOrder() {
      this.on('o.tenant_id', 'r.tenant_id').andOn('o.id', 'r.order_id');
    })
    .where({ 'o.store_id': shift.store_id, 'r.staff_id': shift.staff_id, 'rp.status': 'succeeded' })
    .where('rp.created_at', '>=', shift.opened_at).where('rp.created_at', '<', end)
    .groupBy('p.method').orderBy('p.method')
    .select('p.method', trx.raw('sum(rp.amount_fen) as amount'), trx.raw('count(distinct r.id) as count'));
  const movements = await trx('shift_cash_movements').where({ shift_id: shiftId }).orderBy('created_at').orderBy('id').select('*');

  const sums = (rows: { method: string; amount: string; count: string }[]): TenderSum[] =>
    rows.map((r) => ({ method: r.method, amountFen: Number(r.amount), count: Number(r.count) }));
  const byMethod = (rows: TenderSum[], method: string) => rows.find((r) => r.method === method)?.amountFen ?? 0;
  const salesByTender = sums(sales);
  const refundsByTender = sums(refunds);
  const cashInFen = movements.filter((m) => m.kind === 'in').reduce((s, m) => s + Number(m.amount_fen), 0);
  const cashOutFen = movements.filter((m) => m.kind === 'out').reduce((s, m) => s + Number(m.amount_fen), 0);
  const openingFloatFen = Number(shift.opening_float_fen);
  const expectedCashFen = shift.expected_cash_fen === null
    ? openingFloatFen + byMethod(salesByTender, 'cash') - byMethod(refundsByTender, 'cash') + cashInFen - cashOutFen
    : Number(shift.expected_cash_fen);
  const countedCashFen = shift.counted_cash_fen === null ? null : Number(shift.counted_cash_fen);
  return {
    id: shift.id, storeId: shift.store_id, staffId: shift.staff_id, status: shift.status,
    openingFloatFen, openedAt: shift.opened_at, closedAt: shift.closed_at, note: shift.note,
    sales: { orderCount: Number(orderCount?.n ?? 0), totalFen: salesByTender.reduce((s, r) => s + r.amountFen, 0), byTender: salesByTender },
    refunds: { count: refundsByTender.reduce((s, r) => s + r.count, 0), totalFen: refundsByTender.reduce((s, r) => s + r.amountFen, 0), byTender: refundsByTender },
    movements: movements.map((m) => ({ id: m.id, kind: m.kind, amountFen: Number(m.amount_fen), reason: m.reason, createdAt: m.created_at })),
    cashInFen, cashOutFen, expectedCashFen, countedCashFen,
    differenceFen: countedCashFen === null ? null : countedCashFen - expectedCashFen,
  };
}

export type ShiftReport = Awaited<ReturnType<typeof shiftReport>>;

/** The cashier's open shift in a store, if any. */
export async function currentShiftId(trx: Trx, storeId: string, staffId: string): Promise<string | null> {
  const row = await trx('shifts').where({ store_id: storeId, staff_id: staffId, status: 'open' }).first('id');
  return (row?.id as string | undefined) ?? null;
}

export async function openShift(trx: Trx, tenantId: string, input: { storeId: string; staffId: string; openingFloatFen: number }): Promise<string> {
  const open = await currentShiftId(trx, input.storeId, input.staffId);
  if (open) throw errors.LS_SHIFT_ALREADY_OPEN(undefined, { extra: { shiftId: open } });
  const id = newId();
  try {
    await trx('shifts').insert({
      tenant_id: tenantId, id, store_id: input.storeId, staff_id: input.staffId, status: 'open', opening_float_fen: input.openingFloatFen,
    });
  } catch (error) {
    // Two opens racing: the partial unique index lets one through.
    if ((error as { constraint?: string }).constraint === 'shifts_one_open') throw errors.LS_SHIFT_ALREADY_OPEN();
    throw error;
  }
  return id;
}

/** The shift, locked, if it is still open; a closed one refuses further changes. */
async function lockOpenShift(trx: Trx, shiftId: string): Promise<ShiftRow> {
  const shift = await trx<ShiftRow>('shifts').where({ id: shiftId }).forUpdate().first();
  if (!shift) throw errors.LS_RESOURCE_NOT_FOUND('Shift not found');
  if (shift.status !== 'open') throw errors.LS_SHIFT_CLOSED();
  return shift;
}

export async function shiftStoreId(trx: Trx, shiftId: string): Promise<string> {
  const row = await trx('shifts').where({ id: shiftId }).first('store_id');
  if (!row) throw errors.LS_RESOURCE_NOT_FOUND('Shift not found');
  return row.store_id as string;
}

/** Cash paid into (change top-up) or out of (a bank drop) the drawer during the shift. */
export async function addCashMovement(
  trx: Trx, tenantId: string, shiftId: string, input: { kind: 'in' | 'out'; amountFen: number; reason: string },
): Promise<void> {
  await lockOpenShift(trx, shiftId);
  await trx('shift_cash_movements').insert({
    tenant_id: tenantId, id: newId(), shift_id: shiftId, kind: input.kind, amount_fen: input.amountFen, reason: input.reason,
  });
}

/** Closes the shift with the cash counted in the drawer; what was expected is fixed then. */
export async function closeShift(trx: Trx, shiftId: string, input: { countedCashFen: number; note?: string }): Promise<void> {
  await lockOpenShift(trx, shiftId);
  const report = await shiftReport(trx, shiftId);
  await trx('shifts').where({ id: shiftId }).update({
    status: 'closed', closed_at: trx.fn.now(), expected_cash_fen: report.expectedCashFen, counted_cash_fen: input.countedCashFen,
    note: input.note ?? '', updated_at: trx.fn.now(),
  });
}
