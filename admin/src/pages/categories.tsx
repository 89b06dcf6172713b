import { useEffect, useState } from 'react';
import { useTranslate } from '@refinedev/core';
import { Button, Card, Col, Empty, Input, Row, Space, Spin, Tree, Typography, type TreeDataNode } from 'antd';
import { api } from '../api/http.ts';
import { ApiErrorAlert } from '../components/api-error.tsx';
import { can } from '../providers/access-control.ts';
import { CategoryEditor, type CategoryNode } from './category-editor.tsx';

function toTree(nodes: CategoryNode[]): TreeDataNode[] {
  return nodes.map((n) => ({ key: n.id, title: n.name, children: toTree(n.children) }));
}

function find(nodes: CategoryNode[], id: string | null): CategoryNode | undefined {
  for (const node of nodes) {
    if (node.id === id) return node;
    const below = find(node.children, id);
    if (below) return below;
  }
  return undefined;
}

/**
 * The category tree. A new category goes under the selected one (or at the top); the selected
 * one can be renamed, moved or deleted beside the tree.
 */
export default function CategoriesPage() {
  const t = useTranslate();
  const writable = can('catalog.write');
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
  const current = tree ? find(tree, selected) : undefined;
  return (
    <Card title={t('menu.categories')} extra={writable && <Space.Compact>
      <Input aria-label={t('common.name')} placeholder={t('common.name')} value={name} maxLength={40} onChange={(e) => setName(e.target.value)} />
      <Button type="primary" disabled={!name} onClick={create}>{t('common.create')}</Button>
    </Space.Compact>}>
      <ApiErrorAlert error={error} />
      {!tree ? <Spin /> : tree.length === 0 ? <Empty /> : (
        <Row gutter={24}>
          <Col xs={24} md={10}>
            <Tree treeData={toTree(tree)} defaultExpandAll selectedKeys={selected ? [selected] : []}
              onSelect={(keys) => setSelected((keys[0] as string | undefined) ?? null)} />
          </Col>
          <Col xs={24} md={14}>
            {current && writable
              ? <CategoryEditor category={current} tree={tree} onChanged={(deleted) => {
                if (deleted) setSelected(null);
                void load();
              }} />
              : writable && <Typography.Text type="secondary">{t('categories.selectHint')}</Typography.Text>}
          </Col>
        </Row>
      )}
    </Card>
  );
}
