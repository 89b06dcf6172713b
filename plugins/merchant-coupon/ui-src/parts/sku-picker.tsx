import { useEffect, useState } from 'react';
import { Empty, Select, Space, Spin, Tag, Typography } from 'antd';
import { problemOf, type PluginApi } from './api.ts';
import { findSkus, searchSkus, skuText, type SaleSku } from './kernel.ts';

interface Props {
  api: PluginApi;
  id?: string;
  value?: string[];
  onChange?: (skuIds: string[]) => void;
  disabled?: boolean;
}

/** Waits for the typing to pause before asking the kernel. */
const SEARCH_DELAY_MS = 250;

/**
 * 指定商品: a search box over the SKUs on sale (the till's search: name, pinyin initials, code,
 * barcode), each shown with its spec and price; the chosen ones are tags below it, removable.
 * A Form.Item control: `value` is the SKUs' ids. A saved coupon's SKUs are looked up by id;
 * one no longer on sale keeps a tag that says so.
 */
export function SkuPicker({ api, id, value = [], onChange, disabled }: Props) {
  // Every SKU met so far, by id; null: looked up, not on sale any more.
  const [known, setKnown] = useState<Map<string, SaleSku | null>>(() => new Map());
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<SaleSku[]>([]);
  const [searching, setSearching] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const unknown = value.filter((skuId) => !known.has(skuId)).join(',');
  useEffect(() => {
    if (!unknown) return;
    let current = true;
    const ids = unknown.split(',');
    findSkus(api, ids).then((found) => {
      if (current) setKnown((before) => new Map([...before, ...ids.map((skuId) => [skuId, found.get(skuId) ?? null] as const)]));
    }, (failure: unknown) => { if (current) setError(problemOf(failure).message); });
    return () => { current = false; };
  }, [api, unknown]);

  useEffect(() => {
    const q = query.trim();
    setResults([]);
    setSearching(q !== '');
    if (!q) return;
    let current = true;
    const timer = setTimeout(() => {
      searchSkus(api, q).then(
        (skus) => { if (current) { setResults(skus); setError(null); } },
        (failure: unknown) => { if (current) setError(problemOf(failure).message); },
      ).finally(() => { if (current) setSearching(false); });
    }, SEARCH_DELAY_MS);
    return () => { current = false; clearTimeout(timer); };
  }, [api, query]);

  const choose = (skuId: string) => {
    const sku = results.find((r) => r.id === skuId);
    if (sku) setKnown((before) => new Map(before).set(skuId, sku));
    setQuery('');
    if (!value.includes(skuId)) onChange?.([...value, skuId]);
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Select<string | null> id={id} showSearch value={null} searchValue={query} onSearch={setQuery} onSelect={(skuId) => { if (skuId) choose(skuId); }}
        filterOption={false} disabled={disabled} status={error ? 'error' : undefined} data-testid="sku-search"
        placeholder="搜索商品：名称、拼音首字母、编码或条码"
        notFoundContent={searching ? <Spin size="small" /> : query.trim() ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有在售的匹配商品" /> : null}
        options={results.map((sku) => ({ value: sku.id, label: skuText(sku), disabled: value.includes(sku.id) }))} />
      {error ? <Typography.Text type="danger">{error}</Typography.Text> : null}
      <div data-testid="chosen-skus">
        {value.map((skuId) => {
          const sku = known.get(skuId);
          const label = sku ? skuText(sku) : sku === null ? '已下架或已删除的商品' : '加载中…';
          return (
            <Tag key={skuId} data-sku={skuId} closable={!disabled} style={{ marginBottom: 4 }}
              onClose={() => onChange?.(value.filter((other) => other !== skuId))}>{label}</Tag>
          );
        })}
      </div>
    </Space>
  );
}
