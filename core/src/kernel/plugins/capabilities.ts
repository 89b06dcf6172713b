/**
 * What a plugin may ask the kernel for. A plugin declares the capabilities it uses in its
 * manifest; its context offers only those (row-level security is the backstop).
 */
export const capabilities = {
  'catalog:read': 'Read products and SKUs',
  'customers:read': 'Read customers',
  'orders:read': 'Read orders, lines and payments',
  'orders:write': 'Store plugin data on orders (extensions)',
  'stock:write': 'Move stock through the ledger',
  'payments:register': 'Add payment methods',
  'wechatpay:use': 'Call WeChat Pay as the merchant (sub-merchant of its partner): vouchers, merchant coupons',
} as const;

export type Capability = keyof typeof capabilities;

export function isCapability(value: string): value is Capability {
  return Object.hasOwn(capabilities, value);
}
