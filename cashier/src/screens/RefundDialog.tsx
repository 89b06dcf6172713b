import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../api/client.ts';
import type { Order } from '../api/types.ts';
import { useHotkeys } from '../hooks/useHotkeys.ts';
import { useScanner } from '../hooks/useScanner.ts';
import { yuan } from '../lib/money.ts';
import { useTill } from '../till/till.ts';

/** The server's refusal of a manager's approval, in the till's words. */
function approvalError(error: unknown): string {
  if (error instanceof ApiError && error.code === 'LS_AUTH_FORBIDDEN') {
    if (error.field === 'approver') return '主管账号或密码错误，未退款';
    if (error.field === 'approver.username') return '该账号没有本店的“退款退货”权限，未退款';
  }
  return (error as Error).message;
}

/**
 * 退货 (seed 6.2.1): find a till order by its receipt number (typed or scanned), refund all of
 * it or some lines; the money goes back the way it came, tender by tender (the server decides).
 * A cashier without order.refund has a manager type their username and password to approve it.
 */
export function RefundDialog({ onClose }: { onClose: () => void }) {
  const till = useTill();
  const [number, setNumber] = useState('');
  const [order, setOrder] = useState<Order | null>(null);
  const [quantities, setQuantities] = useState<Record<string, number>>({});
  const [reason, setReason] = useState('');
  const [error, setError] = useState('');
  const [done, setDone] = useState('');
  const [key, setKey] = useState('');
  const [approver, setApprover] = useState({ username: '', password: '' });
  const allowed = till.can('order.refund');

  const find = async (value: string) => {
    setError('');
    setDone('');
    setOrder(null);
    try {
      const found = await api<Order[]>('GET', `/orders?storeId=${till.store.id}&q=${encodeURIComponent(value.trim())}&_end=10`);
      const match = found.find((o) => o.number === value.trim()) ?? found[0];
      if (!match) return setError('没有找到这个单号的订单');
      setOrder(await api<Order>('GET', `/orders/${match.id}`));
      setQuantities({});
      setKey(`refund-${match.id}-${Date.now().toString(36)}`);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  useScanner((code) => {
    setNumber(code);
    void find(code);
  });
  useHotkeys({ Escape: onClose });

  const refundable = (line: Order['lines'][number]) => line.quantity - line.refundedQuantity;
  const selectAll = () => order && setQuantities(Object.fromEntries(order.lines.map((l) => [l.id, refundable(l)])));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!order) return;
    const lines = Object.entries(quantities).filter(([, q]) => q > 0).map(([lineId, quantity]) => ({ lineId, quantity }));
    if (lines.length === 0) return setError('请选择要退的商品和数量');
    setError('');
    const refund = { lines, reason: reason || '顾客退货', restock: true };
    try {
      const after = allowed
        ? await api<Order>('POST', `/orders/${order.id}/refunds`, { body: refund, idempotencyKey: key })
        : await api<Order>('POST', `/orders/${order.id}/approved-refunds`, { body: { ...refund, approver }, idempotencyKey: key });
      setApprover({ username: '', password: '' });
      const refunded = after.refundedFen - order.refundedFen;
      const back = after.payments.map((p) => {
        const before = order.payments.find((q) => q.id === p.id)?.refundedFen ?? 0;
        return p.refundedFen > before ? `${till.methods.find((m) => m.id === p.method)?.label.zh ?? p.method} ￥${yuan(p.refundedFen - before)}` : '';
      }).filter(Boolean).join('，');
      setDone(`已退款 ￥${yuan(refunded)}（${back}）`);
      setOrder(after);
      setQuantities({});
      setKey(`refund-${after.id}-${Date.now().toString(36)}`);
    } catch (e) {
      setError(allowed ? (e as Error).message : approvalError(e));
      setApprover((a) => ({ ...a, password: '' }));
    }
  };

  return (
    <div className="modal-backdrop">
      <div className="modal wide" role="dialog" aria-label="退货">
        <h2>退货退款</h2>
        {!allowed && <p className="warning">您没有“退款退货”权限：退款需店长输入账号和密码授权。</p>}
        <form className="row" onSubmit={(e) => { e.preventDefault(); void find(number); }}>
          <input name="orderNumber" placeholder="小票单号（可扫描）" value={number} onChange={(e) => setNumber(e.target.value)} autoFocus />
          <button type="submit">查找</button>
        </form>
        {order && (
          <form onSubmit={submit}>
            <p>单号 {order.number} · 实付 ￥{yuan(order.paidFen)} · 已退 ￥{yuan(order.refundedFen)}</p>
            <table className="lines">
              <thead><tr><th>商品</th><th>数量</th><th>金额</th><th>可退</th><th>退数量</th></tr></thead>
              <tbody>
                {order.lines.map((l) => (
                  <tr key={l.id}>
                    <td>{l.name} {l.specText}</td><td>{l.quantity}</td><td>￥{yuan(l.totalFen)}</td><td>{refundable(l)}</td>
                    <td>
                      <input aria-label={`退 ${l.name}`} type="number" min={0} max={refundable(l)} value={quantities[l.id] ?? 0}
                        onChange={(e) => setQuantities({ ...quantities, [l.id]: Math.min(refundable(l), Math.max(0, Number(e.target.value))) })} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <label>原因<input name="reason" value={reason} onChange={(e) => setReason(e.target.value)} /></label>
            {!allowed && (
              <fieldset className="row approval">
                <legend>店长授权</legend>
                <input name="approverUsername" placeholder="店长账号" autoComplete="off" value={approver.username} required
                  onChange={(e) => setApprover({ ...approver, username: e.target.value })} />
                <input name="approverPassword" type="password" placeholder="密码" autoComplete="off" value={approver.password} required
                  onChange={(e) => setApprover({ ...approver, password: e.target.value })} />
              </fieldset>
            )}
            <div className="row">
              <button type="button" onClick={selectAll}>整单退</button>
              <button className="primary" type="submit">{allowed ? '确认退款' : '授权并退款'}</button>
            </div>
          </form>
        )}
        {done && <p className="success" role="status" data-testid="refund-result">{done}</p>}
        {error && <p className="error" role="alert">{error}</p>}
        <button type="button" onClick={onClose}>关闭 <kbd>Esc</kbd></button>
      </div>
    </div>
  );
}
