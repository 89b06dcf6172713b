import type { Plugin } from 'esbuild';

/**
 * The packages the admin lends to plugin bundles on `window.__LINGSHOU_SHARED__` (docs/admin.md):
 * a bundle must use the admin's copies, or the page would run two Reacts whose hooks break.
 */
export const SHARED_MODULES = ['react', 'react-dom', 'react/jsx-runtime', 'antd', '@refinedev/core'] as const;

const NAMESPACE = 'lingshou-shared';

/**
 * Resolves each shared package to a CommonJS shim that reads the admin's registry, so esbuild's
 * CommonJS interop turns `import { Button } from 'antd'` into a property read at run time and
 * the bundle carries no bare import at all.
 */
export function sharedModulesPlugin(): Plugin {
  const filter = new RegExp(`^(${SHARED_MODULES.map((name) => name.replace(/[/.]/g, '\\$&')).join('|')})$`);
  return {
    name: 'lingshou-shared-modules',
    setup(build) {
      build.onResolve({ filter }, (args) => ({ path: args.path, namespace: NAMESPACE }));
      build.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => ({
        contents: `var shared = window.__LINGSHOU_SHARED__;
if (!shared) throw new Error('window.__LINGSHOU_SHARED__ is missing: this plugin page must be opened from the Lingshou admin');
module.exports = shared[${JSON.stringify(args.path)}];`,
        loader: 'js',
      }));
    },
  };
}
