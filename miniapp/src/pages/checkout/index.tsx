import { useState } from 'react';
import { Input, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { api, showError } from '../../lib/api';
import { DELIVERY, yuan } from '../../lib/format';
import { blocksFor } from '../../lib/extensions';
import { requireStore } from '../../lib/guard';
import { cart } from '../../lib/session';
import { useLoad } from '../../lib/use-load';
import type { Address, Block, OrderDetail, Quote } from '../../lib/types';
import { Blocks } from '../../components/Blocks';
import { Status } from '../../components/Status';

type Mode = 'pickup' | 'same_city' | 'express';

/** Checkout: delivery mode per the store's settings, address, plugin blocks (coupon, greeting), the price breakdown. */
export default function CheckoutPage() {
  const store = requireStore();
  const lines = cart.lines().map((l) => ({ skuId: l.skuId, quantity: l.quantity }));
  const modes = (['pickup', 'same_city', 'express'] as Mode[]).filter((m) => store && (m === 'pickup' ? store.delivery.pickup : m === 'same_city' ? store.delivery.sameCity.enabled : store.delivery.express.enabled));
  const [mode, setMode] = useState<Mode>(modes[0] ?? 'pickup');
  const [inputs, setInputs] = useState<Record<string, Record<string, unknown>>>({});
  const [note, setNote] = useState('');
  const [addressId, setAddressId] = useState<string | null>(null);
  const [addressRound, setAddressRound] = useState(0);
  const [placing, setPlacing] = useState(false);
  useDidShow(() => setAddressRound((r) => r + 1));
  const blocks = useLoad(() => blocksFor('checkout'));
  const addresses = useLoad(() => api.get<Address[]>('/mall/addresses'), [addressRound]);
  const address = addresses.data?.find((a) => a.id === addressId) ?? addresses.data?.[0];
  const quote = useLoad(() => (!store || lines.length === 0 ? Promise.resolve(null)
    : api.post<Quote>('/mall/cart/quote', { storeId: store.id, lines, deliveryMode: mode, pluginInputs: inputs })), [mode, JSON.stringify(inputs)]);

  const setInput = (pluginId: string, value: Record<string, unknown> | undefined) => setInputs((before) => {
    const next = { ...before };
    if (value) next[pluginId] = value;
    else delete next[pluginId];
    return next;
  });

  const place = async () => {
    if (!store || placing) return;
    if (mode !== 'pickup' && !address) return void Taro.showToast({ title: '请添加收货地址', icon: 'none' });
    setPlacing(true);
    try {
      const order = await api.post<OrderDetail>('/mall/orders', {
        storeId: store.id, lines, deliveryMode: mode, pluginInputs: inputs, note: note || undefined, ...(mode === 'pickup' ? {} : { addressId: address!.id }),
      });
      cart.save([]);
      void Taro.redirectTo({ url: `/pages/pay-result/index?id=${order.id}&pay=1` });
    } catch (error) {
      showError(error);
    } finally {
      setPlacing(false);
    }
  };

  if (lines.length === 0) return <View className='page empty'>购物车是空的</View>;
  return (
    <View className='page checkout-page'>
      <View className='section'>
        <View className='section-title'>配送方式</View>
        {modes.map((m) => <Text key={m} className={`chip delivery-${m} ${mode === m ? 'chip-on' : ''}`} onClick={() => setMode(m)}>{DELIVERY[m]}</Text>)}
        {mode === 'pickup' && <View className='muted'>到 {store?.name} 自提，付款后凭提货码取货</View>}
      </View>
      {mode !== 'pickup' && (
        <View className='section address-picker' onClick={() => void Taro.navigateTo({ url: '/pages/addresses/index?pick=1' })}>
          {address ? (
            <>
              <View>{address.name} {address.phone}</View>
              <View className='muted'>{address.region} {address.detail}</View>
              {(addresses.data?.length ?? 0) > 1 && addresses.data!.map((a) => (
                <Text key={a.id} className={`chip ${a.id === address.id ? 'chip-on' : ''}`} onClick={(e) => { e.stopPropagation(); setAddressId(a.id); }}>{a.name} {a.detail.slice(0, 8)}</Text>
              ))}
            </>
          ) : <View className='price'>+ 添加收货地址</View>}
        </View>
      )}
      {blocks.data && <Blocks blocks={blocks.data as Block[]} context={{ lines, onInput: setInput }} />}
      <View className='section'>
        <Input className='input' placeholder='订单备注（选填）' maxlength={200} value={note} onInput={(e) => setNote(e.detail.value)} />
      </View>
      <Status loading={quote.loading && !quote.data} error={quote.error} />
      {quote.data && (
        <View className='section price-breakdown'>
          <View className='row'><Text>商品金额</Text><Text>{yuan(quote.data.subtotalFen)}</Text></View>
          {quote.data.adjustments.filter((a) => a.kind !== 'delivery_fee').map((a, i) => <View key={i} className='row muted adjustment'><Text>{a.reason}</Text><Text>{yuan(a.amountFen)}</Text></View>)}
          <View className='row'><Text>{DELIVERY[mode]}费用</Text><Text>{yuan(quote.data.deliveryFeeFen)}</Text></View>
        </View>
      )}
      <View className='bottom-bar'>
        <Text>应付 <Text className='price payable'>{quote.data ? yuan(quote.data.payableFen) : '--'}</Text></Text>
        <Text className={`btn place-order ${placing || !quote.data ? 'btn-disabled' : ''}`} onClick={() => quote.data && void place()}>提交订单</Text>
      </View>
    </View>
  );
}
