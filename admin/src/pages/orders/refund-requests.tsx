import { useState } from 'react';
import { useCan, useTranslate } from '@refinedev/core';
import { useTable } from '@refinedev/antd';
import { App, Button, Card, Input, Modal, Popconfirm, Select, Space, Table, Tag } from 'antd';
import { Link } from 'react-router';
import { api } from '../../api/http.ts';
import { ApiErrorAlert } from '../../components/api-error.tsx';
import { formatDateTime } from '../../dates.ts';
import { formatFen } from '../../money.ts';
import { useStore } from '../../components/store-context.tsx';
import { DateRangeFilter, type DayRange } from '../../components/date-range-filter.tsx';

interface RefundRequestItem {
  id: string; state: 'requested' | 'approved' | 'rejected'; reason: string; amountFen: number; rejectionNote: string | null;
  automatic: boolean; createdAt: string; decidedAt: string | null; orderId: string; orderNumber: string; storeName: string;
  customer: { name: string; phone: string | null }; decidedBy: { name: string } | null;
}

export const refundRequestStates = ['requested', 'approved', 'rejected'] as const;
const stateColour: Record<string, string> = { requested: 'gold', approved: 'green', rejected: 'red' };

/**
 * 售后/退款申请: customers' refund requests from the mall (GET /refund-requests), open ones
 * first by default, with approve (the whole order is refunded) and reject (with a note the
 * customer reads) for staff who may refund.
 */
export default function RefundRequestList() {
  const t = useTranslate();
  const { message } = App.useApp();
  const { stores, storeId } = useStore();
  const { data: mayRefund } = useCan({ resource: 'orders', action: 'refund', params: {} });
  const [rejecting, setRejecting] = useState<RefundRequestItem | null>(null);
  const [error, setError] = useState<unknown>(null);
  const { tableProps, setFilters, filters, tableQuery } = useTable<RefundRequestItem>({
    resource: 'refund-requests', syncWithLocation: false,
    sorters: { initial: [{ field: 'createdAt', order: 'desc' }] },
    filters: { initial: [{ field: 'state', operator: 'eq', value: 'requested' }, ...(storeId ? [{ field: 'storeId', operator: 'eq' as const, value: storeId }] : [])] },
  });
  const set = (field: string, value: string | undefined) => setFilters([{ field, operator: 'eq', value }], 'merge');
  const setDays = ({ dateFrom, dateTo }: DayRange) => setFilters([
    { field: 'dateFrom', operator: 'eq', value: dateFrom }, { field: 'dateTo', operator: 'eq', value: dateTo },
  ], 'merge');
  const current = (field: string) => filters.find((f) => 'field' in f && f.field === field)?.value as string | undefined;
  const decided = (text: string) => {
    setError(null);
    void message.success(text);
    void tableQuery.refetch();
  };
  const approve = async (request: RefundRequestItem) => {
    try {
      await api.post(`/refund-requests/${request.id}/approve`, {});
      decided(t('refundRequests.approved'));
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <Card title={t('menu.refundRequests')} data-testid="refund-request-list" extra={<Space wrap>
      <DateRangeFilter label={t('common.dateRange')} onChange={setDays} />
      <Select allowClear aria-label={t('app.store')} placeholder={t('app.allStores')} style={{ width: 160 }} value={current('storeId')}
        onChange={(v: string | undefined) => set('storeId', v)} options={stores.map((s) => ({ value: s.id, label: `${s.code} ${s.name}` }))} />
      <Select allowClear aria-label={t('common.status')} placeholder={t('common.status')} style={{ width: 120 }} value={current('state')}
        onChange={(v: string | undefined) => set('state', v)} options={refundRequestStates.map((s) => ({ value: s, label: t(`refundRequestState.${s}`) }))} />
      <Input.Search placeholder={t('refundRequests.search')} allowClear onSearch={(q) => set('q', q || undefined)} />
    </Space>}>
      <ApiErrorAlert error={error} />
      {rejecting && <RejectDialog request={rejecting} onClose={() => setRejecting(null)} onDone={() => {
        setRejecting(null);
        decided(t('refundRequests.rejected'));
      }} />}
      <Table<RefundRequestItem> {...tableProps} rowKey="id" columns={[
        { title: t('refundRequests.time'), dataIndex: 'createdAt', render: formatDateTime, sorter: true },
        { title: t('orders.number'), dataIndex: 'orderNumber', render: (n: string, row) => <Link to={`/orders/${row.orderId}`}>{n}</Link> },
        { title: t('app.store'), dataIndex: 'storeName' },
        { title: t('refundRequests.customer'), render: (_, row) => `${row.customer.name} ${row.customer.phone ?? ''}`.trim() },
        { title: t('orders.amount'), dataIndex: 'amountFen', render: formatFen, sorter: true, align: 'right' },
        { title: t('orders.reason'), dataIndex: 'reason' },
        { title: t('common.status'), dataIndex: 'state', render: (s: string, row) => (
          <Space direction="vertical" size={0}>
            <Tag color={stateColour[s]}>{t(`refundRequestState.${s}`)}</Tag>
            {row.rejectionNote && <span>{row.rejectionNote}</span>}
          </Space>
        ) },
        { title: t('refundRequests.decidedBy'), render: (_, row) => row.automatic ? t('refundRequests.automatic') : row.decidedBy?.name ?? '' },
        { title: t('common.actions'), render: (_, row) => row.state === 'requested' && mayRefund?.can !== false && (
          <Space>
            <Popconfirm title={t('refundRequests.approveConfirm', { amount: formatFen(row.amountFen) })} onConfirm={() => approve(row)}
              okText={t('refundRequests.approve')} cancelText={t('common.cancel')}>
              <Button type="primary" size="small">{t('refundRequests.approve')}</Button>
            </Popconfirm>
            <Button danger size="small" onClick={() => setRejecting(row)}>{t('refundRequests.reject')}</Button>
          </Space>
        ) },
      ]} />
    </Card>
  );
}

/** 拒绝: the note is required; the customer reads it on the order in the mall. */
function RejectDialog({ request, onClose, onDone }: { request: RefundRequestItem; onClose(): void; onDone(): void }) {
  const t = useTranslate();
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.post(`/refund-requests/${request.id}/reject`, { note });
      onDone();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={`${t('refundRequests.reject')} ${request.orderNumber}`} onOk={submit} confirmLoading={busy} onCancel={onClose}
      okText={t('refundRequests.reject')} okButtonProps={{ danger: true, disabled: !note.trim() }}>
      <ApiErrorAlert error={error} />
      <Input.TextArea aria-label={t('refundRequests.note')} placeholder={t('refundRequests.noteHelp')} maxLength={200} rows={3}
        value={note} onChange={(e) => setNote(e.target.value)} />
    </Modal>
  );
}
