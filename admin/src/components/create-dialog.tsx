import { useState } from 'react';
import { useTranslate } from '@refinedev/core';
import { App, Button, Modal } from 'antd';
import type { RJSFSchema } from '@rjsf/utils';
import { api } from '../api/http.ts';
import { SchemaForm } from '../plugins/schema-form.tsx';
import { ApiErrorAlert } from './api-error.tsx';

/**
 * A button opening a form generated from `schema` (the route's body, with labels): 新建 POSTs to
 * `path`; with `initial` (a row) it is 编辑 and PATCHes `path` with the schema's fields of the row.
 * `schema` may be built when the dialog opens, for choices that come from the API.
 */
export function CreateDialog({ path, schema, onCreated, initial }: {
  path: string; schema: RJSFSchema | (() => Promise<RJSFSchema>); onCreated(): void; initial?: Record<string, unknown>;
}) {
  const t = useTranslate();
  const { message } = App.useApp();
  const [open, setOpen] = useState<RJSFSchema | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const show = async () => {
    setError(null);
    try {
      setOpen(typeof schema === 'function' ? await schema() : schema);
    } catch (failure) {
      setError(failure);
    }
  };
  const submit = async (data: Record<string, unknown>) => {
    setBusy(true);
    setError(null);
    try {
      if (initial) await api.patch(path, data);
      else await api.post(path, data);
      setOpen(null);
      void message.success(t('common.saved'));
      onCreated();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      {initial
        ? <Button size="small" onClick={show}>{t('common.edit')}</Button>
        : <Button type="primary" onClick={show}>{t('common.create')}</Button>}
      {open && (
        <Modal open footer={null} destroyOnHidden title={initial ? t('common.edit') : t('common.create')} onCancel={() => setOpen(null)}>
          <ApiErrorAlert error={error} />
          <SchemaForm schema={open} formData={initial && fieldsOf(open, initial)} onSubmit={submit} busy={busy} />
        </Modal>
      )}
    </>
  );
}

/** The row's values for the form's fields only: ids, counts and timestamps are not the client's to send. */
function fieldsOf(schema: RJSFSchema, row: Record<string, unknown>): Record<string, unknown> {
  const keys = Object.keys(schema.properties ?? {});
  return Object.fromEntries(Object.entries(row).filter(([key, value]) => keys.includes(key) && value !== null));
}
