import { definePlugin, type PluginDefinition } from '@lingshou/plugin-sdk';

/**
 * Test plugins for the issue-3 benchmark, written only against the SDK like any third-party
 * plugin. Each one taps `checkout.price` and appends one order-level adjustment of −1 fen
 * (its `amountFen` setting; with 0 it appends nothing); some also tap `checkout.validate` or `order.created`. They do no
 * I/O of their own, so what they cost is the host's dispatch plus the extra adjustment row
 * every enabled plugin writes into the order.
 */

/** Enabled for the "12 plugins" tenant. */
export const ENABLED_PLUGINS = 12;
/** Installed, and disabled for the "100 disabled" tenant (enabled once and disabled again). */
export const DISABLED_PLUGINS = 100;

export const tapPluginId = (n: number) => `bench-tap-${String(n).padStart(2, '0')}`;
export const idlePluginId = (n: number) => `bench-idle-${String(n).padStart(3, '0')}`;

/** Which of the enabled plugins tap which hooks (every one taps checkout.price). */
export const validatesAt = (n: number) => n <= 4;
export const observesCreatedAt = (n: number) => n > 4 && n <= 8;

const config = {
  type: 'object',
  properties: { amountFen: { type: 'integer', minimum: 0, maximum: 100, default: 1, description: 'Taken off every order (fen)' } },
  additionalProperties: false,
} as const;

function checkoutPlugin(id: string, taps: { validate: boolean; created: boolean }): PluginDefinition {
  return definePlugin<{ amountFen?: number }>({
    id,
    version: '1.0.0',
    kernel: '^1.0.0',
    name: { zh: `压测插件 ${id}`, en: `Bench plugin ${id}` },
    description: { zh: '压测用：每单立减 1 分', en: 'For the benchmark: 1 fen off every order' },
    config: { ...config, properties: { ...config.properties } },
    hooks: (h) => {
      h.tap('checkout.price', async (draft, ctx) => {
        const amountFen = ctx.config.amountFen ?? 1;
        // Configured to 0, the tap runs and changes nothing (the bench's dispatch-only variant).
        if (amountFen === 0) return draft;
        return { ...draft, adjustments: [...draft.adjustments, { source: id, kind: 'bench', amountFen: -amountFen, reason: '压测立减' }] };
      });
      if (taps.validate) {
        h.tap('checkout.validate', async (draft) => {
          if (draft.lines.length === 0) throw new Error('an empty cart reached checkout.validate');
        });
      }
      if (taps.created) {
        h.tap('order.created', async (event, ctx) => {
          if (!event.orderId || ctx.tenantId.length === 0) throw new Error('order.created without an order');
        });
      }
    },
  });
}

/** The 12 plugins one tenant enables: all tap checkout.price, 4 also checkout.validate, 4 also order.created. */
export function enabledCheckoutPlugins(): PluginDefinition[] {
  return Array.from({ length: ENABLED_PLUGINS }, (_, i) =>
    checkoutPlugin(tapPluginId(i + 1), { validate: validatesAt(i + 1), created: observesCreatedAt(i + 1) }));
}

/**
 * The 100 plugins that are installed but disabled. They tap all three checkout hooks: if the
 * host ever ran a disabled plugin's tap, the order total would move and the sale would be
 * refused (the tenders no longer add up), so the benchmark would fail rather than mislead.
 */
export function disabledCheckoutPlugins(): PluginDefinition[] {
  return Array.from({ length: DISABLED_PLUGINS }, (_, i) => checkoutPlugin(idlePluginId(i + 1), { validate: true, created: true }));
}
