/** The server's answers the till reads (docs/api.md; the routes' JSON schemas are the contract). */

export interface User {
  accountId: string;
  username: string;
  name: string;
  kind: 'platform' | 'staff';
  tenantId: string | null;
  staffId: string | null;
  permissions: string[];
  /** The stores a store-bound staff member works in; null: every store. */
  storeIds: string[] | null;
}

export interface SessionTokens {
  accessToken: string;
  refreshToken: string;
  user: User;
}

export interface Store {
  id: string;
  code: string;
  name: string;
}

export interface StoreSettings {
  defaultRounding: 'none' | 'drop_fen' | 'drop_jiao' | 'round_jiao';
  zeroStockSale: boolean;
  returnWindows: { onlineDays: number; offlineDays: number };
}

export interface ApiSku {
  id: string;
  productId: string;
  name: string;
  specText: string;
  barcode: string | null;
  code: string | null;
  priceFen: number;
  weighed: boolean;
  unit: string;
}

export interface Category {
  id: string;
  name: string;
  children?: Category[];
}

export interface ProductTile {
  id: string;
  name: string;
  priceMinFen: number | null;
  skuCount: number;
}

export interface ScanResult {
  kind: string;
  label?: string;
  source?: string;
  data?: Record<string, unknown>;
}

export interface Adjustment {
  lineIndex?: number;
  lineId?: string | null;
  source: string;
  kind: string;
  amountFen: number;
  reason: string;
}

export interface Quote {
  lines: { skuId: string; name: string; quantity: number; baseTotalFen: number; adjustmentFen: number; totalFen: number; gift: boolean }[];
  adjustments: Adjustment[];
  subtotalFen: number;
  adjustmentFen: number;
  totalFen: number;
}

export interface OrderLine {
  id: string;
  lineNo: number;
  skuId: string;
  name: string;
  specText: string;
  weighed: boolean;
  gift: boolean;
  unitPriceFen: number;
  quantity: number;
  totalFen: number;
  refundedQuantity: number;
  refundedFen: number;
}

export interface Payment {
  id: string;
  method: string;
  status: 'pending' | 'succeeded' | 'failed' | 'cancelled';
  amountFen: number;
  tenderedFen: number | null;
  changeFen: number | null;
  refundedFen: number;
}

export interface Order {
  id: string;
  number: string;
  storeId: string;
  clientOrderId: string | null;
  status: string;
  totalFen: number;
  paidFen: number;
  refundedFen: number;
  dueFen: number;
  createdAt: string;
  lines: OrderLine[];
  adjustments: Adjustment[];
  payments: Payment[];
  refunds: { id: string; amountFen: number; createdAt: string }[];
}

export interface ReceiptBlock {
  source: string;
  kind: string;
  text: string;
}

export interface PaymentMethodInfo {
  id: string;
  label: { zh: string; en: string };
  offline: boolean;
  owner: string | null;
}

export interface Label {
  zh: string;
  en: string;
}

export interface CartPanel {
  key: string;
  label: Label;
  block: Record<string, unknown>;
  pluginId: string;
}

/** A plugin's button on the till (docs/plugins.md §9): POSTs to its route, answers `{ message }`. */
export interface PosAction {
  key: string;
  label: Label;
  route: string;
  hotkey?: string;
  pluginId: string;
}

export interface PosExtensions {
  tenders: { method: string; label: Label; order?: number; pluginId: string }[];
  cartPanels: CartPanel[];
  /** Absent from a store setup cached by a till built before actions were drawn. */
  actions?: PosAction[];
}

export interface TenderSum {
  method: string;
  amountFen: number;
  count: number;
}

export interface Shift {
  id: string;
  storeId: string;
  status: 'open' | 'closed';
  openingFloatFen: number;
  openedAt: string;
  closedAt: string | null;
  sales: { orderCount: number; totalFen: number; byTender: TenderSum[] };
  refunds: { count: number; totalFen: number; byTender: TenderSum[] };
  movements: { id: string; kind: 'in' | 'out'; amountFen: number; reason: string; createdAt: string }[];
  cashInFen: number;
  cashOutFen: number;
  expectedCashFen: number;
  countedCashFen: number | null;
  differenceFen: number | null;
}

export interface Customer {
  id: string;
  name: string;
  phone: string | null;
  memberCode: string;
}
