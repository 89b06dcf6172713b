import { defineError } from '@lingshou/plugin-sdk';

/** The plugin's error catalogue (listed in this package's README). */
export const errors = {
  LS_WECHAT_VOUCHER_STOCK_NOT_FOUND: defineError('LS_WECHAT_VOUCHER_STOCK_NOT_FOUND', 404, 'No such voucher stock'),
  LS_WECHAT_VOUCHER_BATCH_NOT_FOUND: defineError('LS_WECHAT_VOUCHER_BATCH_NOT_FOUND', 404, 'No such send batch'),
  LS_WECHAT_VOUCHER_STOCK_INVALID: defineError('LS_WECHAT_VOUCHER_STOCK_INVALID', 400, 'The voucher stock\'s rules do not fit together'),
  LS_WECHAT_VOUCHER_NO_CASH_UNAUTHORIZED: defineError(
    'LS_WECHAT_VOUCHER_NO_CASH_UNAUTHORIZED', 409,
    'No-charge (免充值) vouchers need the sub-merchant\'s authorisation of the service provider first',
  ),
  LS_WECHAT_VOUCHER_STOCK_STATE: defineError('LS_WECHAT_VOUCHER_STOCK_STATE', 409, 'The voucher stock\'s state does not allow this'),
  LS_WECHAT_VOUCHER_NO_RECIPIENTS: defineError('LS_WECHAT_VOUCHER_NO_RECIPIENTS', 400, 'The segment has no members to send to'),
} as const;
