import { useEffect, useState } from 'react';
import { api } from '../api/client.ts';
import type { ApiSku, Category, ProductTile } from '../api/types.ts';
import type { Sku } from '../lib/cart.ts';
import { yuan } from '../lib/money.ts';
import { searchCachedSkus, skusOfProduct } from '../offline/catalog.ts';

type View = { kind: 'categories' } | { kind: 'products'; category: Category; products: ProductTile[] } | { kind: 'skus'; skus: Sku[] };

const toSku = ({ id, productId, name, specText, barcode, code, priceFen, weighed, unit }: ApiSku): Sku => ({
  id, productId, name, specText, barcode, code, priceFen, weighed, unit,
});

/** Goods without a barcode: search by name, pinyin initials or code, or pick from the category grid. */
export function CatalogPanel({ onPick, online }: { onPick: (sku: Sku) => void; online: boolean }) {
  const [q, setQ] = useState('');
  const [results, setResults] = useState<Sku[] | null>(null);
  const [categories, setCategories] = useState<Category[]>([]);
  const [view, setView] = useState<View>({ kind: 'categories' });

  useEffect(() => {
    if (online) api<Category[]>('GET', '/categories/tree').then(setCategories, () => setCategories([]));
  }, [online]);

  useEffect(() => {
    if (!q.trim()) return setResults(null);
    const timer = setTimeout(() => {
      const search = online
        ? api<ApiSku[]>('GET', `/skus?q=${encodeURIComponent(q.trim())}&_end=30`).then((rows) => rows.map(toSku))
        : searchCachedSkus(q);
      search.then(setResults, () => searchCachedSkus(q).then(setResults));
    }, 150);
    return () => clearTimeout(timer);
  }, [q, online]);

  const openCategory = async (category: Category) => {
    const products = await api<ProductTile[]>('GET', `/products?categoryId=${category.id}&status=on_sale&_end=60`);
    setView({ kind: 'products', category, products });
  };
  const openProduct = async (product: ProductTile) => {
    const skus = await skusOfProduct(product.id);
    if (skus.length === 1) onPick(skus[0]!);
    else setView({ kind: 'skus', skus });
  };

  const skuTiles = (skus: Sku[]) => skus.map((s) => (
    <button key={s.id} type="button" className="tile" onClick={() => onPick(s)}>
      {s.name} {s.specText}<small>￥{yuan(s.priceFen)}{s.weighed ? '/kg' : ''}</small>
    </button>
  ));

  return (
    <div className="catalog">
      <input id="search" name="search" placeholder="搜索 名称/拼音首字母/编码 (F3)" value={q} onChange={(e) => setQ(e.target.value)} />
      <div className="tile-grid" aria-label="商品">
        {results ? skuTiles(results) : view.kind === 'categories' ? categories.flatMap((c) => [c, ...(c.children ?? [])]).map((c) => (
          <button key={c.id} type="button" className="tile category" onClick={() => void openCategory(c)}>{c.name}</button>
        )) : (
          <>
            <button type="button" className="tile back" onClick={() => setView({ kind: 'categories' })}>← 分类</button>
            {view.kind === 'products' ? view.products.map((p) => (
              <button key={p.id} type="button" className="tile" onClick={() => void openProduct(p)}>
                {p.name}<small>{p.priceMinFen !== null ? `￥${yuan(p.priceMinFen)}` : ''}</small>
              </button>
            )) : skuTiles(view.skus)}
          </>
        )}
      </div>
    </div>
  );
}
