import { useEffect } from 'react';
import { useTranslate } from '@refinedev/core';
import { useTable } from '@refinedev/antd';
import { Card, Input, Select, Space, Table, Tag } from 'antd';
import { Link } from 'react-router';
import { formatDateTime } from '../../dates.ts';
import { formatFen } from '../../money.ts';
import { useStore } from '../../components/store-context.tsx';
import { DateRangeFilter, type DayRange } from '../../components/date-range-filter.tsx';

interface OrderItem { id: string; number: string; status: string; channel: string; totalFen: number; paidFen: number; refundedFen: number; createdAt: string }

export const orderStatuses = ['pending_payment', 'paid', 'fulfilled', 'completed', 'cancelled', 'partially_refunded', 'refunded'];

export default function OrderList() {
  const t = useTranslate();
  const { storeId } = useStore();
  const { tableProps, setFilters, filters } = useTable<OrderItem>({
    resource: 'orders', syncWithLocation: false,
    sorters: { initial: [{ field: 'createdAt', order: 'desc' }] },
    filters: { initial: storeId ? [{ field: 'storeId', operator: 'eq', value: storeId }] : [] },
  });
  const set = (field: string, value: string | undefined) => setFilters([{ field, operator: 'eq', value }], 'merge');
  const setDays = ({ dateFrom, dateTo }: DayRange) => setFilters([
    { field: 'dateFrom', operator: 'eq', value: dateFrom }, { field: 'dateTo', operator: 'eq', value: dateTo },
  ], 'merge');
  useEffect(() => {
    setFilters([{ field: 'storeId', operator: 'eq', value: storeId ?? undefined }], 'merge');
  }, [storeId, setFilters]);
  const current = (field: string) => filters.find((f) => 'field' in f && f.field === field)?.value as string | undefined;
  return (
    <Card title={t('menu.orders')} extra={<Space wrap>
      <DateRangeFilter label={t('common.dateRange')} onChange={setDays} />
      <Select allowClear placeholder={t('common.status')} style={{ width: 160 }} value={current('status')} onChange={(v: string | undefined) => set('status', v)}
        options={orderStatuses.map((s) => ({ value: s, label: t(`orderStatus.${s}`) }))} />
      <Select allowClear placeholder={t('orders.channel')} style={{ width: 120 }} value={current('channel')} onChange={(v: string | undefined) => set('channel', v)}
        options={[{ value: 'pos', label: 'POS' }, { value: 'mall', label: 'Mall' }]} />
      <Input.Search placeholder={t('common.search')} allowClear onSearch={(q) => set('q', q || undefined)} />
    </Space>}>
      <Table<OrderItem> {...tableProps} rowKey="id" columns={[
        { title: t('orders.number'), dataIndex: 'number', render: (n: string, row) => <Link to={`/orders/${row.id}`}>{n}</Link> },
        { title: t('common.status'), dataIndex: 'status', render: (s: string) => <Tag>{t(`orderStatus.${s}`)}</Tag> },
        { title: t('orders.channel'), dataIndex: 'channel' },
        { title: t('orders.total'), dataIndex: 'totalFen', render: formatFen },
        { title: t('orders.refunded'), dataIndex: 'refundedFen', render: formatFen },
        { title: t('common.createdAt'), dataIndex: 'createdAt', render: formatDateTime, sorter: true },
      ]} />
    </Card>
  );
}
