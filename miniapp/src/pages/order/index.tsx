import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { api, showError } from '../../lib/api';
import { DELIVERY, ORDER_STATUS, REFUND_REQUEST_STATE, yuan } from '../../lib/format';
import { useLoad } from '../../lib/use-load';
import type { OrderDetail } from '../../lib/types';
import { Status } from '../../components/Status';

/** One order: lines, price breakdown, delivery or pickup code, and what the customer may do next. */
export default function OrderPage() {
  const { params } = useRouter();
  const loaded = useLoad(() => api.get<OrderDetail>(`/mall/orders/${params.id}`));
  const order = loaded.data;
  const act = async (path: string, confirm: string) => {
    const sure = await Taro.showModal({ title: confirm });
    if (!sure.confirm) return;
    try {
      await api.post(`/mall/orders/${params.id}/${path}`, {});
      loaded.reload();
    } catch (error) {
      showError(error);
    }
  };
  const request = order?.refundRequest;
  // A request waiting for the store is not asked twice; after a rejection the customer may ask again.
  const canRefund = order && request?.state !== 'requested' && ['paid', 'fulfilled', 'completed', 'partially_refunded'].includes(order.status)
    && order.refundUntil && new Date(order.refundUntil) > new Date();
  return (
    <View className='page order-page'>
      <Status loading={loaded.loading} error={loaded.error} />
      {order && (
        <>
          <View className='section'>
            <View className='section-title order-status'>{ORDER_STATUS[order.status]}</View>
            <View className='muted'>订单号 {order.number}</View>
          </View>
          {request && (
            <View className={`section refund-request refund-request-${request.state}`}>
              <View className='row'><Text className='refund-request-state'>{REFUND_REQUEST_STATE[request.state]}</Text><Text>{yuan(request.amountFen)}</Text></View>
              {request.state === 'requested' && <View className='muted'>已提交退款申请，等待商家审核；通过后款项原路退回</View>}
              {request.state === 'rejected' && <View className='muted refund-rejection-note'>商家说明：{request.rejectionNote}</View>}
              {request.reason && <View className='muted'>退款原因：{request.reason}</View>}
            </View>
          )}
          {order.delivery?.pickupCode && ['paid', 'fulfilled'].includes(order.status) && (
            <View className='section'>
              <View className='muted'>到店出示提货码 · {order.store.name}</View>
              <View className='code-box pickup-code'>{order.delivery.pickupCode}</View>
              <View className='muted'>{order.store.address}</View>
            </View>
          )}
          {order.delivery?.address && (
            <View className='section'>
              <View>{DELIVERY[order.delivery.mode]}：{order.delivery.address.name} {order.delivery.address.phone}</View>
              <View className='muted'>{order.delivery.address.region} {order.delivery.address.detail}</View>
            </View>
          )}
          <View className='section'>
            {order.lines.map((l) => (
              <View key={l.id} className='row'><Text>{l.name} {l.specText} ×{l.quantity}</Text><Text>{yuan(l.totalFen)}</Text></View>
            ))}
            <View className='row muted'><Text>商品金额</Text><Text>{yuan(order.subtotalFen)}</Text></View>
            {order.adjustments.map((a, i) => <View key={i} className='row muted'><Text>{a.reason}</Text><Text>{yuan(a.amountFen)}</Text></View>)}
            <View className='row'><Text>实付</Text><Text className='price'>{yuan(order.totalFen)}</Text></View>
            {order.refundedFen > 0 && <View className='row muted'><Text>已退款</Text><Text>{yuan(order.refundedFen)}</Text></View>}
            {order.note && <View className='muted'>备注：{order.note}</View>}
          </View>
          <View className='row' style={{ padding: '24px', justifyContent: 'flex-end' }}>
            {order.status === 'pending_payment' && <Text className='btn-plain cancel-order' onClick={() => void act('cancel', '取消订单？')}>取消订单</Text>}
            {order.status === 'pending_payment' && <Text className='btn pay-order' onClick={() => void Taro.redirectTo({ url: `/pages/pay-result/index?id=${order.id}&pay=1` })}>去支付</Text>}
            {order.delivery?.mode !== 'pickup' && ['paid', 'fulfilled'].includes(order.status) && <Text className='btn confirm-receipt' onClick={() => void act('confirm', '确认已收到商品？')}>确认收货</Text>}
            {canRefund && <Text className='btn-plain request-refund' onClick={() => void act('refund', '申请退款？审核通过后款项原路退回')}>申请退款</Text>}
          </View>
        </>
      )}
    </View>
  );
}
