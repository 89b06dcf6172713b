import { lazy } from 'react';
import { Authenticated, Refine } from '@refinedev/core';
import { useNotificationProvider } from '@refinedev/antd';
import routerProvider, { CatchAllNavigate } from '@refinedev/react-router';
import { App as AntdApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Route, Routes } from 'react-router';
import '@refinedev/antd/dist/reset.css';
import { accessControlProvider } from './providers/access-control.ts';
import { authProvider } from './providers/auth-provider.ts';
import { dataProvider } from './providers/data-provider.ts';
import { i18nProvider } from './i18n/index.ts';
import { AppLayout } from './components/layout.tsx';
import { StoreProvider } from './components/store-context.tsx';
import { ExtensionsProvider } from './plugins/extensions.tsx';
import { LoginPage } from './pages/login.tsx';

// Every screen but the sign-in is its own chunk: the first screen loads only what it shows.
const Dashboard = lazy(() => import('./pages/dashboard.tsx'));
const ProductList = lazy(() => import('./pages/products/list.tsx'));
const ProductCreate = lazy(() => import('./pages/products/create.tsx'));
const ProductShow = lazy(() => import('./pages/products/show.tsx'));
const OrderList = lazy(() => import('./pages/orders/list.tsx'));
const OrderShow = lazy(() => import('./pages/orders/show.tsx'));
const RefundRequestList = lazy(() => import('./pages/orders/refund-requests.tsx'));
const PaymentList = lazy(() => import('./pages/payments.tsx'));
const SmsSettings = lazy(() => import('./pages/sms-settings.tsx'));
const StockLevels = lazy(() => import('./pages/stock/levels.tsx'));
const StockMovements = lazy(() => import('./pages/stock/movements.tsx'));
const Warehouses = lazy(() => import('./pages/stock/warehouses.tsx'));
const PluginCentre = lazy(() => import('./pages/plugins/centre.tsx'));
const PluginConfig = lazy(() => import('./pages/plugins/config.tsx'));
const ExtensionPage = lazy(() => import('./plugins/extension-page.tsx'));
const SimpleLists = lazy(() => import('./pages/simple-lists.tsx'));
const Partners = lazy(() => import('./platform/partners.tsx'));
const PartnerShow = lazy(() => import('./platform/partner-show.tsx'));
const Merchants = lazy(() => import('./platform/merchants.tsx'));
const PlatformPlugins = lazy(() => import('./platform/plugins.tsx'));

const resources = [
  'stores', 'staff', 'roles', 'categories', 'products', 'stock', 'warehouses', 'customers', 'orders', 'refund-requests', 'payments', 'plugins',
  'platform/partners', 'platform/merchants', 'platform/plugins',
].map((name) => ({ name }));

export function App() {
  const { i18n } = useTranslation();
  return (
    <BrowserRouter basename="/admin">
      <ConfigProvider locale={i18n.language === 'en' ? enUS : zhCN}>
        <AntdApp>
          <Refine
            routerProvider={routerProvider}
            dataProvider={dataProvider}
            authProvider={authProvider}
            accessControlProvider={accessControlProvider}
            i18nProvider={i18nProvider}
            notificationProvider={useNotificationProvider}
            resources={resources}
            options={{ disableTelemetry: true, syncWithLocation: false }}
          >
            <Routes>
              <Route path="/login" element={<LoginPage />} />
              <Route
                element={(
                  <Authenticated key="app" fallback={<CatchAllNavigate to="/login" />}>
                    <StoreProvider>
                      <ExtensionsProvider>
                        <AppLayout />
                      </ExtensionsProvider>
                    </StoreProvider>
                  </Authenticated>
                )}
              >
                <Route index element={<Dashboard />} />
                <Route path="/products" element={<ProductList />} />
                <Route path="/products/create" element={<ProductCreate />} />
                <Route path="/products/:id" element={<ProductShow />} />
                <Route path="/orders" element={<OrderList />} />
                <Route path="/orders/:id" element={<OrderShow />} />
                <Route path="/refund-requests" element={<RefundRequestList />} />
                <Route path="/payments" element={<PaymentList />} />
                <Route path="/settings/sms" element={<SmsSettings />} />
                <Route path="/stock" element={<StockLevels />} />
                <Route path="/stock/movements" element={<StockMovements />} />
                <Route path="/warehouses" element={<Warehouses />} />
                <Route path="/plugins" element={<PluginCentre />} />
                <Route path="/plugins/:id/config" element={<PluginConfig />} />
                <Route path="/ext/:pluginId/:key" element={<ExtensionPage />} />
                <Route path="/platform/partners" element={<Partners />} />
                <Route path="/platform/partners/:id" element={<PartnerShow />} />
                <Route path="/platform/merchants" element={<Merchants />} />
                <Route path="/platform/plugins" element={<PlatformPlugins />} />
                <Route path="*" element={<SimpleLists />} />
              </Route>
            </Routes>
          </Refine>
        </AntdApp>
      </ConfigProvider>
    </BrowserRouter>
  );
}
