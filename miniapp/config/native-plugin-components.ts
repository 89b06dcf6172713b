import type { IPluginContext } from '@tarojs/service';

/**
 * Mini-program plugin components Taro's templates must be able to draw: name → path.
 * Pages declare them in `usingComponents` (src/lib/send-coupon.ts couponPageConfig).
 */
const components: Record<string, string> = { 'send-coupon': 'plugin://sendCoupon/send-coupon' };

interface ComponentConfig { thirdPartyComponents: Map<string, Set<string>> }
interface Asset { source: () => string | Uint8Array }

/**
 * A Taro build plugin for the weapp build. Taro 4's vite runner only learns about native
 * components whose files it finds, so a `plugin://` component gets no template and is never
 * drawn (NervJS/taro#16204). Registering it as a third-party component makes base.wxml carry
 * its template; the attributes and events bound are then read from the JSX that renders it.
 * Elements nested deeper than the base template's levels are drawn inside Taro's own `comp`
 * component, whose comp.json must declare the plugin component as well. Taro still warns
 * 找不到页面 … 依赖的自定义组件 …/plugin:/sendCoupon/send-coupon for each page that declares it:
 * it looks for a file, and a plugin has none in the package.
 */
export default function nativePluginComponents(ctx: IPluginContext): void {
  if (process.env.TARO_ENV !== 'weapp') return;
  ctx.modifyComponentConfig(({ componentConfig }: { componentConfig: ComponentConfig }) => {
    for (const name of Object.keys(components)) {
      if (!componentConfig.thirdPartyComponents.has(name)) componentConfig.thirdPartyComponents.set(name, new Set());
    }
  });
  ctx.modifyBuildAssets(({ assets }: { assets: Record<string, Asset | undefined> }) => {
    const comp = assets['comp.json'];
    if (!comp) return;
    const config = JSON.parse(String(comp.source())) as { usingComponents?: Record<string, string> };
    const source = JSON.stringify({ ...config, usingComponents: { ...config.usingComponents, ...components } }, null, 2);
    assets['comp.json'] = { source: () => source };
  });
}
