import type { PluginDefinition, PluginRouteOptions } from '@lingshou/plugin-sdk';

/** A group of the plugin's routes: mounted under /api/v1/plugins/printers by the host. */
export type PluginRoutes = NonNullable<PluginDefinition['routes']>;

export type InContext = PluginRouteOptions['inContext'];
export type FastifyRequest = Parameters<InContext>[0];
