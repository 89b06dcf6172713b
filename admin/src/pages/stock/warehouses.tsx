import { useTranslate } from '@refinedev/core';
import { Tag } from 'antd';
import { ResourceTable } from '../../components/resource-table.tsx';
import { useStore } from '../../components/store-context.tsx';
import { warehouseEditSchema, warehouseSchema } from '../../components/create-schemas.ts';
import { formatDateTime } from '../../dates.ts';
import type { Warehouse } from './use-warehouses.ts';

type Row = Warehouse & { createdAt: string };

/** 仓库: each store's warehouses and the merchant's central ones; new ones are added, names edited. */
export default function Warehouses() {
  const t = useTranslate();
  const { stores, storeId } = useStore();
  const storeName = (id: string | null) => (id ? stores.find((s) => s.id === id)?.name ?? '—' : t('stock.central'));
  return (
    <ResourceTable<Row> resource="warehouses" title={t('menu.warehouses')} filters={storeId ? [{ field: 'storeId', value: storeId }] : []}
      createSchema={() => warehouseSchema(t)} editSchema={warehouseEditSchema(t)} columns={[
        { title: t('common.name'), dataIndex: 'name' },
        { title: t('app.store'), dataIndex: 'storeId', render: storeName },
        { title: t('stock.kind'), dataIndex: 'kind', render: (kind: string, row) => <>
          {t(`stock.kinds.${kind}`)} {row.isDefault && <Tag color="blue">{t('stock.default')}</Tag>}
        </> },
        { title: t('common.createdAt'), dataIndex: 'createdAt', render: formatDateTime },
      ]} />
  );
}
