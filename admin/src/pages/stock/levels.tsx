import { useState } from 'react';
import { useTranslate } from '@refinedev/core';
import { useTable } from '@refinedev/antd';
import { Button, Card, Input, Select, Space, Table } from 'antd';
import { Link } from 'react-router';
import { useStore } from '../../components/store-context.tsx';
import { can } from '../../providers/access-control.ts';
import { formatDateTime } from '../../dates.ts';
import { AdjustDialog, type AdjustRequest } from './adjust-dialog.tsx';
import { useWarehouses } from './use-warehouses.ts';

interface StockLevel {
  warehouseId: string; warehouseName: string; skuId: string; productName: string; specKey: string; barcode: string | null;
  unit: string; weighed: boolean; onHand: number; updatedAt: string;
}

/** 库存查询: on-hand per SKU and warehouse, with an adjustment per row and the row's ledger a click away. */
export default function StockLevels() {
  const t = useTranslate();
  const { storeId } = useStore();
  const warehouses = useWarehouses(storeId);
  const writable = can('stock.write');
  const { tableProps, setFilters, filters, tableQuery } = useTable<StockLevel>({ resource: 'stock', syncWithLocation: false });
  const set = (field: string, value: string | undefined) => setFilters([{ field, operator: 'eq', value }], 'merge');
  const warehouseId = filters.find((f) => 'field' in f && f.field === 'warehouseId')?.value as string | undefined;
  const [adjusting, setAdjusting] = useState<AdjustRequest | null>(null);
  return (
    <Card title={t('menu.stockLevels')} extra={<Space wrap>
      <Select allowClear aria-label={t('stock.warehouse')} placeholder={t('stock.allWarehouses')} style={{ width: 180 }} value={warehouseId}
        onChange={(v: string | undefined) => set('warehouseId', v)} options={warehouses.map((w) => ({ value: w.id, label: w.name }))} />
      <Input.Search style={{ width: 220 }} placeholder={t('common.search')} allowClear onSearch={(q) => set('q', q || undefined)} />
      {writable && <Button type="primary" onClick={() => setAdjusting({ warehouseId })}>{t('stock.adjust')}</Button>}
    </Space>}>
      {adjusting && <AdjustDialog warehouses={warehouses} request={adjusting} onClose={() => setAdjusting(null)} onDone={() => {
        setAdjusting(null);
        void tableQuery.refetch();
      }} />}
      <Table<StockLevel> {...tableProps} rowKey={(r) => `${r.warehouseId}:${r.skuId}`} columns={[
        { title: t('products.name'), dataIndex: 'productName', sorter: true },
        { title: t('products.specs'), dataIndex: 'specKey' },
        { title: t('products.barcode'), dataIndex: 'barcode' },
        { title: t('stock.warehouse'), dataIndex: 'warehouseName' },
        { title: t('stock.onHand'), dataIndex: 'onHand', align: 'right', sorter: true,
          render: (n: number, row) => `${n} ${row.weighed ? 'g' : row.unit}` },
        { title: t('stock.updatedAt'), dataIndex: 'updatedAt', render: formatDateTime },
        { title: t('common.actions'), render: (_, row) => <Space>
          <Link to={`/stock/movements?warehouseId=${row.warehouseId}&skuId=${row.skuId}`}>{t('menu.movements')}</Link>
          {writable && <Button size="small" onClick={() => setAdjusting({
            warehouseId: row.warehouseId, sku: { id: row.skuId, label: [row.productName, row.specKey].filter(Boolean).join(' · '), weighed: row.weighed },
          })}>{t('stock.adjust')}</Button>}
        </Space> },
      ]} />
    </Card>
  );
}
