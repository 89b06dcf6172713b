import { useEffect, useState } from 'react';
import { View } from '@tarojs/components';
import { request } from '../lib/api';
import { session } from '../lib/session';
import type { ProductCard } from '../lib/types';
import { ProductGrid } from './ProductGrid';
import { Status } from './Status';

const PAGE = 20;

/** A paged product list of the store (category or search), twenty at a time. */
export function ProductList({ query }: { query: string }) {
  const [items, setItems] = useState<ProductCard[]>([]);
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const load = async (start: number) => {
    setLoading(true);
    try {
      const res = await request<ProductCard[]>('GET', `/mall/products?storeId=${session.store()?.id ?? ''}&_start=${start}&_end=${start + PAGE}${query}`);
      setItems((before) => (start === 0 ? res.data : [...before, ...res.data]));
      setTotal(res.total);
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : '加载失败');
    } finally {
      setLoading(false);
    }
  };
  useEffect(() => { void load(0); }, [query]);
  return (
    <View className='product-list'>
      <ProductGrid products={items} />
      <Status loading={loading} error={error} empty={!loading && total === 0} emptyText='没有找到商品' />
      {total !== null && items.length < total && !loading && <View className='empty' onClick={() => void load(items.length)}>加载更多</View>}
    </View>
  );
}
