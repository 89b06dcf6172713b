import { useEffect, useState } from 'react';
import { useCan, useTranslate } from '@refinedev/core';
import { Button, Card, Descriptions, Space, Spin, Table, Tag } from 'antd';
import { useParams } from 'react-router';
import { api } from '../../api/http.ts';
import { ApiErrorAlert } from '../../components/api-error.tsx';
import { formatDateTime } from '../../dates.ts';
import { formatFen } from '../../money.ts';
import { RefundDialog } from './refund-dialog.tsx';
import type { OrderAdjustment, OrderDetail } from './types.ts';

const REFUNDABLE = ['paid', 'fulfilled', 'completed', 'partially_refunded'];

export default function OrderShow() {
  const t = useTranslate();
  const { id } = useParams();
  const [order, setOrder] = useState<OrderDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [refund, setRefund] = useState<'all' | 'lines' | null>(null);
  const { data: mayRefund } = useCan({ resource: 'orders', action: 'refund', params: {} });
  useEffect(() => {
    api.get<OrderDetail>(`/orders/${id}`).then(setOrder, setError);
  }, [id]);
  if (error) return <ApiErrorAlert error={error} />;
  if (!order) return <Spin />;
  // Adjustments grouped by the plugin (or kernel rule) that made them.
  const bySource = new Map<string, OrderAdjustment[]>();
  for (const a of order.adjustments) bySource.set(a.source, [...(bySource.get(a.source) ?? []), a]);
  const refundable = REFUNDABLE.includes(order.status) && mayRefund?.can !== false;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="order-detail">
      <Card title={`${t('orders.number')} ${order.number}`} extra={refundable && <Space>
        <Button onClick={() => setRefund('lines')}>{t('orders.refundLines')}</Button>
        <Button danger onClick={() => setRefund('all')}>{t('orders.refundAll')}</Button>
      </Space>}>
        <Descriptions column={3} items={[
          { key: 'status', label: t('common.status'), children: <Tag data-testid="order-status">{t(`orderStatus.${order.status}`)}</Tag> },
          { key: 'channel', label: t('orders.channel'), children: order.channel },
          { key: 'created', label: t('common.createdAt'), children: formatDateTime(order.createdAt) },
          { key: 'total', label: t('orders.total'), children: formatFen(order.totalFen) },
          { key: 'paid', label: t('orders.paid'), children: formatFen(order.paidFen) },
          { key: 'refunded', label: t('orders.refunded'), children: <span data-testid="order-refunded">{formatFen(order.refundedFen)}</span> },
        ]} />
      </Card>
      <Card title={t('orders.lines')}>
        <Table rowKey="id" size="small" pagination={false} dataSource={order.lines} columns={[
          { title: t('products.name'), dataIndex: 'name' },
          { title: t('products.specs'), dataIndex: 'specText' },
          { title: t('orders.unitPrice'), dataIndex: 'unitPriceFen', render: formatFen },
          { title: t('orders.quantity'), dataIndex: 'quantity' },
          { title: t('orders.total'), dataIndex: 'totalFen', render: formatFen },
          { title: t('orders.refunded'), dataIndex: 'refundedQuantity' },
        ]} />
      </Card>
      {bySource.size > 0 && <Card title={t('orders.adjustments')}>
        {[...bySource].map(([source, items]) => (
          <Descriptions key={source} title={source} column={1} size="small"
            items={items.map((a) => ({ key: a.id, label: a.reason || a.kind, children: formatFen(a.amountFen) }))} />
        ))}
      </Card>}
      <Card title={t('orders.payments')}>
        <Table rowKey="id" size="small" pagination={false} dataSource={order.payments} columns={[
          { title: t('orders.method'), dataIndex: 'method' },
          { title: t('common.status'), dataIndex: 'status' },
          { title: t('orders.amount'), dataIndex: 'amountFen', render: formatFen },
          { title: t('orders.refunded'), dataIndex: 'refundedFen', render: formatFen },
          { title: t('common.createdAt'), dataIndex: 'createdAt', render: formatDateTime },
        ]} />
      </Card>
      {order.refunds.length > 0 && <Card title={t('orders.refunds')}>
        <Table rowKey="id" size="small" pagination={false} dataSource={order.refunds} columns={[
          { title: t('orders.amount'), dataIndex: 'amountFen', render: formatFen },
          { title: t('orders.reason'), dataIndex: 'reason' },
          { title: t('common.status'), dataIndex: 'status' },
          { title: t('common.createdAt'), dataIndex: 'createdAt', render: formatDateTime },
        ]} />
      </Card>}
      {refund && <RefundDialog order={order} partial={refund === 'lines'} onClose={() => setRefund(null)} onDone={(next) => { setOrder(next); setRefund(null); }} />}
    </Space>
  );
}
