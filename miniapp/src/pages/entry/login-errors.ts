import { ApiError } from '../../lib/api';

/** What the phone sign-in shows for a failure, in Chinese: the server's codes are stable, its words English. */
export function loginErrorText(error: unknown): string {
  if (!(error instanceof ApiError)) return '网络异常，请稍后再试';
  switch (error.code) {
    case 'LS_INPUT_INVALID':
      if (error.field === 'phone') return '请输入正确的手机号';
      if (error.field === 'code') return '请输入短信验证码';
      return '填写有误，请检查';
    case 'LS_AUTH_RATE_LIMITED': return error.field === 'phone' ? '获取验证码太频繁，请稍后再试' : '请求太频繁，请稍后再试';
    case 'LS_MALL_SMS_CODE_INVALID': return '验证码不正确或已失效，请重新获取';
    case 'LS_MALL_LOGIN_NOT_CONFIGURED': return '商家暂未开通手机号登录';
    case 'LS_SMS_SEND_FAILED': return '短信发送失败，请稍后再试';
    case 'LS_SMS_UNAVAILABLE': return '短信服务暂时不可用，若未收到请稍后重新获取';
    case 'LS_RESOURCE_NOT_FOUND': return '商城不存在或已停用';
    default: return '登录失败，请稍后再试';
  }
}
