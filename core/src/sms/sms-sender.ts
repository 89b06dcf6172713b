import type { SmsSettings } from './sms-settings.ts';
import { sendTencentSms, type TencentSmsOptions } from './tencent-sms.ts';

/**
 * Sends a verification code through the merchant's provider with its approved template: the
 * code is the template's first parameter, the minutes it stays valid the second when the
 * template has one. Vendor failures arrive as LS_SMS_SEND_FAILED / LS_SMS_UNAVAILABLE.
 */
export async function sendVerificationSms(
  settings: SmsSettings, message: { phone: string; code: string; validMinutes: number }, options: TencentSmsOptions = {},
): Promise<void> {
  const templateParams = settings.templateWithMinutes ? [message.code, String(message.validMinutes)] : [message.code];
  switch (settings.provider) {
    case 'tencent':
      await sendTencentSms(settings, { phone: message.phone, templateParams }, options);
      return;
  }
}
