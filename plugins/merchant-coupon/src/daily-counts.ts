import type { PluginContext } from '@lingshou/plugin-sdk';

export interface DayCount {
  /** A China date, YYYY-MM-DD. */
  day: string;
  claimed: number;
  used: number;
}

const CHINA_OFFSET_MS = 8 * 3_600_000;

/** The last `days` China dates up to today's, oldest first (China keeps no daylight saving). */
export function chinaDays(now: Date, days: number): string[] {
  const today = Date.UTC(...chinaDateParts(now));
  return Array.from({ length: days }, (_, i) => new Date(today - (days - 1 - i) * 86_400_000).toISOString().slice(0, 10));
}

function chinaDateParts(at: Date): [number, number, number] {
  const china = new Date(at.getTime() + CHINA_OFFSET_MS);
  return [china.getUTCFullYear(), china.getUTCMonth(), china.getUTCDate()];
}

/**
 * Claims (confirmed by WeChat: `claimed_at`) and redemptions (`used_at`) per China day over the
 * last `days` days, every day listed, of one coupon or of the whole shop. The queries run in the
 * tenant's transaction, so row-level security keeps them to the shop's own claims.
 */
export async function dailyCounts(ctx: PluginContext, options: { days: number; couponId?: string; now?: Date }): Promise<DayCount[]> {
  const days = chinaDays(options.now ?? new Date(), options.days);
  const since = new Date(`${days[0]}T00:00:00+08:00`);
  const perDay = async (column: 'claimed_at' | 'used_at') => {
    const query = ctx.db('claims').where(column, '>=', since)
      .select(ctx.db('claims').client.raw(`to_char(${column} at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as day`))
      .count({ n: '*' }).groupBy('day');
    if (options.couponId) query.where({ coupon_id: options.couponId });
    return new Map((await query as { day: string; n: string }[]).map((row) => [row.day, Number(row.n)]));
  };
  const claimed = await perDay('claimed_at');
  const used = await perDay('used_at');
  return days.map((day) => ({ day, claimed: claimed.get(day) ?? 0, used: used.get(day) ?? 0 }));
}
