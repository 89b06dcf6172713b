import {
  AppstoreOutlined, BankOutlined, DashboardOutlined, GiftOutlined, ShopOutlined, ShoppingCartOutlined, ShoppingOutlined,
  TagsOutlined, TeamOutlined, UserOutlined, WechatOutlined, ApiOutlined, DatabaseOutlined, NotificationOutlined, UploadOutlined,
  PayCircleOutlined, RollbackOutlined, SettingOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';

// A fixed set rather than the whole icon package, which would weigh on the first screen;
// an unknown plugin icon falls back to a generic one.
const icons: Record<string, ReactNode> = {
  AppstoreOutlined: <AppstoreOutlined />, BankOutlined: <BankOutlined />, DashboardOutlined: <DashboardOutlined />,
  GiftOutlined: <GiftOutlined />, ShopOutlined: <ShopOutlined />, ShoppingCartOutlined: <ShoppingCartOutlined />,
  ShoppingOutlined: <ShoppingOutlined />, TagsOutlined: <TagsOutlined />, TeamOutlined: <TeamOutlined />, UserOutlined: <UserOutlined />,
  WechatOutlined: <WechatOutlined />, ApiOutlined: <ApiOutlined />, DatabaseOutlined: <DatabaseOutlined />,
  NotificationOutlined: <NotificationOutlined />, UploadOutlined: <UploadOutlined />, PayCircleOutlined: <PayCircleOutlined />,
  RollbackOutlined: <RollbackOutlined />, SettingOutlined: <SettingOutlined />,
};

export function iconNamed(name: string | null | undefined): ReactNode {
  return (name && icons[name]) ?? <AppstoreOutlined />;
}
