import { useEffect, useState } from 'react';
import { useGetLocale, useTranslate } from '@refinedev/core';
import { Button, Card, Popconfirm, Space, Table, Tag } from 'antd';
import { api } from '../api/http.ts';
import { ApiErrorAlert } from '../components/api-error.tsx';
import { labelText } from '../i18n/index.ts';

interface PlatformPlugin {
  id: string; name: { zh?: string; en?: string }; loadedVersion: string | null; installedVersion: string | null;
  state: string; enabledTenants: number; error: string | null;
}

/** The operator's plugin lifecycle: what this server loads, what is installed, and at which version. */
export default function PlatformPlugins() {
  const t = useTranslate();
  const locale = useGetLocale()() ?? 'zh';
  const [plugins, setPlugins] = useState<PlatformPlugin[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = () => api.get<PlatformPlugin[]>('/platform/plugins').then(setPlugins, setError);
  useEffect(() => { void load(); }, []);
  const run = async (id: string, action: 'install' | 'upgrade' | 'uninstall') => {
    setError(null);
    try {
      await api.post(`/platform/plugins/${id}/${action}`);
      await load();
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <Card title={t('menu.platformPlugins')}>
      <ApiErrorAlert error={error} />
      <Table<PlatformPlugin> rowKey="id" loading={!plugins && !error} dataSource={plugins ?? []} pagination={false} columns={[
        { title: t('common.name'), render: (_, p) => labelText(p.name, locale) },
        { title: t('plugins.version'), render: (_, p) => `${p.installedVersion ?? '—'} / ${p.loadedVersion ?? '—'}` },
        { title: t('common.status'), dataIndex: 'state', render: (s: string, p) => <Tag color={p.error ? 'red' : s === 'installed' ? 'green' : 'default'}>{s}</Tag> },
        { title: t('plugins.tenants'), dataIndex: 'enabledTenants' },
        { title: t('common.actions'), render: (_, p) => (
          <Space>
            {p.state === 'not_installed' && <Button size="small" onClick={() => run(p.id, 'install')}>{t('plugins.install')}</Button>}
            {p.installedVersion && p.loadedVersion && p.installedVersion !== p.loadedVersion && <Button size="small" onClick={() => run(p.id, 'upgrade')}>{t('plugins.upgrade')}</Button>}
            {p.state !== 'not_installed' && (
              <Popconfirm title={t('plugins.uninstall')} onConfirm={() => run(p.id, 'uninstall')}><Button size="small" danger>{t('plugins.uninstall')}</Button></Popconfirm>
            )}
          </Space>
        ) },
      ]} />
    </Card>
  );
}
