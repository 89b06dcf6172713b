/** The plugin's id: its routes, schema, order extension, checkout input and adjustments' source. */
export const PLUGIN_ID = 'merchant-coupon';
