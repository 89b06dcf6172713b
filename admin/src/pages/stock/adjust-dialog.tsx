import { useEffect, useState } from 'react';
import { useTranslate } from '@refinedev/core';
import { App, Form, Input, InputNumber, Modal, Radio, Select } from 'antd';
import { api } from '../../api/http.ts';
import { ApiErrorAlert } from '../../components/api-error.tsx';
import type { Warehouse } from './use-warehouses.ts';

export interface SkuChoice { id: string; label: string; weighed?: boolean }
type Mode = 'in' | 'out' | 'set';
interface Values { warehouseId: string; skuId: string; mode: Mode; quantity: number; note: string }
interface SaleSku { id: string; name: string; specText: string; barcode: string | null; weighed: boolean }

/** The adjustment line POST /stock/adjustments takes: 入库 and 出库 move by the quantity, 盘点 sets the count. */
function lineOf({ skuId, mode, quantity }: Values) {
  if (mode === 'set') return { skuId, onHand: quantity };
  return { skuId, delta: mode === 'in' ? quantity : -quantity };
}

/** What the dialog opens on: a warehouse and a SKU already chosen, or neither. */
export interface AdjustRequest { warehouseId?: string; sku?: SkuChoice }

/**
 * The 库存调整 form: warehouse, SKU (searched as at the till), in/out/set, quantity and a reason,
 * which the ledger keeps as the movement's note. Shown while `request` is set.
 */
export function AdjustDialog({ warehouses, request, onClose, onDone }: {
  warehouses: Warehouse[]; request: AdjustRequest; onClose(): void; onDone(): void;
}) {
  const t = useTranslate();
  const { message } = App.useApp();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [skus, setSkus] = useState<SkuChoice[]>(request.sku ? [request.sku] : []);
  const [form] = Form.useForm<Values>();
  const search = (q: string) => api.get<SaleSku[]>(`/skus?_end=20&q=${encodeURIComponent(q)}`).then((rows) => setSkus(rows.map((r) => ({
    id: r.id, weighed: r.weighed, label: [r.name, r.specText, r.barcode].filter(Boolean).join(' · '),
  }))), setError);
  useEffect(() => { if (!request.sku) void search(''); }, [request.sku]);
  const submit = async (values: Values) => {
    setBusy(true);
    setError(null);
    try {
      await api.post('/stock/adjustments', { warehouseId: values.warehouseId, lines: [lineOf(values)], note: values.note.trim() });
      void message.success(t('stock.adjusted'));
      onDone();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  const mode = Form.useWatch('mode', form);
  const chosen = skus.find((s) => s.id === Form.useWatch('skuId', form));
  return (
    <Modal open title={t('stock.adjust')} okText={t('common.save')} cancelText={t('common.cancel')} confirmLoading={busy}
      onOk={() => form.submit()} onCancel={onClose} destroyOnHidden>
      <ApiErrorAlert error={error} />
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{
        warehouseId: request.warehouseId ?? warehouses.find((w) => w.isDefault)?.id, skuId: request.sku?.id, mode: 'in', note: '',
      }}>
        <Form.Item name="warehouseId" label={t('stock.warehouse')} rules={[{ required: true }]}>
          <Select aria-label={t('stock.warehouse')} options={warehouses.map((w) => ({ value: w.id, label: w.name }))} />
        </Form.Item>
        <Form.Item name="skuId" label={t('stock.sku')} rules={[{ required: true }]}>
          <Select aria-label={t('stock.sku')} showSearch filterOption={false} onSearch={(q) => void search(q)} disabled={Boolean(request.sku)}
            options={skus.map((s) => ({ value: s.id, label: s.label }))} />
        </Form.Item>
        <Form.Item name="mode" label={t('stock.mode')}>
          <Radio.Group optionType="button" options={(['in', 'out', 'set'] as const).map((m) => ({ value: m, label: t(`stock.modes.${m}`) }))} />
        </Form.Item>
        <Form.Item name="quantity" label={t('stock.quantity')} extra={chosen?.weighed ? t('stock.gramsHint') : undefined}
          rules={[{ required: true }, { type: 'integer', min: mode === 'set' ? 0 : 1 }]}>
          <InputNumber aria-label={t('stock.quantity')} min={mode === 'set' ? 0 : 1} precision={0} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="note" label={t('stock.reason')} rules={[{ required: true, whitespace: true, max: 200 }]}>
          <Input aria-label={t('stock.reason')} maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
