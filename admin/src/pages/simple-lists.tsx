import { useTranslate } from '@refinedev/core';
import { Result, Tag } from 'antd';
import { Link, useLocation } from 'react-router';
import { ResourceTable } from '../components/resource-table.tsx';
import { formatDateTime } from '../dates.ts';
import { customerSchema, roleSchema, staffEditSchema, staffSchema, storeSchema } from '../components/create-schemas.ts';
import CategoriesPage from './categories.tsx';
import ImportsPage from './imports.tsx';
import StoreSettings from './store-settings.tsx';
import { ResetPasswordButton } from './reset-password.tsx';
import { can } from '../providers/access-control.ts';

type Row = Record<string, unknown> & { id: string };

/** The kernel screens that list one resource: routed here by path, one table each. */
export default function SimpleLists() {
  const t = useTranslate();
  const { pathname } = useLocation();
  const date = (key = 'createdAt') => ({ title: t('common.createdAt'), dataIndex: key, render: (v: string) => formatDateTime(v) });
  const settingsMatch = /^\/stores\/([0-9a-f-]{36})\/settings$/.exec(pathname);
  if (settingsMatch) return <StoreSettings key={settingsMatch[1]} id={settingsMatch[1]!} />;
  switch (pathname) {
    case '/stores':
      return <ResourceTable<Row> resource="stores" title={t('menu.stores')} createSchema={storeSchema(t)} editSchema={storeSchema(t)} columns={[
        { title: t('common.code'), dataIndex: 'code' }, { title: t('common.name'), dataIndex: 'name' },
        { title: t('fields.address'), dataIndex: 'address' },
        { title: t('common.status'), dataIndex: 'active', render: (v: boolean) => <Tag color={v ? 'green' : 'default'}>{v ? t('common.yes') : t('common.no')}</Tag> },
        { title: t('menu.settings'), render: (_, row) => <Link to={`/stores/${row.id}/settings`}>{t('menu.settings')}</Link> },
      ]} />;
    case '/staff':
      return <ResourceTable<Row> resource="staff" title={t('menu.staff')} createSchema={() => staffSchema(t)} editSchema={() => staffEditSchema(t)} columns={[
        { title: t('common.name'), dataIndex: 'name' }, { title: t('login.username'), dataIndex: 'username' },
        { title: t('menu.roles'), dataIndex: 'roleName' }, { title: t('fields.phone'), dataIndex: 'phone' }, date(),
        ...(can('staff.write') ? [{ title: t('login.password'), render: (_: unknown, row: Row) => (
          <ResetPasswordButton staff={{ id: row.id, name: String(row.name), username: String(row.username) }} />
        ) }] : []),
      ]} />;
    case '/roles':
      return <ResourceTable<Row> resource="roles" title={t('menu.roles')} search={false} createSchema={() => roleSchema(t)} editSchema={() => roleSchema(t)} columns={[
        { title: t('common.name'), dataIndex: 'name' },
        { title: t('fields.permissions'), dataIndex: 'permissions', render: (p: string[]) => p.map((x) => <Tag key={x}>{x}</Tag>) },
        { title: t('menu.staff'), dataIndex: 'staffCount' },
      ]} />;
    case '/categories':
      return <CategoriesPage />;
    case '/customers':
      return <ResourceTable<Row> resource="customers" title={t('menu.customers')} createSchema={customerSchema(t)} editSchema={customerSchema(t)} columns={[
        { title: t('common.name'), dataIndex: 'name' }, { title: t('fields.phone'), dataIndex: 'phone' },
        { title: t('common.code'), dataIndex: 'memberCode' }, date(),
      ]} />;
    case '/imports':
      return <ImportsPage />;
    default:
      return <Result status="404" title="404" />;
  }
}
