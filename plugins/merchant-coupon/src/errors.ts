import { defineError } from '@lingshou/plugin-sdk';

/** The plugin's error catalogue (listed in this package's README). */
export const errors = {
  LS_MERCHANT_COUPON_INPUT_INVALID: defineError('LS_MERCHANT_COUPON_INPUT_INVALID', 400, 'The coupon is not valid'),
  LS_MERCHANT_COUPON_TEXT_TOO_LONG: defineError('LS_MERCHANT_COUPON_TEXT_TOO_LONG', 400, 'The text is over its limit'),
  LS_MERCHANT_COUPON_FIELD_IMMUTABLE: defineError('LS_MERCHANT_COUPON_FIELD_IMMUTABLE', 400, 'This field cannot change once the stock exists at WeChat'),
  LS_MERCHANT_COUPON_NOT_FOUND: defineError('LS_MERCHANT_COUPON_NOT_FOUND', 404, 'No such coupon'),
  LS_MERCHANT_COUPON_STORE_NOT_FOUND: defineError('LS_MERCHANT_COUPON_STORE_NOT_FOUND', 404, 'Store not found'),
  LS_MERCHANT_COUPON_STATE_INVALID: defineError('LS_MERCHANT_COUPON_STATE_INVALID', 409, 'The coupon cannot do this in its current state'),
  LS_MERCHANT_COUPON_NOT_CLAIMABLE: defineError('LS_MERCHANT_COUPON_NOT_CLAIMABLE', 409, 'This coupon cannot be claimed now'),
  LS_MERCHANT_COUPON_SOLD_OUT: defineError('LS_MERCHANT_COUPON_SOLD_OUT', 409, 'The coupon\'s budget is used up'),
  LS_MERCHANT_COUPON_LIMIT_REACHED: defineError('LS_MERCHANT_COUPON_LIMIT_REACHED', 409, 'You already hold as many of this coupon as allowed'),
  LS_MERCHANT_COUPON_CODE_UNUSABLE: defineError('LS_MERCHANT_COUPON_CODE_UNUSABLE', 400, 'This coupon cannot be used for this order'),
  LS_MERCHANT_COUPON_CODE_TAKEN: defineError('LS_MERCHANT_COUPON_CODE_TAKEN', 409, 'This coupon is already used by another order'),
} as const;
