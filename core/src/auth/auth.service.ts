import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { errors } from '../errors.ts';
import { inPlatform, inTenant } from '../db/tenant-tx.ts';
import type { AuthContext } from '../http/context.ts';
import { checkPassword } from './passwords.ts';

export const ACCESS_TOKEN_SECONDS = 15 * 60;
const REFRESH_TOKEN_DAYS = 30;

interface AccountRow {
  id: string;
  username: string;
  password_hash: string;
  kind: 'platform' | 'staff';
  tenant_id: string | null;
  staff_id: string | null;
  disabled: boolean;
}

export interface SessionUser extends AuthContext {
  username: string;
  name: string;
  roleName: string | null;
}

export interface Session {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  user: SessionUser;
}

// A fixed hash to verify against when the username is unknown, so both paths cost the same.
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$dIh84xE63T+G3HJgTok+Zg$1HDiy2HWUddNIkz40bXN1hWkeo6ijaMlfWzX9dufPxc';

function digest(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** What a token says about its holder, read fresh from the database at login and refresh. */
async function loadUser(app: FastifyInstance, account: AccountRow): Promise<SessionUser> {
  if (account.kind === 'platform') {
    return {
      accountId: account.id, kind: 'platform', tenantId: null, staffId: null, permissions: ['platform'],
      storeIds: null, username: account.username, name: account.username, roleName: null,
    };
  }
  const tenantId = account.tenant_id!;
  return inTenant(app.db.knex, tenantId, async (trx) => {
    const staff = await trx('staff as s')
      .join('roles as r', function joinRole() {
        this.on('r.tenant_id', 's.tenant_id').andOn('r.id', 's.role_id');
      })
      .where('s.account_id', account.id)
      .first('s.id', 's.name', 's.active', 'r.name as role_name', 'r.builtin', 'r.permissions');
    if (!staff || !staff.active) throw errors.LS_AUTH_BAD_CREDENTIALS();
    const stores = await trx('staff_stores').where('staff_id', staff.id).pluck('store_id');
    return {
      accountId: account.id, kind: 'staff', tenantId, staffId: staff.id as string,
      permissions: staff.permissions as string[],
      // A merchant admin works across every store; everyone else is bound to theirs.
      storeIds: staff.builtin === 'merchant_admin' ? null : (stores as string[]),
      username: account.username, name: staff.name as string, roleName: staff.role_name as string,
    };
  });
}

async function issue(app: FastifyInstance, account: AccountRow): Promise<Session> {
  const user = await loadUser(app, account);
  const { username: _u, name: _n, roleName: _r, ...claims } = user;
  const accessToken = app.jwt.sign(claims, { expiresIn: ACCESS_TOKEN_SECONDS });
  const refreshToken = randomBytes(32).toString('base64url');
  await app.db.knex('refresh_tokens').insert({
    token_hash: digest(refreshToken),
    account_id: account.id,
    expires_at: new Date(Date.now() + REFRESH_TOKEN_DAYS * 86_400_000),
  });
  return { accessToken, refreshToken, tokenType: 'Bearer', expiresIn: ACCESS_TOKEN_SECONDS, user };
}

/**
 * Who the caller is, read fresh (name, role, permissions, stores) for staff and the operator; a
 * customer token says all there is about its holder.
 */
export async function currentUser(app: FastifyInstance, auth: AuthContext): Promise<SessionUser | AuthContext> {
  if (auth.kind === 'customer') return auth;
  const account = await app.db.knex<AccountRow>('accounts').where({ id: auth.accountId }).first();
  if (!account || account.disabled) throw errors.LS_AUTH_TOKEN_INVALID();
  return loadUser(app, account);
}

export async function login(app: FastifyInstance, username: string, password: string): Promise<Session> {
  const account = await app.db.knex<AccountRow>('accounts').where({ username }).first();
  const ok = await checkPassword(account?.password_hash ?? DUMMY_HASH, password);
  if (!account || !ok || account.disabled) throw errors.LS_AUTH_BAD_CREDENTIALS();
  return issue(app, account);
}

/** Trades a refresh token for a new pair; the old refresh token is spent. */
export async function refresh(app: FastifyInstance, refreshToken: string): Promise<Session> {
  const account = await inPlatform(app.db.knex, async (trx) => {
    const spent = await trx('refresh_tokens')
      .where({ token_hash: digest(refreshToken) })
      .whereNull('revoked_at')
      .where('expires_at', '>', trx.fn.now())
      .update({ revoked_at: trx.fn.now() })
      .returning('account_id');
    if (spent.length === 0) throw errors.LS_AUTH_TOKEN_INVALID();
    return trx<AccountRow>('accounts').where({ id: spent[0]!.account_id }).first();
  });
  if (!account || account.disabled) throw errors.LS_AUTH_TOKEN_INVALID();
  return issue(app, account);
}

export async function logout(app: FastifyInstance, refreshToken: string): Promise<void> {
  await app.db.knex('refresh_tokens').where({ token_hash: digest(refreshToken) }).update({ revoked_at: app.db.knex.fn.now() });
}
