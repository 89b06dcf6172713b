import { Suspense } from 'react';
import { Button, Layout, Menu, Select, Space, Spin, Typography, type MenuProps } from 'antd';
import { useGetIdentity, useGetLocale, useLogout, useSetLocale, useTranslate } from '@refinedev/core';
import { Outlet, useLocation, useNavigate } from 'react-router';
import type { User } from '../api/session.ts';
import { labelText } from '../i18n/index.ts';
import { useExtensionMenu } from '../plugins/extensions.tsx';
import { iconNamed } from './icons.tsx';
import { buildMenu, kernelMenu, platformMenu } from './menu.ts';
import { useStore } from './store-context.tsx';

export function AppLayout() {
  const t = useTranslate();
  const locale = useGetLocale()();
  const setLocale = useSetLocale();
  const { mutate: logout } = useLogout();
  const { data: user } = useGetIdentity<User>();
  const extensions = useExtensionMenu();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const { stores, storeId, setStoreId } = useStore();
  const platform = user?.kind === 'platform';
  const items = buildMenu({
    entries: platform ? platformMenu : kernelMenu,
    extensions: platform ? [] : extensions,
    label: (key) => t(`menu.${key}`),
    extensionLabel: (entry) => labelText(entry.label, locale ?? 'zh'),
    icon: iconNamed,
  });
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider width={220} breakpoint="lg" collapsedWidth={0} theme="light">
        <Typography.Title level={5} style={{ padding: '16px 24px', margin: 0 }}>{t('app.title')}</Typography.Title>
        <Menu
          mode="inline"
          items={items as MenuProps['items']}
          selectedKeys={[pathname]}
          defaultOpenKeys={['catalog', 'stock', 'team', 'marketing']}
          onClick={({ key }) => navigate(key)}
          data-testid="main-menu"
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ background: '#fff', display: 'flex', justifyContent: 'flex-end', alignItems: 'center', paddingInline: 24 }}>
          <Space>
            {!platform && stores.length > 0 && (
              <Select
                aria-label={t('app.store')}
                style={{ minWidth: 180 }}
                value={storeId ?? ''}
                onChange={(value: string) => setStoreId(value || null)}
                options={[{ value: '', label: t('app.allStores') }, ...stores.map((s) => ({ value: s.id, label: `${s.code} ${s.name}` }))]}
              />
            )}
            <Button onClick={() => setLocale(locale === 'en' ? 'zh' : 'en')}>{t('app.language')}</Button>
            <Typography.Text>{user?.name || user?.username}</Typography.Text>
            <Button onClick={() => logout()}>{t('app.logout')}</Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ margin: 24 }}>
          <Suspense fallback={<Spin />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
