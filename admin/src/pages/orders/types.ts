export interface OrderLine { id: string; name: string; specText: string; unitPriceFen: number; quantity: number; totalFen: number; refundedQuantity: number; refundedFen: number }
export interface OrderAdjustment { id: string; source: string; kind: string; amountFen: number; reason: string }
export interface OrderPayment { id: string; method: string; status: string; amountFen: number; changeFen: number; refundedFen: number; createdAt: string }
export interface OrderRefund { id: string; amountFen: number; reason: string; status: string; createdAt: string }
export interface OrderDetail {
  id: string; number: string; status: string; channel: string; subtotalFen: number; adjustmentFen: number; totalFen: number;
  paidFen: number; refundedFen: number; createdAt: string; lines: OrderLine[]; adjustments: OrderAdjustment[];
  payments: OrderPayment[]; refunds: OrderRefund[];
}
