import type { ReactNode } from 'react';
import { can } from '../providers/access-control.ts';
import { extensionPath, type MenuExtension } from '../plugins/extensions.tsx';

/** An antd Menu item: a link (its key is the path) or a group with children. */
export interface Item { key: string; label: ReactNode; icon?: ReactNode; children?: Item[] }

interface KernelEntry {
  key: string;
  /** Absent on a group that only holds children. */
  path?: string;
  permission?: string;
  icon?: string;
  children?: KernelEntry[];
}

/** The kernel menu; plugins hang their entries under `marketing`, `plugins` or any key here. */
export const kernelMenu: KernelEntry[] = [
  { key: 'dashboard', path: '/', permission: 'order.read', icon: 'DashboardOutlined' },
  { key: 'stores', path: '/stores', permission: 'store.read', icon: 'ShopOutlined' },
  { key: 'catalog', icon: 'ShoppingOutlined', children: [
    { key: 'products', path: '/products', permission: 'catalog.read' },
    { key: 'categories', path: '/categories', permission: 'catalog.read' },
    { key: 'imports', path: '/imports', permission: 'catalog.write' },
  ] },
  { key: 'stock', icon: 'DatabaseOutlined', children: [
    { key: 'stockLevels', path: '/stock', permission: 'stock.read' },
    { key: 'movements', path: '/stock/movements', permission: 'stock.read' },
    { key: 'warehouses', path: '/warehouses', permission: 'stock.read' },
  ] },
  { key: 'orders', path: '/orders', permission: 'order.read', icon: 'ShoppingCartOutlined' },
  { key: 'refundRequests', path: '/refund-requests', permission: 'order.read', icon: 'RollbackOutlined' },
  { key: 'payments', path: '/payments', permission: 'payment.read', icon: 'PayCircleOutlined' },
  { key: 'customers', path: '/customers', permission: 'customer.read', icon: 'UserOutlined' },
  { key: 'team', icon: 'TeamOutlined', children: [
    { key: 'staff', path: '/staff', permission: 'staff.read' },
    { key: 'roles', path: '/roles', permission: 'staff.read' },
  ] },
  { key: 'marketing', icon: 'NotificationOutlined', children: [] },
  { key: 'plugins', path: '/plugins', permission: 'plugin.manage', icon: 'ApiOutlined' },
  { key: 'settings', icon: 'SettingOutlined', children: [
    { key: 'sms', path: '/settings/sms', permission: 'settings.write' },
  ] },
];

export const platformMenu: KernelEntry[] = [
  { key: 'partners', path: '/platform/partners', permission: 'platform', icon: 'BankOutlined' },
  { key: 'merchants', path: '/platform/merchants', permission: 'platform', icon: 'ShopOutlined' },
  { key: 'platformPlugins', path: '/platform/plugins', permission: 'platform', icon: 'ApiOutlined' },
];

interface BuildOptions {
  entries: KernelEntry[];
  extensions: MenuExtension[];
  label(key: string): string;
  extensionLabel(entry: MenuExtension): string;
  icon(name: string | undefined): ReactNode;
}

/**
 * The sider's items: kernel entries the user may see, with each plugin entry placed under its
 * `parent` (a kernel key or another plugin entry), or at the top level when the parent is unknown.
 * A group left without children is dropped.
 */
export function buildMenu({ entries, extensions, label, extensionLabel, icon }: BuildOptions): Item[] {
  const byKey = new Map<string, Item>();
  const kernel = (entry: KernelEntry, top: boolean): Item | null => {
    if (entry.permission && !can(entry.permission)) return null;
    const item: Item = { key: entry.path ?? entry.key, label: label(entry.key), ...(top ? { icon: icon(entry.icon) } : {}) };
    if (entry.children) item.children = entry.children.map((child) => kernel(child, false)).filter((x): x is Item => x !== null);
    byKey.set(entry.key, item);
    return item;
  };
  const top = entries.map((entry) => kernel(entry, true)).filter((x): x is Item => x !== null);
  const pluginItems = extensions.map((entry) => {
    const item: Item = { key: extensionPath(entry), label: extensionLabel(entry), icon: icon(entry.icon) };
    byKey.set(entry.key, item);
    return { entry, item };
  });
  for (const { entry, item } of pluginItems) {
    const parent = entry.parent ? byKey.get(entry.parent) : undefined;
    if (parent && parent !== item) {
      // A kernel leaf (the plugin centre) becomes a group that keeps its own page as the first child.
      if (!parent.children) {
        parent.children = [{ key: parent.key, label: parent.label }];
        parent.key = `group:${entry.parent}`;
      }
      parent.children.push(item);
    } else top.push(item);
  }
  return top.filter((item) => !Array.isArray(item.children) || item.children.length > 0);
}
