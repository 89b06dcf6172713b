import { useState } from 'react';
import { ScrollView, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { api } from '../../lib/api';
import { requireStore } from '../../lib/guard';
import { useLoad } from '../../lib/use-load';
import { ProductList } from '../../components/ProductList';
import { Status } from '../../components/Status';
import { TabBar } from '../../components/TabBar';

interface Category {
  id: string;
  name: string;
  children: Category[];
}

/** 分类导航 (seed 2.4.4.5): categories on the left, the chosen one's goods (with subcategories) on the right. */
export default function CategoryPage() {
  requireStore();
  const router = useRouter();
  const categories = useLoad(() => api.get<Category[]>('/mall/categories'));
  const [picked, setPicked] = useState<string | null>(router.params.id ?? null);
  const current = picked ?? categories.data?.[0]?.id ?? null;
  return (
    <View className='page category-page' style={{ display: 'flex' }}>
      <ScrollView scrollY style={{ width: '26%', background: '#fff', minHeight: '100vh' }}>
        {categories.data?.map((c) => (
          <View key={c.id} className={`cat-nav-item category-item ${c.id === current ? 'tabbar-on' : ''}`} style={{ width: '100%' }} onClick={() => setPicked(c.id)}>{c.name}</View>
        ))}
      </ScrollView>
      <View style={{ flex: 1 }}>
        <Status loading={categories.loading} error={categories.error} empty={categories.data?.length === 0} />
        {current && <ProductList query={`&categoryId=${current}`} />}
      </View>
      <TabBar current='category' />
    </View>
  );
}
