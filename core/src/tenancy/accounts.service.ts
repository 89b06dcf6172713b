import type { Knex } from 'knex';
import { newId } from '../db/ids.ts';
import { hashPassword } from '../auth/passwords.ts';
import { errors } from '../errors.ts';

export async function assertUsernameFree(knex: Knex, username: string): Promise<void> {
  const taken = await knex('accounts').where({ username }).first('id');
  if (taken) throw errors.LS_RESOURCE_CONFLICT('This username is taken', { field: 'username' });
}

export async function createPlatformAccount(knex: Knex, username: string, password: string): Promise<string> {
  await assertUsernameFree(knex, username);
  const id = newId();
  await knex('accounts').insert({ id, username, password_hash: await hashPassword(password), kind: 'platform' });
  return id;
}

/** A staff login: the account is global (usernames are unique platform-wide), the staff row is the tenant's. */
export async function insertStaffAccount(
  trx: Knex.Transaction, tenantId: string, staffId: string, username: string, password: string,
): Promise<string> {
  await assertUsernameFree(trx, username);
  const id = newId();
  await trx('accounts').insert({
    id, username, password_hash: await hashPassword(password), kind: 'staff', tenant_id: tenantId, staff_id: staffId,
  });
  return id;
}
