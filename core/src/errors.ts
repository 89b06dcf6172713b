/**
 * The one error catalogue. Every error the API returns comes from a factory here, with a
 * stable code (LS_<AREA>_<PROBLEM>) and an HTTP status; docs/errors.md lists them all.
 */
export interface ErrorDetails {
  /** The input field at fault, as a dotted path (`lines.0.quantity`). */
  field?: string;
  cause?: unknown;
  /** Extra machine-readable facts, returned as problem+json extension members. */
  extra?: Record<string, unknown>;
}

export class LingshouError extends Error {
  readonly code: string;
  readonly statusCode: number;
  readonly field: string | undefined;
  readonly extra: Record<string, unknown> | undefined;

  constructor(code: string, statusCode: number, message: string, details: ErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'LingshouError';
    this.code = code;
    this.statusCode = statusCode;
    this.field = details.field;
    this.extra = details.extra;
  }
}

export interface ErrorFactory {
  (message?: string, details?: ErrorDetails): LingshouError;
  readonly code: string;
  readonly statusCode: number;
  readonly title: string;
}

export function defineError(code: string, statusCode: number, title: string): ErrorFactory {
  const factory = (message?: string, details?: ErrorDetails) =>
    new LingshouError(code, statusCode, message ?? title, details);
  return Object.assign(factory, { code, statusCode, title });
}

