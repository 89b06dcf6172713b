import { useTranslate } from '@refinedev/core';
import { useTable } from '@refinedev/antd';
import { Card, Input, Table, type TableColumnsType } from 'antd';
import type { ReactNode } from 'react';
import type { RJSFSchema } from '@rjsf/utils';
import { CreateDialog } from './create-dialog.tsx';

/** A paged, searchable list of one simple-rest resource, for screens that only list. */
export function ResourceTable<T extends object>({ resource, title, columns, extra, filters = [], search = true, rowKey = 'id', createSchema, editSchema }: {
  resource: string; title: string; columns: TableColumnsType<T>; extra?: ReactNode; rowKey?: string | ((row: T) => string);
  /** With it, a 新建 button posts a form generated from this schema to the resource. */
  createSchema?: RJSFSchema | (() => Promise<RJSFSchema>);
  /** With it, each row gets an 编辑 button that PATCHes `/<resource>/<id>` from this schema's form. */
  editSchema?: RJSFSchema | (() => Promise<RJSFSchema>);
  filters?: { field: string; value: string }[]; search?: boolean;
}) {
  const t = useTranslate();
  const { tableProps, setFilters, tableQuery } = useTable<T>({
    resource, syncWithLocation: false,
    filters: { permanent: filters.map((f) => ({ ...f, operator: 'eq' as const })) },
  });
  return (
    <Card title={title} extra={<>
      {search && <Input.Search style={{ width: 240, marginRight: 8 }} placeholder={t('common.search')} allowClear
        onSearch={(q) => setFilters([{ field: 'q', operator: 'eq', value: q || undefined }], 'merge')} />}
      {extra}
      {createSchema && <CreateDialog path={`/${resource}`} schema={createSchema} onCreated={() => void tableQuery.refetch()} />}
    </>}>
      <Table<T> {...tableProps} rowKey={rowKey} columns={editSchema ? [...columns, {
        title: t('common.actions'),
        render: (_: unknown, row: T) => {
          const record = row as Record<string, unknown>;
          return <CreateDialog path={`/${resource}/${String(record.id)}`} schema={editSchema} initial={record} onCreated={() => void tableQuery.refetch()} />;
        },
      }] : columns} />
    </Card>
  );
}
