/** Money is fen everywhere; people read 元. */
export function yuan(fen: number): string {
  // A discount reads -¥10.00, not ¥-10.00.
  return `${fen < 0 ? '-' : ''}¥${(Math.abs(fen) / 100).toFixed(2)}`;
}

export const ORDER_STATUS: Record<string, string> = {
  pending_payment: '待付款', paid: '待收货', fulfilled: '已发货', completed: '已完成',
  cancelled: '已取消', partially_refunded: '部分退款', refunded: '已退款',
};

/** A refund request's state as the order page tells the customer. */
export const REFUND_REQUEST_STATE: Record<string, string> = { requested: '退款审核中', approved: '已退款', rejected: '退款申请已拒绝' };

export const DELIVERY: Record<string, string> = { pickup: '到店自提', same_city: '同城配送', express: '快递配送' };

export function zh(label: { zh?: string; en?: string } | undefined, fallback = ''): string {
  return label?.zh ?? label?.en ?? fallback;
}
