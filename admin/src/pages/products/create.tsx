import { useEffect, useState } from 'react';
import { useTranslate } from '@refinedev/core';
import { Button, Card, Checkbox, Form, Input, Select, Space, type UploadFile } from 'antd';
import { useNavigate } from 'react-router';
import { api } from '../../api/http.ts';
import { ApiErrorAlert } from '../../components/api-error.tsx';
import { useStore } from '../../components/store-context.tsx';
import { ImageUpload, uploadedKeys } from './image-upload.tsx';
import { SkuEditor, type SkuRow, type SpecDef } from './sku-editor.tsx';

interface Option { id: string; name: string }

export default function ProductCreate() {
  const t = useTranslate();
  const navigate = useNavigate();
  const { storeId } = useStore();
  const [form] = Form.useForm<{ name: string; categoryId?: string; unit?: string; weighed?: boolean; warehouseId?: string }>();
  const [specs, setSpecs] = useState<SpecDef[]>([]);
  const [rows, setRows] = useState<SkuRow[]>([{ specValues: {}, specText: '', priceFen: null, barcode: '', stock: null }]);
  const [images, setImages] = useState<UploadFile[]>([]);
  const [categories, setCategories] = useState<Option[]>([]);
  const [warehouses, setWarehouses] = useState<Option[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    api.get<Option[]>('/categories?_end=500').then(setCategories, () => setCategories([]));
    api.get<Option[]>(`/warehouses?_end=100${storeId ? `&storeId=${storeId}` : ''}`).then((list) => {
      setWarehouses(list);
      if (list[0]) form.setFieldValue('warehouseId', list[0].id);
    }, () => setWarehouses([]));
  }, [storeId, form]);

  const save = async () => {
    const values = await form.validateFields();
    setError(null);
    setSaving(true);
    try {
      const product = await api.post<{ id: string; skus: { id: string; specText: string }[] }>('/products', {
        name: values.name,
        ...(values.categoryId ? { categoryId: values.categoryId } : {}),
        ...(values.unit ? { unit: values.unit } : {}),
        weighed: values.weighed ?? false,
        images: uploadedKeys(images),
        specs: specs.filter((s) => s.name && s.values.length > 0),
        skus: rows.map((row) => ({ specValues: row.specValues, priceFen: row.priceFen ?? 0, barcode: row.barcode || null })),
      });
      // Stock is a ledger movement of its own: the product exists first, then its opening stock.
      const bySpec = new Map(product.skus.map((sku) => [sku.specText, sku.id]));
      const lines = rows.filter((row) => row.stock).map((row) => ({ skuId: bySpec.get(row.specText)!, onHand: row.stock! }));
      if (lines.length > 0 && values.warehouseId) {
        await api.post('/stock/adjustments', { warehouseId: values.warehouseId, lines, note: 'opening stock' });
      }
      navigate(`/products/${product.id}`);
    } catch (failure) {
      setError(failure);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card title={`${t('common.create')} · ${t('menu.products')}`}>
      <ApiErrorAlert error={error} />
      <Form form={form} layout="vertical" style={{ maxWidth: 960 }}>
        <Form.Item name="name" label={t('products.name')} rules={[{ required: true, max: 60 }]}>
          <Input />
        </Form.Item>
        <Space size="large">
          <Form.Item name="categoryId" label={t('products.category')}>
            <Select allowClear style={{ width: 240 }} options={categories.map((c) => ({ value: c.id, label: c.name }))} />
          </Form.Item>
          <Form.Item name="unit" label={t('products.unit')}>
            <Input style={{ width: 120 }} maxLength={8} />
          </Form.Item>
          <Form.Item name="weighed" label={t('products.weighed')} valuePropName="checked">
            <Checkbox />
          </Form.Item>
          <Form.Item name="warehouseId" label={t('menu.stock')}>
            <Select style={{ width: 200 }} options={warehouses.map((w) => ({ value: w.id, label: w.name }))} />
          </Form.Item>
        </Space>
        <Form.Item label={t('products.images')}>
          <ImageUpload files={images} onFiles={setImages} />
        </Form.Item>
        <Form.Item label={t('products.specs')}>
          <SkuEditor specs={specs} onSpecs={setSpecs} rows={rows} onRows={setRows} />
        </Form.Item>
        <Button type="primary" onClick={save} loading={saving}>{t('common.save')}</Button>
      </Form>
    </Card>
  );
}
