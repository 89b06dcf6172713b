import { useState } from 'react';
import type { Quote } from '../api/types.ts';
import { removeLine, setDiscount, setGift, setQuantity, quantityText, type Cart, type LocalQuote } from '../lib/cart.ts';
import { parseKg, yuan } from '../lib/money.ts';

/** The cart lines with their prices (the server's when it has answered), and the line editor. */
export function CartView({ cart, onChange, quote, local, canDiscount }: {
  cart: Cart; onChange: (cart: Cart) => void; quote: Quote | null; local: LocalQuote; canDiscount: boolean;
}) {
  const [selected, setSelected] = useState<string | null>(null);
  const [percent, setPercent] = useState('');
  const line = cart.lines.find((l) => l.key === selected);

  return (
    <div className="cart">
      <table className="lines" aria-label="购物车">
        <thead><tr><th>商品</th><th>单价</th><th>数量</th><th>金额</th></tr></thead>
        <tbody>
          {cart.lines.map((l, i) => {
            const served = quote?.lines[i];
            const total = served?.totalFen ?? local.lines[i]?.totalFen ?? 0;
            const base = served?.baseTotalFen ?? local.lines[i]?.baseFen ?? 0;
            return (
              <tr key={l.key} className={l.key === selected ? 'selected' : ''} onClick={() => setSelected(l.key)} data-testid="cart-line">
                <td>{l.sku.name} {l.sku.specText}{l.gift && <span className="tag">赠</span>}{l.discount && <span className="tag">折</span>}</td>
                <td>￥{yuan(l.sku.priceFen)}{l.sku.weighed ? '/kg' : ''}</td>
                <td>{quantityText(l)}</td>
                <td>{total !== base && <s>￥{yuan(base)}</s>} ￥{yuan(total)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {cart.lines.length === 0 && <p className="hint">扫描商品条码，或从右侧搜索/分类中选择</p>}
      {line && (
        <div className="line-editor row" aria-label="编辑商品">
          {line.sku.weighed ? (
            <label>重量(kg)<input aria-label="重量" defaultValue={(line.quantity / 1000).toFixed(3)} key={line.key}
              onBlur={(e) => { const g = parseKg(e.target.value); if (g) onChange(setQuantity(cart, line.key, g)); }} /></label>
          ) : (
            <>
              <button type="button" onClick={() => onChange(setQuantity(cart, line.key, line.quantity - 1))}>−</button>
              <input aria-label="数量" className="qty" value={line.quantity} onChange={(e) => onChange(setQuantity(cart, line.key, Number(e.target.value) || 0))} />
              <button type="button" onClick={() => onChange(setQuantity(cart, line.key, line.quantity + 1))}>＋</button>
            </>
          )}
          {canDiscount && (
            <>
              <input aria-label="折扣" placeholder="折扣% 如88" className="qty" value={percent} onChange={(e) => setPercent(e.target.value)} />
              <button type="button" onClick={() => {
                const p = Number(percent);
                onChange(setDiscount(cart, line.key, p >= 1 && p <= 99 ? { percent: p } : undefined));
              }}>打折</button>
              <button type="button" onClick={() => onChange(setGift(cart, line.key, !line.gift))}>{line.gift ? '取消赠送' : '赠送'}</button>
            </>
          )}
          <button type="button" className="danger" onClick={() => { onChange(removeLine(cart, line.key)); setSelected(null); }}>删除</button>
        </div>
      )}
    </div>
  );
}
