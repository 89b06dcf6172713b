import { useTranslate } from '@refinedev/core';
import { useTable } from '@refinedev/antd';
import { Button, Card, Input, Space, Table, Tag } from 'antd';
import { Link } from 'react-router';
import { formatFen } from '../../money.ts';

interface ProductItem { id: string; name: string; status: string; skuCount: number; priceMinFen: number | null; priceMaxFen: number | null; weighed: boolean }

export default function ProductList() {
  const t = useTranslate();
  const { tableProps, setFilters } = useTable<ProductItem>({ resource: 'products', syncWithLocation: false, sorters: { initial: [{ field: 'name', order: 'asc' }] } });
  return (
    <Card title={t('menu.products')} extra={<Space>
      <Input.Search placeholder={t('common.search')} allowClear onSearch={(q) => setFilters([{ field: 'q', operator: 'eq', value: q }], 'replace')} />
      <Link to="/products/create"><Button type="primary">{t('common.create')}</Button></Link>
    </Space>}>
      <Table<ProductItem> {...tableProps} rowKey="id" columns={[
        { title: t('products.name'), dataIndex: 'name', render: (name: string, row) => <Link to={`/products/${row.id}`}>{name}</Link> },
        { title: t('products.price'), render: (_, row) => (row.priceMinFen === row.priceMaxFen ? formatFen(row.priceMinFen) : `${formatFen(row.priceMinFen)} – ${formatFen(row.priceMaxFen)}`) },
        { title: t('products.skus'), dataIndex: 'skuCount' },
        { title: t('common.status'), dataIndex: 'status', render: (s: string) => <Tag color={s === 'on_sale' ? 'green' : 'default'}>{s === 'on_sale' ? t('products.onSale') : t('products.offSale')}</Tag> },
      ]} />
    </Card>
  );
}
