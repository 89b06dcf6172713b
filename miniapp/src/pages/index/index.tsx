import { Image, Input, Swiper, SwiperItem, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { api } from '../../lib/api';
import { blocksFor } from '../../lib/extensions';
import { requireStore } from '../../lib/guard';
import { useLoad } from '../../lib/use-load';
import type { Block, ProductCard } from '../../lib/types';
import { ProductGrid } from '../../components/ProductGrid';
import { Blocks } from '../../components/Blocks';
import { Status } from '../../components/Status';
import { TabBar } from '../../components/TabBar';

interface Home {
  banners: { imageUrl: string; title: string; productId?: string }[];
  recommended: ProductCard[];
  promoted: ProductCard[];
  newest: ProductCard[];
}

interface Category {
  id: string;
  name: string;
}

/** Home (seed 2.4.3, 2.4.5.1.1): banners, category navigation, recommended / promoted / new goods, plugin blocks. */
export default function HomePage() {
  const store = requireStore();
  const home = useLoad(async () => {
    if (!store) return null;
    const [page, categories, blocks] = await Promise.all([
      api.get<Home>(`/mall/home?storeId=${store.id}`), api.get<Category[]>('/mall/categories'), blocksFor('home'),
    ]);
    return { page, categories, blocks: blocks as Block[] };
  });
  const data = home.data;
  const sections: [string, ProductCard[]][] = data ? [['推荐商品', data.page.recommended], ['促销商品', data.page.promoted], ['最新商品', data.page.newest]] : [];
  return (
    <View className='page home-page'>
      <View className='section row' onClick={() => void Taro.reLaunch({ url: '/pages/entry/index' })}>
        <Text className='store-name'>{store?.name}</Text><Text className='muted'>切换门店 ›</Text>
      </View>
      <View className='section' onClick={() => void Taro.navigateTo({ url: '/pages/search/index' })}>
        <Input className='input' disabled placeholder='搜索商品' />
      </View>
      <Status loading={home.loading} error={home.error} />
      {data && (
        <>
          {data.page.banners.length > 0 && (
            <Swiper className='banner' autoplay circular indicatorDots>
              {data.page.banners.map((b) => (
                <SwiperItem key={b.imageUrl} onClick={() => b.productId && void Taro.navigateTo({ url: `/pages/product/index?id=${b.productId}` })}>
                  <Image className='banner' src={b.imageUrl} mode='aspectFill' />
                </SwiperItem>
              ))}
            </Swiper>
          )}
          <View className='cat-nav'>
            {data.categories.slice(0, 8).map((c) => (
              <View key={c.id} className='cat-nav-item' onClick={() => void Taro.redirectTo({ url: `/pages/category/index?id=${c.id}` })}>{c.name}</View>
            ))}
          </View>
          <Blocks blocks={data.blocks} />
          {sections.filter(([, list]) => list.length > 0).map(([title, list]) => (
            <View key={title} className='home-block'>
              <View className='section-title' style={{ padding: '16px 24px 0' }}>{title}</View>
              <ProductGrid products={list} />
            </View>
          ))}
        </>
      )}
      <TabBar current='home' />
    </View>
  );
}
