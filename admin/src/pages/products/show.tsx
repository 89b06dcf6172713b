import { useEffect, useState } from 'react';
import { useTranslate } from '@refinedev/core';
import { Card, Descriptions, Image, Space, Spin, Table } from 'antd';
import { useParams } from 'react-router';
import { api } from '../../api/http.ts';
import { ApiErrorAlert } from '../../components/api-error.tsx';
import { formatFen } from '../../money.ts';

interface Sku { id: string; specText: string; barcode: string | null; priceFen: number; stock?: { warehouseName: string; onHand: number }[] }
interface Product { id: string; name: string; unit: string; weighed: boolean; imageUrls: string[]; specs: { name: string; values: string[] }[]; skus: Sku[] }

export default function ProductShow() {
  const t = useTranslate();
  const { id } = useParams();
  const [product, setProduct] = useState<Product | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api.get<Product>(`/products/${id}?withStock=true`).then(setProduct, setError);
  }, [id]);
  if (error) return <ApiErrorAlert error={error} />;
  if (!product) return <Spin />;
  return (
    <Card title={product.name}>
      <Descriptions column={2} items={[
        { key: 'unit', label: t('products.unit'), children: product.unit },
        { key: 'weighed', label: t('products.weighed'), children: product.weighed ? t('common.yes') : t('common.no') },
        { key: 'specs', label: t('products.specs'), children: product.specs.map((s) => `${s.name}: ${s.values.join(' / ')}`).join('；') || '—' },
      ]} />
      {product.imageUrls.length > 0 && <Space style={{ margin: '16px 0' }}>{product.imageUrls.map((url) => <Image key={url} src={url} width={96} />)}</Space>}
      <Table<Sku> rowKey="id" size="small" pagination={false} dataSource={product.skus} data-testid="product-skus" columns={[
        { title: t('products.specs'), dataIndex: 'specText', render: (s: string) => s || '—' },
        { title: t('products.price'), dataIndex: 'priceFen', render: formatFen },
        { title: t('products.barcode'), dataIndex: 'barcode' },
        { title: t('products.stock'), render: (_, sku) => (sku.stock ?? []).map((s) => `${s.warehouseName}: ${s.onHand}`).join('，') || 0 },
      ]} />
    </Card>
  );
}
