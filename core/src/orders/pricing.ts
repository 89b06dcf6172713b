import { errors } from '../errors.ts';
import type { HookBus } from '../kernel/hooks/hook-bus.ts';
import type { HookCall, PriceAdjustment, PriceDraft, PricedLine } from '../kernel/hooks/catalogue.ts';
import { roundCash, type Rounding } from '../stores/store-settings.ts';
import type { SaleSku } from '../catalog/skus.service.ts';

export interface CartLineInput {
  skuId: string;
  /** Pieces, or grams for weighed goods. */
  quantity: number;
  /** Line discount at the till (seed 6.3): a price in fen for the whole line, or a percentage to pay. */
  discount?: { percent?: number; amountFen?: number; reason?: string };
  /** A gift item (seed 6.7): sold at zero. */
  gift?: boolean;
  /** A price read from a scale barcode, which the store may settle at (seed 2.1.5.13). */
  barcodePriceFen?: number;
}

export interface PricedCart {
  lines: (PricedLine & { adjustmentFen: number; totalFen: number })[];
  adjustments: PriceAdjustment[];
  subtotalFen: number;
  adjustmentFen: number;
  totalFen: number;
}

/** Weighed goods are priced per kilogram and sold by the gram; the line rounds to the nearest fen. */
export function baseLineTotal(unitPriceFen: number, quantity: number, weighed: boolean): number {
  return weighed ? Math.round((unitPriceFen * quantity) / 1000) : unitPriceFen * quantity;
}

function baseLines(inputs: CartLineInput[], skus: Map<string, SaleSku>): PricedLine[] {
  return inputs.map((input, index) => {
    const sku = skus.get(input.skuId);
    if (!sku || !sku.active || sku.productStatus !== 'on_sale') {
      throw errors.LS_ORDER_SKU_UNAVAILABLE('This SKU cannot be sold', { field: `lines.${index}.skuId` });
    }
    const baseTotalFen = input.barcodePriceFen ?? baseLineTotal(sku.priceFen, input.quantity, sku.weighed);
    return {
      skuId: sku.skuId, productId: sku.productId, name: sku.name, specText: sku.specText, barcode: sku.barcode,
      weighed: sku.weighed, gift: input.gift ?? false, unitPriceFen: sku.priceFen, quantity: input.quantity, baseTotalFen,
    };
  });
}

/** The kernel's own adjustments: gifts and line discounts, which the caller's permission allows. */
function kernelAdjustments(lines: PricedLine[], inputs: CartLineInput[]): PriceAdjustment[] {
  const adjustments: PriceAdjustment[] = [];
  inputs.forEach((input, index) => {
    const line = lines[index]!;
    if (input.gift) {
      if (line.baseTotalFen > 0) {
        adjustments.push({ source: 'kernel', kind: 'gift', lineIndex: index, amountFen: -line.baseTotalFen, reason: '赠送' });
      }
      return;
    }
    const discount = input.discount;
    if (!discount) return;
    let target: number;
    if (discount.amountFen !== undefined) {
      if (discount.amountFen > line.baseTotalFen) {
        throw errors.LS_INPUT_INVALID('The discounted price is above the line price', { field: `lines.${index}.discount.amountFen` });
      }
      target = discount.amountFen;
    } else if (discount.percent !== undefined) {
      target = Math.round((line.baseTotalFen * discount.percent) / 100);
    } else {
      throw errors.LS_INPUT_INVALID('A discount needs percent or amountFen', { field: `lines.${index}.discount` });
    }
    if (target < line.baseTotalFen) {
      adjustments.push({
        source: 'kernel', kind: 'line_discount', lineIndex: index, amountFen: target - line.baseTotalFen,
        reason: discount.reason ?? (discount.percent !== undefined ? `单品${discount.percent / 10}折` : '单品改价'),
      });
    }
  });
  return adjustments;
}

/**
 * Spreads order-level adjustments over the lines in proportion to what each line still costs,
 * by largest remainder, so every line's total is final and refunds of a line are exact.
 */
