import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { request } from '../../lib/api';
import { DELIVERY, ORDER_STATUS, yuan } from '../../lib/format';
import { requireStore } from '../../lib/guard';
import { useLoad } from '../../lib/use-load';
import type { OrderSummary } from '../../lib/types';
import { Status } from '../../components/Status';

const TABS = [['', '全部'], ['unpaid', '待付款'], ['active', '待收货'], ['done', '已完成'], ['refund', '退款']] as const;

/** The customer's orders by state. */
export default function OrdersPage() {
  requireStore();
  const { params } = useRouter();
  const [tab, setTab] = useState<string>(params.tab ?? '');
  const orders = useLoad(async () => (await request<OrderSummary[]>('GET', `/mall/orders?_end=50${tab ? `&tab=${tab}` : ''}`)).data, [tab]);
  return (
    <View className='page orders-page'>
      <View className='tabs'>
        {TABS.map(([key, label]) => <Text key={key} className={`tab ${tab === key ? 'tab-on' : ''}`} onClick={() => setTab(key)}>{label}</Text>)}
      </View>
      <Status loading={orders.loading} error={orders.error} empty={orders.data?.length === 0} emptyText='暂无订单' />
      {orders.data?.map((o) => (
        <View key={o.id} className='section order-item' onClick={() => void Taro.navigateTo({ url: `/pages/order/index?id=${o.id}` })}>
          <View className='row'><Text className='muted'>{o.storeName} · {DELIVERY[o.delivery?.mode ?? ''] ?? ''}</Text><Text className='price order-status'>{ORDER_STATUS[o.status]}</Text></View>
          <View>{o.firstLine?.name} {o.firstLine?.specText}{(o.firstLine?.count ?? 0) > 1 ? ` 等${o.firstLine!.count}件` : ''}</View>
          <View className='row'><Text className='muted'>{o.number}</Text><Text>{yuan(o.totalFen)}</Text></View>
        </View>
      ))}
    </View>
  );
}
