import { useTranslate } from '@refinedev/core';
import { useTable } from '@refinedev/antd';
import { Card, Input, Select, Space, Table, Typography } from 'antd';
import { useSearchParams } from 'react-router';
import { useStore } from '../../components/store-context.tsx';
import { formatDateTime } from '../../dates.ts';
import { useWarehouses } from './use-warehouses.ts';

interface Movement {
  id: string; warehouseName: string; productName: string; specKey: string; delta: number; balanceAfter: number;
  type: string; note: string; createdAt: string;
}

/** The ledger's movement types the kernel writes; a plugin's own type is shown as it is. */
export const movementTypes = ['initial', 'adjustment', 'sale', 'refund', 'purchase'];

/** 库存流水: the stock ledger, newest first; `?warehouseId=&skuId=` (from 库存查询) narrows it to one row's history. */
export default function StockMovements() {
  const t = useTranslate();
  const { storeId } = useStore();
  const warehouses = useWarehouses(storeId);
  const [params] = useSearchParams();
  const initial = ['warehouseId', 'skuId'].flatMap((field) => {
    const value = params.get(field);
    return value ? [{ field, operator: 'eq' as const, value }] : [];
  });
  const { tableProps, setFilters, filters } = useTable<Movement>({
    resource: 'stock/movements', syncWithLocation: false, filters: { initial },
    sorters: { initial: [{ field: 'createdAt', order: 'desc' }] },
  });
  const set = (field: string, value: string | undefined) => setFilters([{ field, operator: 'eq', value }], 'merge');
  const current = (field: string) => filters.find((f) => 'field' in f && f.field === field)?.value as string | undefined;
  const typeLabel = (type: string) => (movementTypes.includes(type) ? t(`stock.types.${type}`) : type);
  return (
    <Card title={t('menu.movements')} data-testid="stock-movements" extra={<Space wrap>
      <Select allowClear aria-label={t('stock.warehouse')} placeholder={t('stock.allWarehouses')} style={{ width: 180 }} value={current('warehouseId')}
        onChange={(v: string | undefined) => set('warehouseId', v)} options={warehouses.map((w) => ({ value: w.id, label: w.name }))} />
      <Select allowClear aria-label={t('stock.type')} placeholder={t('stock.type')} style={{ width: 140 }} value={current('type')}
        onChange={(v: string | undefined) => set('type', v)} options={movementTypes.map((type) => ({ value: type, label: typeLabel(type) }))} />
      <Input.Search style={{ width: 220 }} placeholder={t('common.search')} allowClear onSearch={(q) => set('q', q || undefined)} />
    </Space>}>
      <Table<Movement> {...tableProps} rowKey="id" columns={[
        { title: t('stock.time'), dataIndex: 'createdAt', render: formatDateTime, sorter: true },
        { title: t('products.name'), dataIndex: 'productName' },
        { title: t('products.specs'), dataIndex: 'specKey' },
        { title: t('stock.warehouse'), dataIndex: 'warehouseName' },
        { title: t('stock.type'), dataIndex: 'type', render: typeLabel },
        { title: t('stock.delta'), dataIndex: 'delta', align: 'right',
          render: (d: number) => <Typography.Text type={d < 0 ? 'danger' : 'success'}>{d > 0 ? `+${d}` : d}</Typography.Text> },
        { title: t('stock.balanceAfter'), dataIndex: 'balanceAfter', align: 'right' },
        { title: t('stock.reason'), dataIndex: 'note' },
      ]} />
    </Card>
  );
}
