import { useEffect, useState } from 'react';
import { useTranslate } from '@refinedev/core';
import { App, Card, Spin } from 'antd';
import type { RJSFSchema, UiSchema } from '@rjsf/utils';
import { useParams } from 'react-router';
import { api } from '../../api/http.ts';
import { ApiErrorAlert } from '../../components/api-error.tsx';
import { SchemaForm } from '../../plugins/schema-form.tsx';

interface PluginConfig { schema: RJSFSchema; values: Record<string, unknown>; secretsSet: string[] }

function secretKeys(schema: RJSFSchema): string[] {
  return Object.entries(schema.properties ?? {}).filter(([, s]) => (s as Record<string, unknown>)['x-secret'] === true).map(([k]) => k);
}

/**
 * A plugin's settings. Secrets (`x-secret`) are never sent back by the server: a saved one shows
 * as set, and is sent only when typed again, so saving other fields keeps it.
 */
export default function PluginConfigPage() {
  const t = useTranslate();
  const { id } = useParams();
  const { message } = App.useApp();
  const [config, setConfig] = useState<PluginConfig | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    api.get<PluginConfig>(`/plugins/${id}/config`).then(setConfig, setError);
  }, [id]);
  if (!config) return error ? <ApiErrorAlert error={error} /> : <Spin />;
  const secrets = secretKeys(config.schema);
  const uiSchema: UiSchema = Object.fromEntries(secrets.map((key) => [key, {
    'ui:widget': 'password',
    'ui:placeholder': config.secretsSet.includes(key) ? t('plugins.secretSet') : '',
  }]));
  // A secret already set need not be typed again, so it is not required in the form.
  const schema: RJSFSchema = { ...config.schema, required: (config.schema.required ?? []).filter((k) => !config.secretsSet.includes(k)) };
  const save = async (data: Record<string, unknown>) => {
    setBusy(true);
    setError(null);
    try {
      const body = Object.fromEntries(Object.entries(data).filter(([k, v]) => !(secrets.includes(k) && (v === undefined || v === ''))));
      setConfig(await api.put<PluginConfig>(`/plugins/${id}/config`, body));
      void message.success(t('common.saved'));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={`${t('plugins.configure')} · ${id}`}>
      <ApiErrorAlert error={error} />
      <SchemaForm schema={schema} uiSchema={uiSchema} formData={config.values} onSubmit={save} busy={busy} />
    </Card>
  );
}
