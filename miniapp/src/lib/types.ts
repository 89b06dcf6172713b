/** The shapes the mall API returns (core/src/mall/mall.schemas.ts). */
export interface Store {
  id: string;
  name: string;
  address: string;
  phone: string;
  delivery: { pickup: boolean; sameCity: { enabled: boolean; feeFen: number; freeAboveFen: number }; express: { enabled: boolean; feeFen: number } };
  returnDays: number;
}

export interface ProductCard {
  id: string;
  name: string;
  subtitle: string;
  labels: string[];
  unit: string;
  weighed: boolean;
  imageUrl: string | null;
  minPriceFen: number;
  maxPriceFen: number;
  stock: number;
}

export interface Product {
  id: string;
  name: string;
  subtitle: string;
  description: string;
  specs: { name: string; values: string[] }[];
  labels: string[];
  unit: string;
  imageUrls: string[];
  skus: { id: string; specValues: Record<string, string>; specText: string; priceFen: number; stock: number }[];
}

export interface Adjustment {
  source: string;
  kind: string;
  amountFen: number;
  reason: string;
}

export interface Quote {
  lines: { skuId: string; name: string; specText: string; quantity: number; totalFen: number }[];
  adjustments: Adjustment[];
  subtotalFen: number;
  totalFen: number;
  deliveryFeeFen: number;
  payableFen: number;
}

export interface Address {
  id: string;
  name: string;
  phone: string;
  region: string;
  detail: string;
  isDefault: boolean;
}

export interface OrderSummary {
  id: string;
  number: string;
  status: string;
  totalFen: number;
  createdAt: string;
  storeName: string;
  firstLine: { name: string; specText: string; count: number } | null;
  delivery: { mode: string; pickupCode: string | null } | null;
}

export interface OrderDetail extends OrderSummary {
  subtotalFen: number;
  dueFen: number;
  refundedFen: number;
  note: string;
  lines: { id: string; name: string; specText: string; quantity: number; unitPriceFen: number; totalFen: number }[];
  adjustments: Adjustment[];
  store: { name: string; address: string; phone: string };
  delivery: { mode: string; feeFen: number; pickupCode: string | null; address: Address | null } | null;
  refundUntil: string | null;
  /** The customer's latest refund request (售后申请), reviewed by the store unless it approves automatically. */
  refundRequest: RefundRequest | null;
}

export interface RefundRequest {
  id: string;
  state: 'requested' | 'approved' | 'rejected';
  reason: string;
  amountFen: number;
  rejectionNote: string | null;
  createdAt: string;
  decidedAt: string | null;
}

export interface Block {
  key: string;
  slot?: string;
  pluginId: string;
  label?: { zh?: string; en?: string };
  block: Record<string, unknown> & { type: string };
}

export interface PluginPage {
  key: string;
  pluginId: string;
  title?: { zh?: string; en?: string };
  label?: { zh?: string; en?: string };
  blocks?: Record<string, unknown>[];
}
