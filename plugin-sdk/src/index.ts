/**
 * @lingshou/plugin-sdk: everything a plugin may import from the platform. A plugin package's
 * default export is `definePlugin({...})`; see docs/plugins.md.
 */
export * from '@lingshou/core';
