import { useEffect, useState } from 'react';
import { useGetLocale, useTranslate } from '@refinedev/core';
import { useTable } from '@refinedev/antd';
import { Card, Input, Select, Space, Table, Tag } from 'antd';
import { Link } from 'react-router';
import { api } from '../api/http.ts';
import { formatDateTime } from '../dates.ts';
import { formatFen } from '../money.ts';
import { labelText } from '../i18n/index.ts';
import { useStore } from '../components/store-context.tsx';
import { DateRangeFilter, type DayRange } from '../components/date-range-filter.tsx';

interface PaymentItem {
  id: string; orderId: string; orderNumber: string; storeName: string; method: string; status: string;
  amountFen: number; refundedFen: number; createdAt: string;
}
interface PaymentMethod { id: string; label: { zh?: string; en?: string } }

export const paymentStatuses = ['pending', 'succeeded', 'failed', 'cancelled'];
const statusColour: Record<string, string> = { succeeded: 'green', pending: 'gold', failed: 'red' };

/** 支付记录: every tender across orders (GET /payments), filtered by store, method, state and China days. */
export default function PaymentList() {
  const t = useTranslate();
  const locale = useGetLocale()() ?? 'zh';
  const { stores, storeId } = useStore();
  const [methods, setMethods] = useState<PaymentMethod[]>([]);
  useEffect(() => { api.get<PaymentMethod[]>('/payment-methods').then(setMethods, () => setMethods([])); }, []);
  const { tableProps, setFilters, filters } = useTable<PaymentItem>({
    resource: 'payments', syncWithLocation: false,
    sorters: { initial: [{ field: 'createdAt', order: 'desc' }] },
    filters: { initial: storeId ? [{ field: 'storeId', operator: 'eq', value: storeId }] : [] },
  });
  const set = (field: string, value: string | undefined) => setFilters([{ field, operator: 'eq', value }], 'merge');
  const setDays = ({ dateFrom, dateTo }: DayRange) => setFilters([
    { field: 'dateFrom', operator: 'eq', value: dateFrom }, { field: 'dateTo', operator: 'eq', value: dateTo },
  ], 'merge');
  const current = (field: string) => filters.find((f) => 'field' in f && f.field === field)?.value as string | undefined;
  const methodLabel = (id: string) => {
    const method = methods.find((m) => m.id === id);
    return method ? labelText(method.label, locale) : id;
  };
  return (
    <Card title={t('menu.payments')} data-testid="payment-list" extra={<Space wrap>
      <DateRangeFilter label={t('common.dateRange')} onChange={setDays} />
      <Select allowClear aria-label={t('app.store')} placeholder={t('app.allStores')} style={{ width: 160 }} value={current('storeId')}
        onChange={(v: string | undefined) => set('storeId', v)} options={stores.map((s) => ({ value: s.id, label: `${s.code} ${s.name}` }))} />
      <Select allowClear aria-label={t('orders.method')} placeholder={t('orders.method')} style={{ width: 140 }} value={current('method')}
        onChange={(v: string | undefined) => set('method', v)} options={methods.map((m) => ({ value: m.id, label: labelText(m.label, locale) }))} />
      <Select allowClear aria-label={t('common.status')} placeholder={t('common.status')} style={{ width: 120 }} value={current('status')}
        onChange={(v: string | undefined) => set('status', v)} options={paymentStatuses.map((s) => ({ value: s, label: t(`paymentStatus.${s}`) }))} />
      <Input.Search placeholder={t('orders.number')} allowClear onSearch={(q) => set('q', q || undefined)} />
    </Space>}>
      <Table<PaymentItem> {...tableProps} rowKey="id" columns={[
        { title: t('payments.time'), dataIndex: 'createdAt', render: formatDateTime, sorter: true },
        { title: t('orders.number'), dataIndex: 'orderNumber', render: (n: string, row) => <Link to={`/orders/${row.orderId}`}>{n}</Link> },
        { title: t('app.store'), dataIndex: 'storeName' },
        { title: t('orders.method'), dataIndex: 'method', render: methodLabel },
        { title: t('orders.amount'), dataIndex: 'amountFen', render: formatFen, sorter: true, align: 'right' },
        { title: t('orders.refunded'), dataIndex: 'refundedFen', render: formatFen, align: 'right' },
        { title: t('common.status'), dataIndex: 'status', render: (s: string) => <Tag color={statusColour[s]}>{t(`paymentStatus.${s}`)}</Tag> },
      ]} />
    </Card>
  );
}
