import { useState } from 'react';
import { useTranslate } from '@refinedev/core';
import { Input, InputNumber, Modal, Table } from 'antd';
import { api } from '../../api/http.ts';
import { ApiErrorAlert } from '../../components/api-error.tsx';
import type { OrderDetail, OrderLine } from './types.ts';

/** Refund the whole order (no lines) or chosen quantities of its lines. */
export function RefundDialog({ order, partial, onClose, onDone }: { order: OrderDetail; partial: boolean; onClose(): void; onDone(order: OrderDetail): void }) {
  const t = useTranslate();
  const [quantities, setQuantities] = useState<Record<string, number>>({});
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  // One key per dialog: a double click or a retry after a lost answer refunds once.
  const [key] = useState(() => crypto.randomUUID());
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const lines = Object.entries(quantities).filter(([, q]) => q > 0).map(([lineId, quantity]) => ({ lineId, quantity }));
      onDone(await api.post<OrderDetail>(`/orders/${order.id}/refunds`, { ...(partial ? { lines } : {}), reason }, { 'idempotency-key': key }));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={partial ? t('orders.refundLines') : t('orders.refundAll')} onOk={submit} confirmLoading={busy} onCancel={onClose} okText={t('orders.refund')}>
      <ApiErrorAlert error={error} />
      {partial && (
        <Table<OrderLine> rowKey="id" size="small" pagination={false} dataSource={order.lines} columns={[
          { title: t('products.name'), render: (_, l) => `${l.name} ${l.specText}` },
          { title: t('orders.quantity'), render: (_, l) => `${l.quantity - l.refundedQuantity}` },
          { title: t('orders.refund'), render: (_, l) => (
            <InputNumber aria-label={`refund ${l.name}`} min={0} max={l.quantity - l.refundedQuantity} precision={0}
              value={quantities[l.id] ?? 0} onChange={(q) => setQuantities({ ...quantities, [l.id]: q ?? 0 })} />
          ) },
        ]} />
      )}
      <Input style={{ marginTop: 16 }} placeholder={t('orders.reason')} maxLength={200} value={reason} onChange={(e) => setReason(e.target.value)} />
    </Modal>
  );
}
