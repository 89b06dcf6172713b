/** A tender the cashier has taken (or is about to send) for the sale: 组合支付 adds several until covered. */
export interface TenderDraft {
  method: string;
  label: string;
  amountFen: number;
  /** Cash handed over; the change is what it exceeds amountFen by. */
  tenderedFen?: number;
  data?: Record<string, unknown>;
}

export function tenderedTotal(tenders: TenderDraft[]): number {
  return tenders.reduce((sum, t) => sum + t.amountFen, 0);
}

/** What is still to pay after the tenders so far. */
export function dueAfter(totalFen: number, tenders: TenderDraft[]): number {
  return Math.max(0, totalFen - tenderedTotal(tenders));
}

/**
 * Cash handed over for what is due: it pays up to the amount due, and any excess is change.
 * Less than due pays part, and another tender covers the rest.
 */
export function cashTender(dueFen: number, handedFen: number): TenderDraft | null {
  if (handedFen <= 0 || dueFen <= 0) return null;
  const amountFen = Math.min(dueFen, handedFen);
  return { method: 'cash', label: '现金', amountFen, tenderedFen: handedFen };
}

export function changeOf(tenders: TenderDraft[]): number {
  return tenders.reduce((sum, t) => sum + (t.tenderedFen !== undefined ? t.tenderedFen - t.amountFen : 0), 0);
}

/** WeChat payment codes (付款码) are 18 digits starting 10–15. */
export function isWechatPayCode(code: string): boolean {
  return /^1[0-5]\d{16}$/.test(code);
}

/** A till order id: unique per device and sale, kept across retries so the server keeps the first. */
export function newClientOrderId(deviceId: string, now: number, sequence: number): string {
  return `${deviceId}-${now.toString(36)}-${sequence.toString(36)}`;
}
