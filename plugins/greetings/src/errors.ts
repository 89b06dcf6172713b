import { defineError } from '@lingshou/plugin-sdk';

/** The plugin's error catalogue (listed in this package's README). */
export const errors = {
  LS_GREETINGS_TEMPLATE_NOT_FOUND: defineError('LS_GREETINGS_TEMPLATE_NOT_FOUND', 404, 'No such greeting template'),
  LS_GREETINGS_TEMPLATE_UNAVAILABLE: defineError('LS_GREETINGS_TEMPLATE_UNAVAILABLE', 400, 'This greeting template does not exist or is switched off'),
  LS_GREETINGS_ORDER_NOT_FOUND: defineError('LS_GREETINGS_ORDER_NOT_FOUND', 404, 'Order not found'),
  LS_GREETINGS_CHOICE_INVALID: defineError('LS_GREETINGS_CHOICE_INVALID', 400, 'Pick a greeting template or write a greeting of at most 60 characters'),
} as const;
