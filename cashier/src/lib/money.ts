/** Money at the till: integer fen inside, 元 on screen and at the keyboard. */

/** 1234 → "12.34"; -50 → "-0.50". */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** What the cashier typed in 元 ("12", "12.5", "12.50") as fen; null when it is not an amount. */
export function parseYuan(text: string): number | null {
  const match = /^\s*(\d{1,9})(?:\.(\d{0,2}))?\s*$/.exec(text);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** Grams typed as kilograms ("0.512") for weighed goods; null when not a weight. */
export function parseKg(text: string): number | null {
  const match = /^\s*(\d{1,4})(?:\.(\d{0,3}))?\s*$/.exec(text);
  if (!match) return null;
  const grams = Number(match[1]) * 1000 + Number((match[2] ?? '').padEnd(3, '0'));
  return grams > 0 ? grams : null;
}

export type Rounding = 'none' | 'drop_fen' | 'drop_jiao' | 'round_jiao';

/**
 * The store's 抹零 rule. The server applies it when it prices a till order; the till mirrors
 * it only to price a sale while offline, and the server prices the upload again.
 */
export function roundCash(amountFen: number, rule: Rounding): number {
  switch (rule) {
    case 'none': return amountFen;
    case 'drop_fen': return amountFen - (amountFen % 10);
    case 'drop_jiao': return amountFen - (amountFen % 100);
    case 'round_jiao': return Math.round(amountFen / 10) * 10;
  }
}

/** Weighed goods are priced per kilogram and sold by the gram, rounded to the fen (as the server does). */
export function lineBaseFen(unitPriceFen: number, quantity: number, weighed: boolean): number {
  return weighed ? Math.round((unitPriceFen * quantity) / 1000) : unitPriceFen * quantity;
}
