import type { PluginDefinition } from '@lingshou/plugin-sdk';

/** A group of the plugin's routes: mounted under /api/v1/plugins/merchant-coupon by the host. */
export type PluginRoutes = NonNullable<PluginDefinition['routes']>;
