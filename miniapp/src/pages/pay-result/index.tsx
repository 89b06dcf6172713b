import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { api, showError } from '../../lib/api';
import { ORDER_STATUS, yuan } from '../../lib/format';
import type { OrderDetail } from '../../lib/types';

interface PayAnswer {
  order: OrderDetail;
  payment: { requestPayment: Record<string, string> | null; h5Url: string | null } | null;
}

const POLL_MS = 1500;
const POLL_ROUNDS = 40;

/**
 * Pays an order and follows it: the mini program opens WeChat's cashier (Taro.requestPayment),
 * H5 the sandbox's confirm page, which returns here. The order turns paid when WeChat's
 * notification is processed, so this page polls it.
 */
export default function PayResultPage() {
  const { params } = useRouter();
  const [order, setOrder] = useState<OrderDetail | null>(null);
  const [message, setMessage] = useState('正在确认支付结果…');

  const pay = async () => {
    try {
      const answer = await api.post<PayAnswer>(`/mall/orders/${params.id}/pay`);
      setOrder(answer.order);
      if (process.env.TARO_ENV === 'weapp' && answer.payment?.requestPayment) {
        const p = answer.payment.requestPayment;
        await Taro.requestPayment({ timeStamp: p.timeStamp!, nonceStr: p.nonceStr!, package: p.package!, signType: p.signType as 'RSA', paySign: p.paySign! });
      } else if (answer.payment?.h5Url) {
        const back = `${window.location.origin}${window.location.pathname}#/pages/pay-result/index?id=${params.id}`;
        window.location.href = `${answer.payment.h5Url}?return_url=${encodeURIComponent(back)}`;
      }
    } catch (error) {
      showError(error);
      setMessage('支付未完成');
    }
  };

  useEffect(() => {
    let live = true;
    let round = 0;
    const poll = async () => {
      try {
        const current = await api.get<OrderDetail>(`/mall/orders/${params.id}`);
        if (!live) return;
        setOrder(current);
        if (current.status !== 'pending_payment') return setMessage(current.status === 'cancelled' ? '订单已取消' : '支付成功');
      } catch (error) {
        if (live) setMessage(error instanceof Error ? error.message : '查询失败');
      }
      if (live && ++round < POLL_ROUNDS) setTimeout(() => void poll(), POLL_MS);
      else if (live) setMessage('尚未收到支付结果');
    };
    if (params.pay === '1') void pay().then(() => poll());
    else void poll();
    return () => { live = false; };
  }, [params.id]);

  return (
    <View className='page pay-result-page'>
      <View className='section' style={{ textAlign: 'center' }}>
        <View className='section-title pay-message'>{message}</View>
        {order && <View className='muted'>订单 {order.number} · {ORDER_STATUS[order.status]} · <Text className='price'>{yuan(order.totalFen)}</Text></View>}
      </View>
      <View className='row' style={{ padding: '24px' }}>
        {order?.status === 'pending_payment' && <Text className='btn pay-again' onClick={() => void pay()}>去支付</Text>}
        <Text className='btn-plain view-order' onClick={() => void Taro.redirectTo({ url: `/pages/order/index?id=${params.id}` })}>查看订单</Text>
        <Text className='btn-plain' onClick={() => void Taro.reLaunch({ url: '/pages/index/index' })}>返回首页</Text>
      </View>
    </View>
  );
}
