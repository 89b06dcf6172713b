import { useEffect, useState } from 'react';
import { useGetLocale, useTranslate } from '@refinedev/core';
import { App, Card, Spin } from 'antd';
import type { RJSFSchema } from '@rjsf/utils';
import { api } from '../api/http.ts';
import { ApiErrorAlert } from '../components/api-error.tsx';
import { SchemaForm } from '../plugins/schema-form.tsx';
import { settingsUiSchema, settingsWidgets } from './store-settings-ui.tsx';

/** A store's settings, the form generated from GET /stores/settings-schema (its groups are the manual's, seed 2.1.5). */
export default function StoreSettings({ id }: { id: string }) {
  const t = useTranslate();
  const { message } = App.useApp();
  const locale = useGetLocale()() ?? 'zh';
  const [schema, setSchema] = useState<RJSFSchema | null>(null);
  const [values, setValues] = useState<Record<string, unknown> | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api.get<RJSFSchema>('/stores/settings-schema').then(setSchema, setError);
    api.get<Record<string, unknown>>(`/stores/${id}/settings`).then(setValues, setError);
  }, [id]);
  if (!schema || !values) return error ? <ApiErrorAlert error={error} /> : <Spin />;
  const save = async (data: Record<string, unknown>) => {
    setError(null);
    try {
      setValues(await api.patch<Record<string, unknown>>(`/stores/${id}/settings`, data));
      void message.success(t('common.saved'));
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <Card title={t('menu.stores')}>
      <ApiErrorAlert error={error} />
      <SchemaForm schema={schema} uiSchema={settingsUiSchema(schema as Record<string, unknown>, locale)} widgets={settingsWidgets} formData={values} onSubmit={save} />
    </Card>
  );
}
