import { useEffect, useState } from 'react';
import { useTranslate } from '@refinedev/core';
import { Alert, App, Button, Form, Input, InputNumber, Popconfirm, Space, TreeSelect, type TreeSelectProps } from 'antd';
import { api, ApiError } from '../api/http.ts';
import { ApiErrorAlert } from '../components/api-error.tsx';

export interface CategoryNode { id: string; parentId: string | null; name: string; sort: number; children: CategoryNode[] }

const TOP = '';

/** The parent choices: the whole tree less the category itself and what is below it (a move there would be a loop). */
function parentChoices(nodes: CategoryNode[], moving: string): NonNullable<TreeSelectProps['treeData']> {
  return nodes.filter((n) => n.id !== moving).map((n) => ({ value: n.id, title: n.name, children: parentChoices(n.children, moving) }));
}

/** Rename, move (parent and order among siblings) or delete one category. */
export function CategoryEditor({ category, tree, onChanged }: { category: CategoryNode; tree: CategoryNode[]; onChanged(deleted: boolean): void }) {
  const t = useTranslate();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ name: string; parentId: string; sort: number }>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    form.setFieldsValue({ name: category.name, parentId: category.parentId ?? TOP, sort: category.sort });
    setError(null);
  }, [category, form]);
  const run = async (work: () => Promise<unknown>, deleted: boolean) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      void message.success(t(deleted ? 'categories.deleted' : 'common.saved'));
      onChanged(deleted);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  const save = (values: { name: string; parentId: string; sort: number }) => run(() => api.patch(`/categories/${category.id}`, {
    name: values.name, parentId: values.parentId === TOP ? null : values.parentId, sort: values.sort,
  }), false);
  const inUse = error instanceof ApiError && error.code === 'LS_RESOURCE_IN_USE';
  return (
    <div data-testid="category-editor">
      {inUse
        ? <Alert type="error" showIcon role="alert" style={{ marginBottom: 16 }} message={t('categories.inUse', {
          children: Number(error.details.childCount ?? 0), products: Number(error.details.productCount ?? 0),
        })} />
        : <ApiErrorAlert error={error} />}
      <Form form={form} layout="vertical" onFinish={save} disabled={busy}>
        <Form.Item name="name" label={t('common.name')} rules={[{ required: true, max: 40 }]}>
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item name="parentId" label={t('categories.parent')}>
          <TreeSelect aria-label={t('categories.parent')} treeDefaultExpandAll
            treeData={[{ value: TOP, title: t('categories.top') }, ...parentChoices(tree, category.id)]} />
        </Form.Item>
        <Form.Item name="sort" label={t('categories.sort')} extra={t('categories.sortHelp')}>
          <InputNumber aria-label={t('categories.sort')} min={-100000} max={100000} precision={0} />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={busy}>{t('common.save')}</Button>
          <Popconfirm title={t('categories.deleteConfirm', { name: category.name })} okText={t('common.delete')} cancelText={t('common.cancel')}
            onConfirm={() => run(() => api.delete(`/categories/${category.id}`), true)}>
            <Button danger>{t('common.delete')}</Button>
          </Popconfirm>
        </Space>
      </Form>
    </div>
  );
}
