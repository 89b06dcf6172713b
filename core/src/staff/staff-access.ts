import { errors } from '../errors.ts';
import type { AuthContext } from '../http/context.ts';

/** The signed-in staff member who is managing roles or staff. */
export type Actor = Pick<AuthContext, 'staffId' | 'permissions' | 'storeIds'>;

export interface GrantableRole {
  builtin: string | null;
  permissions: readonly string[];
}

/** A role is shared by every store, so only merchant-wide staff (storeIds null) may change one. */
export function assertMerchantWide(actor: Actor): void {
  if (actor.storeIds !== null) throw errors.LS_AUTH_FORBIDDEN('Only merchant-wide staff may change roles');
}

/** Nobody hands out more than they hold, and only merchant-wide staff make merchant admins. */
export function assertMayGrant(actor: Actor, role: GrantableRole, field: string): void {
  if (role.builtin === 'merchant_admin' && actor.storeIds !== null) {
    throw errors.LS_AUTH_FORBIDDEN('Only merchant-wide staff may grant the merchant admin role', { field });
  }
  const missing = role.permissions.filter((p) => !actor.permissions.includes(p));
  if (missing.length > 0) {
    throw errors.LS_AUTH_FORBIDDEN(`You cannot grant permissions you do not hold: ${missing.join(', ')}`, { field, extra: { missing } });
  }
}

/** Store-bound staff see the people who share at least one of their stores. */
export function sees(actor: Actor, staffStoreIds: readonly string[]): boolean {
  const scope = actor.storeIds;
  return scope === null || staffStoreIds.some((id) => scope.includes(id));
}

/**
 * Store-bound staff change only people who work solely in their stores and hold a role they
 * could grant: otherwise a store manager could reach into another store or above themselves.
 */
export function assertManages(actor: Actor, target: { storeIds: readonly string[]; role: GrantableRole }): void {
  const scope = actor.storeIds;
  if (scope !== null && (target.storeIds.length === 0 || !target.storeIds.every((id) => scope.includes(id)))) {
    throw errors.LS_AUTH_FORBIDDEN('This staff member also works in stores you do not manage');
  }
  if (target.role.builtin === 'merchant_admin' && scope !== null) {
    throw errors.LS_AUTH_FORBIDDEN('Only merchant-wide staff may manage a merchant admin');
  }
  if (!target.role.permissions.every((p) => actor.permissions.includes(p))) {
    throw errors.LS_AUTH_FORBIDDEN('This staff member holds permissions you do not');
  }
}

/** Store-bound staff place people only in their own stores, and in at least one of them. */
export function assertAssignableStores(actor: Actor, storeIds: readonly string[]): void {
  const scope = actor.storeIds;
  if (scope === null) return;
  if (storeIds.length === 0) throw errors.LS_INPUT_INVALID('Choose at least one of your stores', { field: 'storeIds' });
  storeIds.forEach((id, i) => {
    if (!scope.includes(id)) throw errors.LS_RESOURCE_NOT_FOUND('Store not found', { field: `storeIds.${i}` });
  });
}
