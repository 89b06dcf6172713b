import { Image, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { yuan } from '../lib/format';
import type { ProductCard } from '../lib/types';

/** Two columns of goods; images sit in fixed boxes so nothing jumps when they load. */
export function ProductGrid({ products }: { products: ProductCard[] }) {
  return (
    <View className='grid'>
      {products.map((p) => (
        <View key={p.id} className='card product-card' onClick={() => void Taro.navigateTo({ url: `/pages/product/index?id=${p.id}` })}>
          {p.imageUrl ? <Image className='card-image' src={p.imageUrl} mode='aspectFill' lazyLoad /> : <View className='card-image' />}
          <View className='card-body'>
            <View className='card-name'>{p.name}</View>
            <View>{p.labels.slice(0, 2).map((l) => <Text key={l} className='tag'>{l}</Text>)}</View>
            <View className='row'>
              <Text className='price'>{yuan(p.minPriceFen)}{p.weighed ? `/${p.unit}` : ''}{p.maxPriceFen > p.minPriceFen ? '起' : ''}</Text>
              {p.stock <= 0 && <Text className='muted'>缺货</Text>}
            </View>
          </View>
        </View>
      ))}
    </View>
  );
}
