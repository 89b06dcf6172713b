import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { checkPassword, hashPassword } from '../auth/passwords.ts';
import type { Trx } from '../db/tenant-tx.ts';
import { errors } from '../errors.ts';

/** A manager's credentials, typed at the till to approve a refund the cashier may not make. */
export interface Approver {
  username: string;
  password: string;
}

let dummy: Promise<string> | undefined;
// Checked against when the username is unknown, so a wrong name costs as long as a wrong password.
const dummyHash = () => (dummy ??= hashPassword(randomUUID()));

const wrongCredentials = () => errors.LS_AUTH_FORBIDDEN('The approver\'s username or password is wrong', { field: 'approver' });

/**
 * The account behind the approver's credentials: an enabled staff login of this merchant. Read
 * as the connecting role (the request role has no privilege on accounts), before the tenant
 * transaction starts. A wrong password is a 403, not a 401: the cashier's own session is fine.
 */
export async function approverAccount(knex: Knex, tenantId: string, approver: Approver): Promise<string> {
  const account = await knex('accounts').where({ username: approver.username })
    .first('id', 'password_hash', 'kind', 'tenant_id', 'disabled');
  const ok = await checkPassword((account?.password_hash as string | undefined) ?? await dummyHash(), approver.password);
  if (!account || !ok || account.disabled || account.kind !== 'staff' || account.tenant_id !== tenantId) throw wrongCredentials();
  return account.id as string;
}

/**
 * The approving staff member's id, if they are active, hold order.refund and work in the
 * order's store (a merchant admin works in every store). It is recorded on the refund.
 */
export async function approvingStaff(trx: Trx, accountId: string, storeId: string): Promise<string> {
  const staff = await trx('staff as s')
    .join('roles as r', function joinRole() {
      this.on('r.tenant_id', 's.tenant_id').andOn('r.id', 's.role_id');
    })
    .where('s.account_id', accountId)
    .first('s.id', 's.active', 'r.builtin', 'r.permissions');
  if (!staff || !staff.active) throw wrongCredentials();
  if (!(staff.permissions as string[]).includes('order.refund')) {
    throw errors.LS_AUTH_FORBIDDEN('The approver does not hold the order.refund permission', { field: 'approver.username' });
  }
  if (staff.builtin !== 'merchant_admin') {
    const works = await trx('staff_stores').where({ staff_id: staff.id, store_id: storeId }).first('store_id');
    if (!works) throw errors.LS_AUTH_FORBIDDEN('The approver does not work in this order\'s store', { field: 'approver.username' });
  }
  return staff.id as string;
}
