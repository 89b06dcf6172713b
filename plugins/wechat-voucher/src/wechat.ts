import { LingshouError, type PluginContext } from '@lingshou/plugin-sdk';

/** The merchant's WeChat Pay: its sub-merchant binding and a client signed as its partner. */
export async function wechatOf(ctx: PluginContext) {
  const binding = await ctx.kernel.wechatpay.binding();
  const client = await ctx.kernel.wechatpay.client();
  return { binding, client };
}

export type Wechat = Awaited<ReturnType<typeof wechatOf>>;

/**
 * WeChat refused the request itself (a 4xx answer: a rule, a limit, a state): asking again with
 * the same request gets the same answer. Timeouts, 5xx and rate limits (429) are worth a retry.
 */
export function isRefusal(error: unknown): error is LingshouError {
  if (!(error instanceof LingshouError) || error.code !== 'LS_WECHATPAY_REQUEST_FAILED') return false;
  const status = Number(error.extra?.httpStatus);
  return status >= 400 && status < 500 && status !== 429;
}

/** WeChat's code and message of a refusal, or our own error's, for a per-recipient result. */
export function describeError(error: unknown): { code: string; message: string } {
  if (error instanceof LingshouError) {
    const wechatCode = error.extra?.wechatCode;
    return { code: typeof wechatCode === 'string' ? wechatCode : error.code, message: error.message.slice(0, 500) };
  }
  return { code: 'ERROR', message: String((error as Error)?.message ?? error).slice(0, 500) };
}

/** RFC 3339 in China time, as WeChat writes its times: 2026-12-01T00:00:00+08:00. */
export function chinaTime(at: Date): string {
  const shifted = new Date(at.getTime() + 8 * 3600_000);
  return `${shifted.toISOString().slice(0, 19)}+08:00`;
}
