import { useEffect, useState } from 'react';
import { useGetLocale, useTranslate } from '@refinedev/core';
import { Alert, App, Button, Card, List, Space, Tag } from 'antd';
import { Link } from 'react-router';
import { api } from '../../api/http.ts';
import { ApiErrorAlert } from '../../components/api-error.tsx';
import { iconNamed } from '../../components/icons.tsx';
import { labelText } from '../../i18n/index.ts';
import type { Label } from '../../plugins/extensions.tsx';

interface TenantPlugin {
  id: string; version: string; name: Label; description: Label | null; icon: string | null; configurable: boolean;
  enabled: boolean; degraded: boolean; lastError: string | null;
}

/** 插件: every installed plugin with its state for this merchant; enable, disable, configure. */
export default function PluginCentre() {
  const t = useTranslate();
  const locale = useGetLocale()() ?? 'zh';
  const { message } = App.useApp();
  const [plugins, setPlugins] = useState<TenantPlugin[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);
  useEffect(() => {
    api.get<TenantPlugin[]>('/plugins').then(setPlugins, setError);
  }, []);
  const toggle = async (plugin: TenantPlugin) => {
    setBusy(plugin.id);
    setError(null);
    try {
      const next = await api.post<TenantPlugin>(`/plugins/${plugin.id}/${plugin.enabled ? 'disable' : 'enable'}`);
      setPlugins((list) => list?.map((p) => (p.id === next.id ? next : p)) ?? null);
      void message.success(t('common.saved'));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(null);
    }
  };
  return (
    <Card title={t('menu.plugins')}>
      <ApiErrorAlert error={error} />
      <List<TenantPlugin>
        loading={!plugins && !error}
        dataSource={plugins ?? []}
        renderItem={(plugin) => (
          <List.Item data-testid={`plugin-${plugin.id}`} actions={[
            plugin.configurable && plugin.enabled && <Link key="config" to={`/plugins/${plugin.id}/config`}>{t('plugins.configure')}</Link>,
            <Button key="toggle" loading={busy === plugin.id} danger={plugin.enabled} onClick={() => toggle(plugin)}>
              {plugin.enabled ? t('plugins.disable') : t('plugins.enable')}
            </Button>,
          ].filter(Boolean)}>
            <List.Item.Meta
              avatar={iconNamed(plugin.icon)}
              title={<Space>{labelText(plugin.name, locale)}<Tag>{`${t('plugins.version')} ${plugin.version}`}</Tag>
                <Tag color={plugin.enabled ? 'green' : 'default'}>{plugin.enabled ? t('plugins.enabled') : t('plugins.disabled')}</Tag></Space>}
              description={<>
                {labelText(plugin.description ?? undefined, locale)}
                {plugin.degraded && <Alert type="warning" showIcon style={{ marginTop: 8 }} message={t('plugins.degraded')} description={plugin.lastError} />}
              </>}
            />
          </List.Item>
        )}
      />
    </Card>
  );
}
