/**
 * Every permission a route can require. Roles hold a subset; the merchant admin holds all.
 * Names are `<area>.<action>`; plugins declare theirs as `plugin.<id>.<action>` (plugin host).
 */
export const permissions = [
  'store.read', 'store.write', 'settings.write',
  'staff.read', 'staff.write',
  'catalog.read', 'catalog.write',
  'stock.read', 'stock.write',
  'customer.read', 'customer.write',
  'order.read', 'order.create', 'order.discount', 'order.refund', 'order.cancel',
  'payment.read', 'payment.collect',
  'plugin.manage',
] as const;

export type Permission = (typeof permissions)[number];

/** The built-in roles the manual describes (seed 2.1.2–2.1.4), created with every merchant. */
export const builtinRoles: Record<string, { name: string; permissions: readonly Permission[] }> = {
  merchant_admin: { name: '商户管理员', permissions },
  store_manager: {
    name: '店长',
    permissions: [
      'store.read', 'settings.write', 'staff.read', 'staff.write', 'catalog.read', 'catalog.write',
      'stock.read', 'stock.write', 'customer.read', 'customer.write', 'order.read', 'order.create',
      'order.discount', 'order.refund', 'order.cancel', 'payment.read', 'payment.collect',
    ],
  },
  cashier: {
    name: '收银员',
    permissions: ['store.read', 'catalog.read', 'stock.read', 'customer.read', 'customer.write', 'order.read', 'order.create', 'payment.collect'],
  },
  shopping_guide: {
    name: '导购员',
    permissions: ['store.read', 'catalog.read', 'stock.read', 'customer.read', 'customer.write', 'order.read'],
  },
};

export function isPermission(value: string): value is Permission {
  return (permissions as readonly string[]).includes(value);
}
