import { resolve } from 'node:path';
import { defineConfig } from '@tarojs/cli';

/**
 * One codebase, two builds: `--type weapp` (the merchant's mini program) and `--type h5`
 * (served by the server at /mall). The weapp calls the API at LINGSHOU_MALL_API (the server's
 * public https address); H5 calls its own origin. LINGSHOU_MALL_MERCHANT fixes the merchant of
 * a mini program build; H5 links carry it as `?merchant=<id>`.
 */
export default defineConfig<'vite'>({
  projectName: 'lingshou-mall',
  date: '2026-11-28',
  designWidth: 750,
  deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
  sourceRoot: 'src',
  outputRoot: `dist/${process.env.TARO_ENV}`,
  // Draws WeChat's plugin components (send-coupon) in the weapp build: see the file.
  plugins: [resolve(process.cwd(), 'config/native-plugin-components.ts')],
  defineConstants: {
    LINGSHOU_MALL_API: JSON.stringify(process.env.LINGSHOU_MALL_API ?? ''),
    LINGSHOU_MALL_MERCHANT: JSON.stringify(process.env.LINGSHOU_MALL_MERCHANT ?? ''),
  },
  framework: 'react',
  compiler: 'vite',
  // npm keeps this package in the workspace's own node_modules (its peers differ from the
  // root's); the platform runtime in the root node_modules imports it, so point it here.
  alias: { '@tarojs/plugin-framework-react': resolve(process.cwd(), 'node_modules/@tarojs/plugin-framework-react') },
  mini: {
    postcss: { pxtransform: { enable: true, config: {} } },
  },
  h5: {
    publicPath: '/mall/',
    staticDirectory: 'static',
    router: { mode: 'hash' },
    postcss: { pxtransform: { enable: true, config: {} } },
  },
});
