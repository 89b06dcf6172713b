import type { PluginContext } from '@lingshou/plugin-sdk';
import { readFromWechat, type StockRow } from './stocks.service.ts';
import { describeError, isRefusal, wechatOf } from './wechat.ts';

export const SYNC_JOB = 'sync-stocks';

/**
 * The scheduled sync: every stock still live at WeChat gets its state and sent count. A stock
 * WeChat refuses to show keeps the refusal as lastError; a failure to reach WeChat fails the run,
 * which the queue retries.
 */
export async function syncStocks(ctx: PluginContext): Promise<void> {
  const rows = (await ctx.db('stocks').whereIn('status', ['unactivated', 'running', 'paused']).whereNotNull('wechat_stock_id')) as StockRow[];
  if (rows.length === 0) return;
  const wechat = await wechatOf(ctx);
  for (const row of rows) {
    try {
      const state = await readFromWechat(row, wechat);
      await ctx.db('stocks').where({ id: row.id }).update({ status: state.status, distributed_coupons: state.distributedCoupons, synced_at: new Date(), updated_at: new Date() });
    } catch (error) {
      if (!isRefusal(error)) throw error;
      const { code, message } = describeError(error);
      await ctx.db('stocks').where({ id: row.id }).update({ last_error: `${code}: ${message}`.slice(0, 500), updated_at: new Date() });
    }
  }
}
