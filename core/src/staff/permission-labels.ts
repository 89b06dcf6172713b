import { permissions, type Permission } from './permissions.ts';

/** What the admin's role editor shows for each permission (seed 2.1.2 商户添加角色). */
export const permissionLabels: Record<Permission, string> = {
  'store.read': '查看门店',
  'store.write': '管理门店',
  'settings.write': '修改门店设置',
  'staff.read': '查看员工和角色',
  'staff.write': '管理员工和角色',
  'catalog.read': '查看商品',
  'catalog.write': '管理商品',
  'stock.read': '查看库存',
  'stock.write': '调整库存',
  'customer.read': '查看会员',
  'customer.write': '管理会员',
  'order.read': '查看订单',
  'order.create': '收银开单',
  'order.discount': '订单改价打折',
  'order.refund': '退款退货',
  'order.cancel': '取消订单',
  'payment.read': '查看收款',
  'payment.collect': '收款',
  'plugin.manage': '管理插件',
};

/** The editor groups permissions by their area (`stock.read` → `stock`). */
export const areaLabels: Record<string, string> = {
  store: '门店',
  settings: '设置',
  staff: '员工',
  catalog: '商品',
  stock: '库存',
  customer: '会员',
  order: '订单',
  payment: '收款',
  plugin: '插件',
};

export function permissionCatalogue() {
  return permissions.map((name) => {
    const area = name.split('.')[0]!;
    return { name, label: permissionLabels[name], area, areaLabel: areaLabels[area] ?? area };
  });
}
