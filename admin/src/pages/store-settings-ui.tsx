import type { RegistryWidgetsType, UiSchema, WidgetProps } from '@rjsf/utils';
import { MoneyInput } from '../components/money-input.tsx';

type Label = [zh: string, en: string];

/** Each setting under the manual's own number and name (seed 2.1.5.*), in its order. */
const labels: Record<string, Label> = {
  discountOnDiscount: ['2.1.5.1 商品折上折', 'Discounts may stack'],
  passwordFreeMemberPayment: ['2.1.5.2 会员免密支付', 'Password-free member payment'],
  defaultRounding: ['2.1.5.3 收银默认抹零方式', 'Till rounding'],
  cashChangeToBalance: ['2.1.5.4 会员现金存零', 'Keep cash change as member balance'],
  zeroStockSale: ['2.1.5.5 线下零库存销售', 'Sell at zero stock in store'],
  autoSplitPacks: ['2.1.5.6 自动拆分', 'Split packs automatically'],
  customerService: ['2.1.5.7 商城客服', 'Mall customer service'],
  delivery: ['2.1.5.8 配送方式', 'Delivery'],
  returnWindows: ['2.1.5.10 线上/下退货时间（天）', 'Return windows (days)'],
  refundApproval: ['售后审核：商城退款申请 manual 人工审核 / auto 自动通过', 'Mall refund requests: manual review or auto approve'],
  productLabels: ['2.1.5.11 商品标签', 'Product labels'],
  defaultProductImage: ['2.1.5.12 商品默认图片', 'Default product image'],
  barcodePriceRule: ['2.1.5.13 条码结算价格设置', 'Scale barcode price'],
  stocktakeShowsOnHand: ['2.1.5.14 盘点显示当前库存', 'Show on-hand in stocktakes'],
};

const nested: Record<string, Label> = {
  enabled: ['启用', 'Enabled'], limitFen: ['免密额度', 'Limit'], phone: ['电话', 'Phone'], wechat: ['微信', 'WeChat'],
  pickup: ['到店自提', 'Pickup'], sameCity: ['同城配送', 'Same-city delivery'], express: ['快递', 'Express'],
  feeFen: ['运费', 'Fee'], freeAboveFen: ['满额免运费', 'Free above'], radiusMeters: ['配送半径（米）', 'Radius (m)'],
  onlineDays: ['线上', 'Online'], offlineDays: ['线下', 'In store'],
};

/** Money fields of the settings are fen: typed in 元. */
function FenWidget({ value, onChange, id }: WidgetProps) {
  return <MoneyInput aria-label={id} value={value as number | undefined} onChange={(fen) => onChange(fen ?? 0)} />;
}

export const settingsWidgets: RegistryWidgetsType = { fen: FenWidget };

function uiFor(schema: Record<string, unknown>, locale: string, top: boolean): UiSchema {
  const properties = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
  const ui: UiSchema = {};
  for (const [key, property] of Object.entries(properties)) {
    const label = (top ? labels : nested)[key];
    const entry: UiSchema = label ? { 'ui:title': locale === 'en' ? label[1] : label[0] } : {};
    if (key.endsWith('Fen')) entry['ui:widget'] = 'fen';
    if (property.type === 'object') Object.assign(entry, uiFor(property, locale, false));
    ui[key] = entry;
  }
  if (top) ui['ui:order'] = [...Object.keys(labels).filter((k) => k in properties), '*'];
  return ui;
}

export function settingsUiSchema(schema: Record<string, unknown>, locale: string): UiSchema {
  return uiFor(schema, locale, true);
}
