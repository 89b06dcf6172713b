import { useEffect, useState } from 'react';
import { api } from '../api/client.ts';
import type { CartPanel, Label } from '../api/types.ts';
import { checkoutLines, clearPluginInput, mergePluginInput, type Cart } from '../lib/cart.ts';
import { yuan } from '../lib/money.ts';

/** `pluginInputs.greetings` → `greetings`: where a block's pick goes in the checkout body. */
function inputKey(block: Record<string, unknown>, pluginId: string): string {
  const input = typeof block.input === 'string' ? block.input : '';
  return input.startsWith('pluginInputs.') ? input.slice('pluginInputs.'.length) : pluginId;
}

const pluginRoute = (pluginId: string, route: string) => `/plugins/${pluginId}${route.startsWith('/') ? route : `/${route}`}`;

interface PanelProps {
  panel: CartPanel;
  cart: Cart;
  onChange: (cart: Cart) => void;
  storeId: string;
}

/** A `choice` block: options from the plugin's route, or typed text (docs/plugins.md §9). */
function ChoiceBlock({ panel, cart, onChange }: PanelProps) {
  const block = panel.block as { options?: { route: string; value: string; label: string; as: string }; custom?: { as: string; maxLength?: number; placeholder?: Label } };
  const key = inputKey(panel.block, panel.pluginId);
  const [options, setOptions] = useState<Record<string, unknown>[]>([]);
  const [text, setText] = useState('');
  useEffect(() => {
    if (block.options) api<Record<string, unknown>[]>('GET', pluginRoute(panel.pluginId, block.options.route)).then(setOptions, () => setOptions([]));
  }, [panel.pluginId, block.options]);
  const current = cart.pluginInputs[key];
  const pick = (value: string) => {
    const option = options.find((o) => String(o[block.options!.value]) === value);
    onChange(value && option
      ? mergePluginInput(clearPluginInput(cart, key), key, { [block.options!.as]: option[block.options!.value] }, `${panel.label.zh}：${String(option[block.options!.label])}`)
      : clearPluginInput(cart, key));
  };
  return (
    <div className="row">
      {block.options && (
        <select aria-label={panel.label.zh} value={current && block.options ? String(current[block.options.as] ?? '') : ''} onChange={(e) => pick(e.target.value)}>
          <option value="">（不选）</option>
          {options.map((o) => <option key={String(o[block.options!.value])} value={String(o[block.options!.value])}>{String(o[block.options!.label])}</option>)}
        </select>
      )}
      {block.custom && (
        <input aria-label={`${panel.label.zh}（自定义）`} placeholder={block.custom.placeholder?.zh} maxLength={block.custom.maxLength} value={text}
          onChange={(e) => setText(e.target.value)}
          onBlur={() => text && onChange(mergePluginInput(clearPluginInput(cart, key), key, { [block.custom!.as]: text }, `${panel.label.zh}：${text}`))} />
      )}
    </div>
  );
}

interface CouponItem { code: string; title: string; valueText: string; applicable: boolean; reason?: string; discountFen: number }

/** A `coupon-picker` block: the plugin says which coupons fit this cart; the pick goes in as `{ code }`. */
function CouponPickerBlock({ panel, cart, onChange, storeId }: PanelProps) {
  const block = panel.block as { route?: string };
  const key = inputKey(panel.block, panel.pluginId);
  const [items, setItems] = useState<CouponItem[]>([]);
  const linesKey = JSON.stringify(checkoutLines(cart).map(({ skuId, quantity }) => ({ skuId, quantity })));
  const customerId = cart.member?.id;
  useEffect(() => {
    if (!block.route || linesKey === '[]') return setItems([]);
    api<CouponItem[] | { items: CouponItem[] }>('POST', pluginRoute(panel.pluginId, block.route), {
      body: { storeId, ...(customerId ? { customerId } : {}), lines: JSON.parse(linesKey) as unknown },
    }).then((r) => setItems(Array.isArray(r) ? r : r.items), () => setItems([]));
  }, [block.route, panel.pluginId, storeId, customerId, linesKey]);
  const chosen = cart.pluginInputs[key]?.code;
  return (
    <ul className="coupons">
      {items.map((c) => (
        <li key={c.code}>
          <label>
            <input type="radio" name={`coupon-${panel.key}`} disabled={!c.applicable} checked={chosen === c.code}
              onChange={() => onChange(mergePluginInput(clearPluginInput(cart, key), key, { code: c.code }, `${c.title} -￥${yuan(c.discountFen)}`))} />
            {c.title} {c.valueText} {!c.applicable && <small>{c.reason}</small>}
          </label>
        </li>
      ))}
      {chosen !== undefined && <li><button type="button" onClick={() => onChange(clearPluginInput(cart, key))}>不使用优惠券</button></li>}
    </ul>
  );
}

/** The cart panels the enabled plugins declare (GET /extensions → pos.cartPanels); online only. */
export function PluginPanels({ panels, cart, onChange, storeId, online }: {
  panels: CartPanel[]; cart: Cart; onChange: (cart: Cart) => void; storeId: string; online: boolean;
}) {
  if (!online) return panels.length ? <p className="hint">插件功能（优惠券、祝福语等）需联网使用</p> : null;
  return (
    <div className="panels">
      {panels.map((panel) => {
        const props = { panel, cart, onChange, storeId };
        const type = panel.block.type;
        return (
          <section key={`${panel.pluginId}:${panel.key}`} className="panel" aria-label={panel.label.zh}>
            <h4>{panel.label.zh}</h4>
            {type === 'choice' && <ChoiceBlock {...props} />}
            {type === 'coupon-picker' && <CouponPickerBlock {...props} />}
            {type === 'text' && <p>{(panel.block.text as Label | undefined)?.zh}</p>}
          </section>
        );
      })}
    </div>
  );
}
