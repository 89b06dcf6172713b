/**
 * What a plugin may ask the kernel for, each labelled for the plugin centre. A plugin declares
 * the capabilities it uses in its manifest; its context offers only those (row-level security is
 * the backstop).
 */
export const capabilities = {
  'catalog:read': { zh: '读取商品和 SKU', en: 'Read products and SKUs' },
  'customers:read': { zh: '读取会员', en: 'Read customers' },
  'orders:read': { zh: '读取订单、明细、支付和小票', en: 'Read orders, lines, payments and receipts' },
  'orders:write': { zh: '在订单上保存插件数据', en: 'Store plugin data on orders (extensions)' },
  'stores:read': { zh: '读取门店（名称、地址、电话）', en: 'Read stores (names, addresses, phones)' },
  'stock:write': { zh: '通过库存流水调整库存', en: 'Move stock through the ledger' },
  'payments:register': { zh: '添加支付方式', en: 'Add payment methods' },
  'wechatpay:use': { zh: '以商户身份调用微信支付：代金券、商家券', en: 'Call WeChat Pay as the merchant (sub-merchant of its partner): vouchers, merchant coupons' },
} as const satisfies Record<string, { zh: string; en: string }>;

export type Capability = keyof typeof capabilities;

export function isCapability(value: string): value is Capability {
  return Object.hasOwn(capabilities, value);
}
