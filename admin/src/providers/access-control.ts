import type { AccessControlProvider } from '@refinedev/core';
import { readSession } from '../api/session.ts';

/** What each kernel resource needs to be read; writes need the matching `.write`. */
export const resourcePermissions: Record<string, string> = {
  dashboard: 'order.read',
  stores: 'store.read',
  staff: 'staff.read',
  roles: 'staff.read',
  categories: 'catalog.read',
  products: 'catalog.read',
  imports: 'catalog.write',
  stock: 'stock.read',
  warehouses: 'stock.read',
  customers: 'customer.read',
  orders: 'order.read',
  'orders.refund': 'order.refund',
  payments: 'payment.read',
  plugins: 'plugin.manage',
};

export function can(permission: string | undefined): boolean {
  const user = readSession()?.user;
  if (!user) return false;
  if (!permission) return true;
  if (permission === 'platform') return user.kind === 'platform';
  return user.kind === 'staff' && user.permissions.includes(permission);
}

export const accessControlProvider: AccessControlProvider = {
  can: async ({ resource, action }) => {
    if (resource?.startsWith('platform')) return { can: can('platform') };
    const read = resource ? resourcePermissions[resource] : undefined;
    // A named action (orders.refund) has its own permission; create/edit/delete need the area's `.write`.
    const special = resource ? resourcePermissions[`${resource}.${action}`] : undefined;
    const needed = special ?? (read && ['create', 'edit', 'delete'].includes(action) ? read.replace(/\.read$/, '.write') : read);
    return { can: can(needed) };
  },
};
