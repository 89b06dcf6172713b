import { errors } from '../errors.ts';
import { signTc3 } from './tc3-signer.ts';

/**
 * Tencent Cloud SMS, SendSms of API version 2021-01-11, over `fetch` with TC3 signing. Shapes
 * from the SendSms page of the SMS API docs: the answer is HTTP 200 either way, with
 * `Response.Error { Code, Message }` when the call itself is refused (credentials, signature,
 * parameters) and otherwise one `SendStatusSet` entry per number whose `Code` is "Ok" when sent.
 */
export const TENCENT_SMS_HOST = 'sms.tencentcloudapi.com';
const SERVICE = 'sms';
const VERSION = '2021-01-11';
// Any of the mainland regions serves any SMS application; the region only picks the access point.
const REGION = 'ap-guangzhou';
const CONTENT_TYPE = 'application/json; charset=utf-8';
const DEFAULT_TIMEOUT_MS = 5000;

export interface TencentSmsAccount {
  secretId: string;
  secretKey: string;
  sdkAppId: string;
  signName: string;
  templateId: string;
}

export interface TencentSmsOptions {
  fetch?: typeof fetch;
  /** Clock in ms, for X-TC-Timestamp. */
  now?: () => number;
  timeoutMs?: number;
}

interface SendSmsAnswer {
  Response?: {
    Error?: { Code?: string; Message?: string };
    SendStatusSet?: { SerialNo?: string; PhoneNumber?: string; Code?: string; Message?: string }[];
    RequestId?: string;
  };
}

function refused(code: string, message: string, requestId: string | undefined) {
  // Tencent names the number in its codes when the number is at fault (bad, blocked, over its own limits).
  const field = code.includes('PhoneNumber') ? { field: 'phone' } : {};
  return errors.LS_SMS_SEND_FAILED(`Tencent Cloud SMS refused the message: ${code}`, {
    ...field, extra: { provider: 'tencent', vendorCode: code, vendorMessage: message, requestId: requestId ?? null },
  });
}

/** Sends one template message to a mainland number (11 digits, sent as +86…); answers Tencent's SerialNo. */
export async function sendTencentSms(
  account: TencentSmsAccount, message: { phone: string; templateParams: string[] }, options: TencentSmsOptions = {},
): Promise<{ serialNo: string }> {
  const payload = JSON.stringify({
    SmsSdkAppId: account.sdkAppId, SignName: account.signName, TemplateId: account.templateId,
    TemplateParamSet: message.templateParams, PhoneNumberSet: [`+86${message.phone}`],
  });
  const timestamp = Math.floor((options.now ?? Date.now)() / 1000);
  const { authorization } = signTc3({
    secretId: account.secretId, secretKey: account.secretKey, service: SERVICE, host: TENCENT_SMS_HOST,
    contentType: CONTENT_TYPE, payload, timestamp,
  });
  let status: number;
  let answer: SendSmsAnswer;
  try {
    const res = await (options.fetch ?? fetch)(`https://${TENCENT_SMS_HOST}/`, {
      method: 'POST',
      headers: {
        authorization, 'content-type': CONTENT_TYPE,
        'x-tc-action': 'SendSms', 'x-tc-version': VERSION, 'x-tc-region': REGION, 'x-tc-timestamp': String(timestamp),
      },
      body: payload,
      signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    });
    status = res.status;
    answer = await res.json() as SendSmsAnswer;
  } catch (error) {
    throw errors.LS_SMS_UNAVAILABLE(undefined, { cause: error, extra: { provider: 'tencent' } });
  }
  const response = answer.Response;
  // A gateway's error page or an answer without Response says nothing about the message.
  if (status >= 500 || !response) throw errors.LS_SMS_UNAVAILABLE(`Tencent Cloud SMS answered HTTP ${status}`, { extra: { provider: 'tencent' } });
  if (response.Error) throw refused(response.Error.Code ?? 'Unknown', response.Error.Message ?? '', response.RequestId);
  const sent = response.SendStatusSet?.[0];
  if (!sent) throw refused('NoSendStatus', 'The answer has no SendStatusSet', response.RequestId);
  if (sent.Code !== 'Ok') throw refused(sent.Code ?? 'Unknown', sent.Message ?? '', response.RequestId);
  return { serialNo: sent.SerialNo ?? '' };
}