export function allocate(lineTotals: number[], amountFen: number): number[] {
  const sum = lineTotals.reduce((a, b) => a + b, 0);
  if (amountFen === 0 || lineTotals.length === 0) return lineTotals.map(() => 0);
  // A charge on goods that cost nothing (all gifts) still has to be paid: the first line carries it.
  if (sum === 0) return lineTotals.map((_, index) => (index === 0 && amountFen > 0 ? amountFen : 0));
  const sign = Math.sign(amountFen);
  // A discount cannot take more than the lines cost; a charge can be any size.
  const magnitude = sign < 0 ? Math.min(-amountFen, sum) : amountFen;
  const exact = lineTotals.map((total) => (total * magnitude) / sum);
  const shares = exact.map(Math.floor);
  let left = magnitude - shares.reduce((a, b) => a + b, 0);
  const order = exact.map((value, index) => ({ index, remainder: value - Math.floor(value) }))
    .sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (const { index } of order) {
    if (left === 0) break;
    shares[index]! += 1;
    left -= 1;
  }
  return shares.map((share) => sign * share);
}

/**
 * Charges the caller adds once the goods are priced (the mall's delivery fee): they see what the
 * goods cost after every discount, and come back as order-level adjustments.
 */
export type OrderCharges = (goodsFen: number) => PriceAdjustment[];

/** What the goods cost after the draft's adjustments, as the totals below would count it. */
function goodsTotal(lines: PricedLine[], adjustments: PriceAdjustment[]): number {
  const perLine = lines.map((line) => line.baseTotalFen);
  let orderLevel = 0;
  for (const adjustment of adjustments) {
    if (adjustment.lineIndex === undefined) orderLevel += adjustment.amountFen;
    else if (perLine[adjustment.lineIndex] !== undefined) perLine[adjustment.lineIndex]! += adjustment.amountFen;
  }
  return Math.max(0, perLine.reduce((sum, total) => sum + Math.max(0, total), 0) + orderLevel);
}

/**
 * Prices a cart: base prices, the kernel's line adjustments, then every enabled plugin's
 * `checkout.price` tap, then the caller's charges (a delivery fee), then the store's cash rounding
 * (抹零) at the till. Totals never go below zero.
 */
export async function priceCart(
  hooks: HookBus,
  call: HookCall<'checkout.price'>,
  inputs: CartLineInput[],
  skus: Map<string, SaleSku>,
  rounding: Rounding,
  charges?: OrderCharges,
): Promise<PricedCart> {
  const lines = baseLines(inputs, skus);
  let draft: PriceDraft = { lines, adjustments: kernelAdjustments(lines, inputs) };
  draft = await hooks.call('checkout.price', draft, call);
  if (charges) draft.adjustments.push(...charges(goodsTotal(lines, draft.adjustments)));
  await hooks.call('checkout.validate', draft, call);

  const lineAdjust = lines.map(() => 0);
  let orderLevel = 0;
  for (const [i, adjustment] of draft.adjustments.entries()) {
    if (!Number.isSafeInteger(adjustment.amountFen)) {
      throw errors.LS_PLUGIN_HOOK_FAILED(`Adjustment ${i} from ${adjustment.source} is not a whole number of fen`);
    }
    if (adjustment.lineIndex === undefined) orderLevel += adjustment.amountFen;
    else if (lineAdjust[adjustment.lineIndex] === undefined) {
      throw errors.LS_PLUGIN_HOOK_FAILED(`Adjustment ${i} from ${adjustment.source} names a line that does not exist`);
    } else lineAdjust[adjustment.lineIndex]! += adjustment.amountFen;
  }
  // A line never costs less than zero; the order-level part is spread over what is left.
  const afterLines = lines.map((line, i) => Math.max(0, line.baseTotalFen + lineAdjust[i]!));
  const beforeRounding = Math.max(0, afterLines.reduce((a, b) => a + b, 0) + orderLevel);
  if (call.info.channel === 'pos' && rounding !== 'none') {
    const rounded = roundCash(beforeRounding, rounding);
    if (rounded !== beforeRounding) {
      draft.adjustments.push({ source: 'kernel', kind: 'rounding', amountFen: rounded - beforeRounding, reason: '抹零' });
      orderLevel += rounded - beforeRounding;
    }
  }
  const spread = allocate(afterLines, orderLevel);
  const priced = lines.map((line, i) => {
    const totalFen = Math.max(0, afterLines[i]! + spread[i]!);
    return { ...line, adjustmentFen: totalFen - line.baseTotalFen, totalFen };
  });
  const subtotalFen = priced.reduce((a, l) => a + l.baseTotalFen, 0);
  const totalFen = priced.reduce((a, l) => a + l.totalFen, 0);
  return { lines: priced, adjustments: draft.adjustments, subtotalFen, adjustmentFen: totalFen - subtotalFen, totalFen };
}
