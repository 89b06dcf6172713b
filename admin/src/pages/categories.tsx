import { useEffect, useState } from 'react';
import { useTranslate } from '@refinedev/core';
import { Button, Card, Empty, Input, Space, Spin, Tree, type TreeDataNode } from 'antd';
import { api } from '../api/http.ts';
import { ApiErrorAlert } from '../components/api-error.tsx';

interface CategoryNode { id: string; name: string; children: CategoryNode[] }

function toTree(nodes: CategoryNode[]): TreeDataNode[] {
  return nodes.map((n) => ({ key: n.id, title: n.name, children: toTree(n.children) }));
}

/** The category tree; a new category goes under the selected one (or at the top). */
export default function CategoriesPage() {
  const t = useTranslate();
  const [tree, setTree] = useState<CategoryNode[] | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [error, setError] = useState<unknown>(null);
  const load = () => api.get<CategoryNode[]>('/categories/tree').then(setTree, setError);
  useEffect(() => { void load(); }, []);
  const create = async () => {
    setError(null);
    try {
      await api.post('/categories', { name, ...(selected ? { parentId: selected } : {}) });
      setName('');
      await load();
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <Card title={t('menu.categories')} extra={<Space.Compact>
      <Input aria-label={t('common.name')} placeholder={t('common.name')} value={name} maxLength={40} onChange={(e) => setName(e.target.value)} />
      <Button type="primary" disabled={!name} onClick={create}>{t('common.create')}</Button>
    </Space.Compact>}>
      <ApiErrorAlert error={error} />
      {!tree ? <Spin /> : tree.length === 0 ? <Empty /> : (
        <Tree treeData={toTree(tree)} defaultExpandAll selectedKeys={selected ? [selected] : []}
          onSelect={(keys) => setSelected((keys[0] as string | undefined) ?? null)} />
      )}
    </Card>
  );
}
