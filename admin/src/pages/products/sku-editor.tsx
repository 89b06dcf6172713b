import { useState } from 'react';
import { useTranslate } from '@refinedev/core';
import { Button, Input, InputNumber, Select, Space, Table } from 'antd';
import { api } from '../../api/http.ts';
import { MoneyInput } from '../../components/money-input.tsx';
import { ApiErrorAlert } from '../../components/api-error.tsx';

export interface SpecDef { name: string; values: string[] }

export interface SkuRow {
  specValues: Record<string, string>;
  specText: string;
  priceFen: number | null;
  barcode: string;
  /** Initial stock for the chosen warehouse, pieces (grams for weighed goods). */
  stock: number | null;
}

interface MatrixRow { specValues: Record<string, string>; specKey: string; specText: string }

/**
 * Spec names and values → the SKU matrix the server builds (POST /products/sku-matrix), with a
 * price, barcode and stock per row. Rows already filled in keep their values when specs change.
 */
export function SkuEditor({ specs, onSpecs, rows, onRows }: {
  specs: SpecDef[]; onSpecs(specs: SpecDef[]): void; rows: SkuRow[]; onRows(rows: SkuRow[]): void;
}) {
  const t = useTranslate();
  const [error, setError] = useState<unknown>(null);
  const build = async () => {
    setError(null);
    try {
      const matrix = await api.post<MatrixRow[]>('/products/sku-matrix', { specs: specs.filter((s) => s.name && s.values.length > 0) });
      const previous = new Map(rows.map((row) => [row.specText, row]));
      onRows(matrix.map((m) => ({ specValues: m.specValues, specText: m.specText, priceFen: null, barcode: '', stock: null, ...pick(previous.get(m.specText)) })));
    } catch (failure) {
      setError(failure);
    }
  };
  const update = (index: number, patch: Partial<SkuRow>) => onRows(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  return (
    <div data-testid="sku-editor">
      <ApiErrorAlert error={error} />
      {specs.map((spec, index) => (
        <Space key={index} style={{ display: 'flex', marginBottom: 8 }} align="start">
          <Input
            aria-label={`${t('products.specName')} ${index + 1}`}
            placeholder={t('products.specName')}
            value={spec.name}
            onChange={(e) => onSpecs(specs.map((s, i) => (i === index ? { ...s, name: e.target.value } : s)))}
            style={{ width: 140 }}
          />
          <Select
            aria-label={`${t('products.specValues')} ${index + 1}`}
            mode="tags"
            tokenSeparators={[',', '，']}
            placeholder={t('products.specValues')}
            value={spec.values}
            onChange={(values: string[]) => onSpecs(specs.map((s, i) => (i === index ? { ...s, values } : s)))}
            style={{ minWidth: 320 }}
            open={false}
          />
          <Button onClick={() => onSpecs(specs.filter((_, i) => i !== index))}>{t('common.delete')}</Button>
        </Space>
      ))}
      <Space style={{ marginBottom: 16 }}>
        {specs.length < 3 && <Button onClick={() => onSpecs([...specs, { name: '', values: [] }])}>{t('products.addSpec')}</Button>}
        <Button type="primary" ghost onClick={build}>{t('products.buildMatrix')}</Button>
      </Space>
      <Table<SkuRow>
        rowKey="specText"
        size="small"
        pagination={false}
        dataSource={rows}
        columns={[
          { title: t('products.specs'), dataIndex: 'specText', render: (text: string) => text || '—' },
          { title: t('products.price'), width: 160, render: (_, row, i) => <MoneyInput aria-label={`price ${row.specText}`} value={row.priceFen} onChange={(priceFen) => update(i, { priceFen })} /> },
          { title: t('products.barcode'), width: 200, render: (_, row, i) => <Input aria-label={`barcode ${row.specText}`} value={row.barcode} onChange={(e) => update(i, { barcode: e.target.value })} /> },
          { title: t('products.stock'), width: 120, render: (_, row, i) => <InputNumber aria-label={`stock ${row.specText}`} min={0} precision={0} value={row.stock} onChange={(stock) => update(i, { stock })} /> },
        ]}
      />
    </div>
  );
}

function pick(row: SkuRow | undefined): Partial<SkuRow> {
  return row ? { priceFen: row.priceFen, barcode: row.barcode, stock: row.stock } : {};
}
