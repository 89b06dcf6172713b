/** The local WeChat Pay APIv3 simulator (docs/wechatpay-sandbox.md). */
export { wechatpaySandbox, startWechatpaySandboxServer, type SandboxServer } from './plugin.ts';
export type { WechatpaySandboxOptions } from './context.ts';
export { RETRY_SCHEDULES } from './notifier.ts';
export { PAYMENT_CODE_OUTCOMES, type PaymentCodeOutcome } from './payments.ts';
export { SANDBOX_SCHEMA } from './db.ts';
