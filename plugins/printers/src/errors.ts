import { defineError } from '@lingshou/plugin-sdk';

/** The plugin's error catalogue (listed in this package's README). */
export const errors = {
  LS_PRINTERS_PRINTER_NOT_FOUND: defineError('LS_PRINTERS_PRINTER_NOT_FOUND', 404, 'No such printer'),
  LS_PRINTERS_PRINTER_EXISTS: defineError('LS_PRINTERS_PRINTER_EXISTS', 409, 'This printer is already registered in the shop'),
  LS_PRINTERS_PRINTER_FIXED: defineError('LS_PRINTERS_PRINTER_FIXED', 409, 'A registered printer keeps its brand, serial number and key: delete it and add it again'),
  LS_PRINTERS_STORE_NOT_FOUND: defineError('LS_PRINTERS_STORE_NOT_FOUND', 404, 'No such store, or one you may not act in'),
  LS_PRINTERS_ORDER_NOT_FOUND: defineError('LS_PRINTERS_ORDER_NOT_FOUND', 404, 'No such order in this store'),
  LS_PRINTERS_NO_PRINTERS: defineError('LS_PRINTERS_NO_PRINTERS', 409, 'The store has no printer'),
  LS_PRINTERS_NOT_CONFIGURED: defineError('LS_PRINTERS_NOT_CONFIGURED', 409, 'The cloud printer account is not configured in the plugin settings'),
  LS_PRINTERS_VENDOR_REFUSED: defineError('LS_PRINTERS_VENDOR_REFUSED', 422, 'The printer cloud refused the request'),
  LS_PRINTERS_VENDOR_UNAVAILABLE: defineError('LS_PRINTERS_VENDOR_UNAVAILABLE', 502, 'The printer cloud could not be reached or answered badly'),
} as const;
