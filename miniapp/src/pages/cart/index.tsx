import { useState } from 'react';
import { Image, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { api } from '../../lib/api';
import { yuan } from '../../lib/format';
import { requireStore } from '../../lib/guard';
import { cart, type CartLine } from '../../lib/session';
import { useLoad } from '../../lib/use-load';
import type { Quote } from '../../lib/types';
import { Status } from '../../components/Status';
import { TabBar } from '../../components/TabBar';

/** The cart: quantities, and the price the server quotes (plugin promotions included). */
export default function CartPage() {
  const store = requireStore();
  const [lines, setLines] = useState<CartLine[]>(cart.lines());
  const quote = useLoad(() => (lines.length === 0 || !store ? Promise.resolve(null)
    : api.post<Quote>('/mall/cart/quote', { storeId: store.id, lines: lines.map((l) => ({ skuId: l.skuId, quantity: l.quantity })) })), [lines]);
  const change = (skuId: string, delta: number) => {
    const next = lines.map((l) => (l.skuId === skuId ? { ...l, quantity: l.quantity + delta } : l)).filter((l) => l.quantity > 0);
    cart.save(next);
    setLines(next);
  };
  return (
    <View className='page cart-page'>
      {lines.length === 0 && <View className='empty'>购物车是空的</View>}
      {lines.length > 0 && (
        <View className='section'>
          {lines.map((line) => (
            <View key={line.skuId} className='line cart-line'>
              {line.imageUrl ? <Image className='line-image' src={line.imageUrl} mode='aspectFill' /> : <View className='line-image' />}
              <View className='line-body'>
                <View>{line.name}</View>
                <View className='muted'>{line.specText}</View>
                <View className='row'>
                  <Text className='price'>{yuan(line.priceFen)}</Text>
                  <View className='qty'>
                    <Text className='qty-btn' onClick={() => change(line.skuId, -1)}>-</Text>
                    <Text className='qty-value'>{line.quantity}</Text>
                    <Text className='qty-btn' onClick={() => change(line.skuId, 1)}>+</Text>
                  </View>
                </View>
              </View>
            </View>
          ))}
        </View>
      )}
      <Status error={quote.error} />
      {quote.data && (
        <View className='section'>
          {quote.data.adjustments.map((a, i) => <View key={i} className='row muted'><Text>{a.reason}</Text><Text>{yuan(a.amountFen)}</Text></View>)}
          <View className='bottom-bar' style={{ bottom: '110px' }}>
            <Text>合计 <Text className='price cart-total'>{yuan(quote.data.totalFen)}</Text></Text>
            <Text className='btn go-checkout' onClick={() => void Taro.navigateTo({ url: '/pages/checkout/index' })}>去结算</Text>
          </View>
        </View>
      )}
      <TabBar current='cart' />
    </View>
  );
}
