import { lineBaseFen, roundCash, type Rounding } from './money.ts';

/** What the till knows of a SKU: the server's sale view (GET /skus), cached for offline use. */
export interface Sku {
  id: string;
  productId: string;
  name: string;
  specText: string;
  barcode: string | null;
  code: string | null;
  /** Per piece; per kilogram for weighed goods. */
  priceFen: number;
  weighed: boolean;
  unit: string;
}

export interface LineDiscount {
  percent?: number;
  amountFen?: number;
  reason?: string;
}

export interface CartLine {
  /** Stable within the cart, for React keys and edits. */
  key: string;
  sku: Sku;
  /** Pieces, or grams for weighed goods. */
  quantity: number;
  discount?: LineDiscount;
  gift?: boolean;
  /** A price read from a scale barcode. */
  barcodePriceFen?: number;
}

export interface Member {
  id: string;
  name: string;
  phone: string | null;
  memberCode: string;
}

/** What a scan or a plugin told the cashier about the cart, shown above the lines. */
export interface CartNote {
  source: string;
  label: string;
}

export interface Cart {
  lines: CartLine[];
  member: Member | null;
  /** Inputs for plugins, keyed by plugin id (checkout body `pluginInputs`). */
  pluginInputs: Record<string, Record<string, unknown>>;
  notes: CartNote[];
  nextKey: number;
}

export const emptyCart: Cart = { lines: [], member: null, pluginInputs: {}, notes: [], nextKey: 1 };

export interface AddOptions {
  quantity?: number;
  weightGrams?: number;
  priceFen?: number;
}

/**
 * Adds a SKU. Another piece of a plain line already in the cart adds to it; weighed goods and
 * priced scale labels are separate lines, as each label is its own package.
 */
export function addSku(cart: Cart, sku: Sku, options: AddOptions = {}): Cart {
  const quantity = sku.weighed ? options.weightGrams ?? options.quantity ?? 0 : options.quantity ?? 1;
  if (quantity <= 0) return cart;
  const separate = sku.weighed || options.priceFen !== undefined;
  const same = separate ? undefined : cart.lines.find((l) => l.sku.id === sku.id && !l.gift && !l.discount && l.barcodePriceFen === undefined);
  if (same) return setQuantity(cart, same.key, same.quantity + quantity);
  const line: CartLine = { key: `l${cart.nextKey}`, sku, quantity, ...(options.priceFen !== undefined ? { barcodePriceFen: options.priceFen } : {}) };
  return { ...cart, lines: [...cart.lines, line], nextKey: cart.nextKey + 1 };
}

/** Sets a line's quantity (pieces or grams); zero or less takes the line out. */
export function setQuantity(cart: Cart, key: string, quantity: number): Cart {
  if (quantity <= 0) return removeLine(cart, key);
  return { ...cart, lines: cart.lines.map((l) => (l.key === key ? { ...l, quantity: Math.round(quantity) } : l)) };
}

export function removeLine(cart: Cart, key: string): Cart {
  return { ...cart, lines: cart.lines.filter((l) => l.key !== key) };
}

/** A line discount (seed 6.3) replaces any earlier one; undefined clears it. */
export function setDiscount(cart: Cart, key: string, discount: LineDiscount | undefined): Cart {
  return {
    ...cart,
    lines: cart.lines.map((l) => {
      if (l.key !== key) return l;
      const { discount: _old, ...rest } = l;
      return discount ? { ...rest, discount, gift: false } : rest;
    }),
  };
}

/** Marks a line as a gift (seed 6.7: sold at zero), or back. */
export function setGift(cart: Cart, key: string, gift: boolean): Cart {
  return {
    ...cart,
    lines: cart.lines.map((l) => {
      if (l.key !== key) return l;
      const { discount: _discount, ...rest } = l;
      return { ...rest, gift };
    }),
  };
}

export function setMember(cart: Cart, member: Member | null): Cart {
  return { ...cart, member };
}

/** Merges a plugin's input (a picked greeting, a scanned coupon); a note tells the cashier. */
export function mergePluginInput(cart: Cart, pluginId: string, input: Record<string, unknown>, note?: string): Cart {
  const notes = note ? [...cart.notes.filter((n) => n.source !== pluginId), { source: pluginId, label: note }] : cart.notes;
  return { ...cart, pluginInputs: { ...cart.pluginInputs, [pluginId]: { ...cart.pluginInputs[pluginId], ...input } }, notes };
}

/** Drops a plugin's input and its note. */
export function clearPluginInput(cart: Cart, pluginId: string): Cart {
  const { [pluginId]: _dropped, ...rest } = cart.pluginInputs;
  return { ...cart, pluginInputs: rest, notes: cart.notes.filter((n) => n.source !== pluginId) };
}

export interface CheckoutLine {
  skuId: string;
  quantity: number;
  discount?: LineDiscount;
  gift?: boolean;
  barcodePriceFen?: number;
}

/** The cart as the server's checkout `lines`. */
export function checkoutLines(cart: Cart): CheckoutLine[] {
  return cart.lines.map((l) => ({
    skuId: l.sku.id, quantity: l.quantity,
    ...(l.discount ? { discount: l.discount } : {}),
    ...(l.gift ? { gift: true } : {}),
    ...(l.barcodePriceFen !== undefined ? { barcodePriceFen: l.barcodePriceFen } : {}),
  }));
}

export interface LocalQuote {
  lines: { key: string; baseFen: number; totalFen: number }[];
  subtotalFen: number;
  roundingFen: number;
  totalFen: number;
}

/**
 * The cart priced on the device: base prices, gifts, line discounts and the store's rounding.
 * Shown at once while the server's quote (with plugin adjustments) is on its way, and the price
 * of an offline sale. Plugin promotions are online-only.
 */
export function localQuote(cart: Cart, rounding: Rounding): LocalQuote {
  const lines = cart.lines.map((l) => {
    const baseFen = l.barcodePriceFen ?? lineBaseFen(l.sku.priceFen, l.quantity, l.sku.weighed);
    let totalFen = baseFen;
    if (l.gift) totalFen = 0;
    else if (l.discount?.amountFen !== undefined) totalFen = Math.min(baseFen, l.discount.amountFen);
    else if (l.discount?.percent !== undefined) totalFen = Math.min(baseFen, Math.round((baseFen * l.discount.percent) / 100));
    return { key: l.key, baseFen, totalFen };
  });
  const subtotalFen = lines.reduce((s, l) => s + l.baseFen, 0);
  const beforeRounding = lines.reduce((s, l) => s + l.totalFen, 0);
  const totalFen = roundCash(beforeRounding, rounding);
  return { lines, subtotalFen, roundingFen: totalFen - beforeRounding, totalFen };
}

/** Pieces, or kilograms for weighed goods, as the cart shows them. */
export function quantityText(line: Pick<CartLine, 'quantity'> & { sku: Pick<Sku, 'weighed' | 'unit'> }): string {
  return line.sku.weighed ? `${(line.quantity / 1000).toFixed(3)}kg` : `×${line.quantity}`;
}
