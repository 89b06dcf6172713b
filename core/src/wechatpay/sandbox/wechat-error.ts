/**
 * Errors in WeChat's APIv3 shape: an HTTP status and `{ code, message }` (plus `detail` where
 * WeChat gives one). Only the /v3 routes answer this way; the admin API uses our problem+json.
 */
export class WechatError extends Error {
  readonly statusCode: number;
  readonly code: string;
  readonly detail: Record<string, unknown> | undefined;

  constructor(statusCode: number, code: string, message: string, detail?: Record<string, unknown>) {
    super(message);
    this.name = 'WechatError';
    this.statusCode = statusCode;
    this.code = code;
    this.detail = detail;
  }

  toBody(): Record<string, unknown> {
    return { code: this.code, message: this.message, ...(this.detail ? { detail: this.detail } : {}) };
  }
}

/** The codes the sandbox answers with (WeChat's names; docs/wechatpay-sandbox.md lists when). */
export const wx = {
  signError: (message: string) => new WechatError(401, 'SIGN_ERROR', message),
  paramError: (message: string, field?: string) =>
    new WechatError(400, 'PARAM_ERROR', message, field ? { field, location: 'body' } : undefined),
  invalidRequest: (message: string) => new WechatError(400, 'INVALID_REQUEST', message),
  noAuth: (message: string) => new WechatError(403, 'NO_AUTH', message),
  ruleLimit: (message: string) => new WechatError(403, 'RULE_LIMIT', message),
  outTradeNoUsed: () => new WechatError(403, 'OUT_TRADE_NO_USED', '商户订单号重复'),
  orderNotExist: () => new WechatError(404, 'ORDER_NOT_EXIST', '订单不存在'),
  resourceNotExists: (message: string) => new WechatError(404, 'RESOURCE_NOT_EXISTS', message),
  orderClosed: () => new WechatError(400, 'ORDER_CLOSED', '订单已关闭'),
  orderPaid: () => new WechatError(400, 'ORDERPAID', '订单已支付'),
  userPaying: () => new WechatError(202, 'USERPAYING', '用户支付中，需要输入密码'),
  notEnough: () => new WechatError(403, 'NOTENOUGH', '余额不足'),
  resourceExists: (message: string) => new WechatError(400, 'RESOURCE_ALREADY_EXISTS', message),
  systemError: () => new WechatError(500, 'SYSTEM_ERROR', '系统错误'),
};