export const errors = {
  // Input
  LS_INPUT_INVALID: defineError('LS_INPUT_INVALID', 400, 'The request is not valid'),
  LS_INPUT_UNSUPPORTED_FILE: defineError('LS_INPUT_UNSUPPORTED_FILE', 415, 'This file type is not supported'),
  // Auth
  LS_AUTH_REQUIRED: defineError('LS_AUTH_REQUIRED', 401, 'Sign in first'),
  LS_AUTH_BAD_CREDENTIALS: defineError('LS_AUTH_BAD_CREDENTIALS', 401, 'Wrong username or password'),
  LS_AUTH_TOKEN_INVALID: defineError('LS_AUTH_TOKEN_INVALID', 401, 'The token is invalid or expired'),
  LS_AUTH_FORBIDDEN: defineError('LS_AUTH_FORBIDDEN', 403, 'You do not have permission for this'),
  LS_AUTH_RATE_LIMITED: defineError('LS_AUTH_RATE_LIMITED', 429, 'Too many attempts; wait and try again'),
  // Generic resource outcomes
  LS_RESOURCE_NOT_FOUND: defineError('LS_RESOURCE_NOT_FOUND', 404, 'Not found'),
  LS_RESOURCE_CONFLICT: defineError('LS_RESOURCE_CONFLICT', 409, 'This conflicts with an existing record'),
  LS_RESOURCE_IN_USE: defineError('LS_RESOURCE_IN_USE', 409, 'The record is still in use'),
  // Staff
  LS_STAFF_ROLE_BUILTIN: defineError('LS_STAFF_ROLE_BUILTIN', 409, 'Built-in roles cannot be renamed or deleted, nor the merchant admin changed'),
  // Idempotency
  LS_IDEMPOTENCY_KEY_REUSED: defineError('LS_IDEMPOTENCY_KEY_REUSED', 409, 'This Idempotency-Key was used with a different request'),
  // Catalog
  LS_CATALOG_BARCODE_TAKEN: defineError('LS_CATALOG_BARCODE_TAKEN', 409, 'This barcode is already used by another SKU'),
  LS_CATALOG_SPEC_MISMATCH: defineError('LS_CATALOG_SPEC_MISMATCH', 400, 'The SKU specs do not match the product specs'),
  LS_CATALOG_CATEGORY_CYCLE: defineError('LS_CATALOG_CATEGORY_CYCLE', 400, 'A category cannot be moved under itself'),
  // Stock
  LS_STOCK_INSUFFICIENT: defineError('LS_STOCK_INSUFFICIENT', 409, 'Not enough stock'),
  // Orders
  LS_ORDER_STATE_INVALID: defineError('LS_ORDER_STATE_INVALID', 409, 'The order is not in a state that allows this'),
  LS_ORDER_SKU_UNAVAILABLE: defineError('LS_ORDER_SKU_UNAVAILABLE', 400, 'The SKU cannot be sold'),
  LS_ORDER_REFUND_EXCEEDS: defineError('LS_ORDER_REFUND_EXCEEDS', 400, 'The refund is larger than what can be refunded'),
  LS_ORDER_REFUND_WINDOW_CLOSED: defineError('LS_ORDER_REFUND_WINDOW_CLOSED', 409, 'The return window for this order has closed'),
  LS_ORDER_REFUND_REQUEST_DECIDED: defineError('LS_ORDER_REFUND_REQUEST_DECIDED', 409, 'This refund request has already been approved or rejected'),
  // Payments
  LS_PAYMENT_METHOD_UNKNOWN: defineError('LS_PAYMENT_METHOD_UNKNOWN', 400, 'Unknown payment method'),
  LS_PAYMENT_TOTAL_MISMATCH: defineError('LS_PAYMENT_TOTAL_MISMATCH', 400, 'The tenders do not add up to the amount due'),
  LS_PAYMENT_CASH_SHORT: defineError('LS_PAYMENT_CASH_SHORT', 400, 'The cash tendered is less than the cash amount'),
  LS_PAYMENT_DECLINED: defineError('LS_PAYMENT_DECLINED', 402, 'The payment was declined'),
  // Plugins (hooks)
  LS_PLUGIN_HOOK_FAILED: defineError('LS_PLUGIN_HOOK_FAILED', 502, 'A plugin failed during the operation'),
  LS_PLUGIN_HOOK_TIMEOUT: defineError('LS_PLUGIN_HOOK_TIMEOUT', 504, 'A plugin took too long during the operation'),
  // Plugin host
  LS_PLUGIN_NOT_FOUND: defineError('LS_PLUGIN_NOT_FOUND', 404, 'No such plugin is installed'),
  LS_PLUGIN_NOT_ENABLED: defineError('LS_PLUGIN_NOT_ENABLED', 404, 'This plugin is not enabled for your shop'),
  LS_PLUGIN_REQUIREMENT_MISSING: defineError('LS_PLUGIN_REQUIREMENT_MISSING', 409, 'A plugin this one requires is not enabled'),
  LS_PLUGIN_REQUIRED_BY_OTHERS: defineError('LS_PLUGIN_REQUIRED_BY_OTHERS', 409, 'Other enabled plugins require this one'),
  LS_PLUGIN_IN_USE: defineError('LS_PLUGIN_IN_USE', 409, 'The plugin is still enabled by some merchants'),
  LS_PLUGIN_NOT_LOADED: defineError('LS_PLUGIN_NOT_LOADED', 409, 'The plugin package is not loaded by this server'),
  // WeChat Pay
  LS_WECHATPAY_NOT_CONFIGURED: defineError('LS_WECHATPAY_NOT_CONFIGURED', 409, 'WeChat Pay is not configured for this partner'),
  LS_WECHATPAY_REQUEST_FAILED: defineError('LS_WECHATPAY_REQUEST_FAILED', 502, 'WeChat Pay refused or failed the request'),
  LS_WECHATPAY_UNAVAILABLE: defineError('LS_WECHATPAY_UNAVAILABLE', 504, 'WeChat Pay could not be reached or did not answer in time'),
  LS_WECHATPAY_SIGNATURE_INVALID: defineError('LS_WECHATPAY_SIGNATURE_INVALID', 502, 'The answer from WeChat Pay failed verification'),
  LS_WECHATPAY_NOTIFICATION_INVALID: defineError('LS_WECHATPAY_NOTIFICATION_INVALID', 401, 'The WeChat Pay notification failed verification'),
  // WeChat Pay sandbox
  LS_WXSANDBOX_ADMIN_TOKEN: defineError('LS_WXSANDBOX_ADMIN_TOKEN', 401, 'The WeChat Pay sandbox admin token is missing or wrong'),
  LS_WXSANDBOX_MERCHANT_EXISTS: defineError('LS_WXSANDBOX_MERCHANT_EXISTS', 409, 'This merchant number is already registered in the WeChat Pay sandbox'),
  LS_WXSANDBOX_MERCHANT_UNKNOWN: defineError('LS_WXSANDBOX_MERCHANT_UNKNOWN', 404, 'No such merchant in the WeChat Pay sandbox'),
  LS_WXSANDBOX_CERTIFICATE_INVALID: defineError('LS_WXSANDBOX_CERTIFICATE_INVALID', 400, 'The API certificate or public key cannot be read'),
  LS_WXSANDBOX_PREPAY_UNKNOWN: defineError('LS_WXSANDBOX_PREPAY_UNKNOWN', 404, 'No such prepay_id in the WeChat Pay sandbox'),
  LS_WXSANDBOX_NOT_PAYABLE: defineError('LS_WXSANDBOX_NOT_PAYABLE', 409, 'This payment is not waiting to be paid'),
  // Till shifts
  LS_SHIFT_ALREADY_OPEN: defineError('LS_SHIFT_ALREADY_OPEN', 409, 'You already have an open shift in this store'),
  LS_SHIFT_CLOSED: defineError('LS_SHIFT_CLOSED', 409, 'The shift is closed'),
  // Mall
  LS_MALL_LOGIN_NOT_CONFIGURED: defineError('LS_MALL_LOGIN_NOT_CONFIGURED', 409, 'This way of signing in to the mall is not set up for this merchant'),
  LS_MALL_WECHAT_LOGIN_FAILED: defineError('LS_MALL_WECHAT_LOGIN_FAILED', 401, 'WeChat did not accept the login code'),
  LS_MALL_WECHAT_UNAVAILABLE: defineError('LS_MALL_WECHAT_UNAVAILABLE', 504, 'WeChat could not be reached to sign in; try again'),
  LS_MALL_SMS_CODE_INVALID: defineError('LS_MALL_SMS_CODE_INVALID', 401, 'The SMS code is wrong or expired'),
  LS_MALL_DELIVERY_UNAVAILABLE: defineError('LS_MALL_DELIVERY_UNAVAILABLE', 400, 'The store does not offer this delivery mode'),
  // SMS
  LS_SMS_SEND_FAILED: defineError('LS_SMS_SEND_FAILED', 502, 'The SMS provider refused to send the message'),
  LS_SMS_UNAVAILABLE: defineError('LS_SMS_UNAVAILABLE', 504, 'The SMS provider could not be reached or did not answer in time'),
  // Internal
  LS_INTERNAL: defineError('LS_INTERNAL', 500, 'Something went wrong on our side'),
} as const;

export type ErrorCode = keyof typeof errors;
