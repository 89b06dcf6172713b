import { useCallback, useEffect, useState } from 'react';
import { useTranslate } from '@refinedev/core';
import { App, Button, Card, Modal, Popconfirm, Space, Table } from 'antd';
import type { RJSFSchema } from '@rjsf/utils';
import { apiRequest } from '../api/http.ts';
import { ApiErrorAlert } from '../components/api-error.tsx';
import { SchemaForm } from './schema-form.tsx';
import { fenCell, fenKeys, fenUiSchema, fenWidgets } from './fen-fields.tsx';

type Row = Record<string, unknown> & { id: string };

function cell(value: unknown, t: (key: string) => string): string {
  if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
  if (value === null || value === undefined) return '—';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/**
 * A plugin's `kind: 'crud'` page: a list of `resource` (simple-rest) with the declared columns,
 * and a create/edit form generated from `schema`.
 */
export function CrudPage({ pluginId, resource, schema, columns, title }: {
  pluginId: string; resource: string; schema: RJSFSchema; columns: string[]; title: string;
}) {
  const t = useTranslate();
  const { message } = App.useApp();
  const base = `/plugins/${pluginId}${resource}`;
  const [rows, setRows] = useState<Row[]>([]);
  const [total, setTotal] = useState(0);
  const [page, setPage] = useState(1);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [editing, setEditing] = useState<Row | 'new' | null>(null);
  const [formError, setFormError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const pageSize = 20;
  const load = useCallback(async () => {
    setLoading(true);
    try {
      const { data, headers } = await apiRequest<Row[]>('GET', `${base}?_start=${(page - 1) * pageSize}&_end=${page * pageSize}`);
      setRows(data);
      setTotal(Number(headers.get('x-total-count') ?? data.length));
    } catch (failure) {
      setError(failure);
    } finally {
      setLoading(false);
    }
  }, [base, page]);
  useEffect(() => { void load(); }, [load]);

  const save = async (data: Record<string, unknown>) => {
    setBusy(true);
    setFormError(null);
    try {
      if (editing === 'new') await apiRequest('POST', base, data);
      else if (editing) await apiRequest('PATCH', `${base}/${editing.id}`, pickSchemaFields(schema, data));
      setEditing(null);
      void message.success(t('common.saved'));
      await load();
    } catch (failure) {
      setFormError(failure);
    } finally {
      setBusy(false);
    }
  };
  const remove = async (row: Row) => {
    try {
      await apiRequest('DELETE', `${base}/${row.id}`);
      await load();
    } catch (failure) {
      setError(failure);
    }
  };
  const keys = columns.length > 0 ? columns : Object.keys(schema.properties ?? {});
  const money = fenKeys(schema);
  return (
    <Card title={title} extra={<Button type="primary" onClick={() => { setFormError(null); setEditing('new'); }}>{t('common.create')}</Button>}>
      <ApiErrorAlert error={error} />
      <Table<Row>
        rowKey="id" loading={loading} dataSource={rows}
        pagination={{ current: page, pageSize, total, onChange: setPage }}
        columns={[
          ...keys.map((key) => {
            const property = schema.properties?.[key] as { title?: string } | undefined;
            return { title: property?.title ?? key, dataIndex: key, render: (value: unknown) => (money.has(key) ? fenCell(value) : cell(value, t)) };
          }),
          { title: t('common.actions'), render: (_: unknown, row: Row) => (
            <Space>
              <Button size="small" onClick={() => { setFormError(null); setEditing(row); }}>{t('common.edit')}</Button>
              <Popconfirm title={t('common.delete')} onConfirm={() => remove(row)}><Button size="small" danger>{t('common.delete')}</Button></Popconfirm>
            </Space>
          ) },
        ]}
      />
      {editing && (
        <Modal open footer={null} destroyOnHidden title={editing === 'new' ? t('common.create') : t('common.edit')} onCancel={() => setEditing(null)}>
          <ApiErrorAlert error={formError} />
          <SchemaForm
            schema={schema} uiSchema={fenUiSchema(schema)} widgets={fenWidgets}
            formData={editing === 'new' ? {} : pickSchemaFields(schema, editing)} onSubmit={save} busy={busy}
          />
        </Modal>
      )}
    </Card>
  );
}

/** Only the fields the form schema declares: ids and timestamps are not the client's to send. */
function pickSchemaFields(schema: RJSFSchema, data: Record<string, unknown>): Record<string, unknown> {
  const allowed = Object.keys(schema.properties ?? {});
  return Object.fromEntries(Object.entries(data).filter(([key]) => allowed.includes(key)));
}
