import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../api/client.ts';
import { useHotkeys } from '../hooks/useHotkeys.ts';
import { useScanner } from '../hooks/useScanner.ts';
import type { Order } from '../api/types.ts';
import { yuan } from '../lib/money.ts';

/** A mall order as GET /pickups/:code answers it. */
type Pickup = Order & { delivery: { mode: string; pickupCode: string | null; pickedUpAt: string | null } };

const statusText: Record<string, string> = { paid: '已付款，待提货', completed: '已提货', pending_payment: '未付款' };

/** 自提核销 (seed 6.1.3): a mall order picked up in store, by the code the customer shows. */
export function PickupDialog({ onClose }: { onClose: () => void }) {
  const [code, setCode] = useState('');
  const [pickup, setPickup] = useState<Pickup | null>(null);
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');

  const find = async (value: string) => {
    setError('');
    setMessage('');
    try {
      setPickup(await api<Pickup>('GET', `/pickups/${encodeURIComponent(value.trim())}`));
    } catch (e) {
      setPickup(null);
      setError(e instanceof ApiError && e.status === 404 ? `提货码 ${value.trim()} 不存在，或不是本店的订单` : (e as Error).message);
    }
  };
  const complete = async () => {
    if (!pickup) return;
    try {
      await api('POST', `/pickups/${encodeURIComponent(code.trim())}/complete`);
      setMessage('已核销，请把商品交给顾客');
      setPickup(null);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  useScanner((scanned) => {
    setCode(scanned);
    void find(scanned);
  });
  useHotkeys({ Escape: onClose });

  return (
    <div className="modal-backdrop">
      <div className="modal" role="dialog" aria-label="自提核销">
        <h2>自提核销</h2>
        <form className="row" onSubmit={(e: FormEvent) => { e.preventDefault(); void find(code); }}>
          <input name="pickupCode" placeholder="提货码（可扫描）" value={code} onChange={(e) => setCode(e.target.value)} autoFocus />
          <button type="submit">查询</button>
        </form>
        {pickup && (
          <div>
            <p>订单 {pickup.number} ￥{yuan(pickup.totalFen)} · {statusText[pickup.status] ?? pickup.status}</p>
            <ul>{pickup.lines.map((l) => <li key={l.id}>{l.name} {l.specText} ×{l.quantity}</li>)}</ul>
            <button className="primary" type="button" onClick={complete} disabled={pickup.status !== 'paid'}>确认核销</button>
          </div>
        )}
        {message && <p className="success" role="status">{message}</p>}
        {error && <p className="error" role="alert">{error}</p>}
        <button type="button" onClick={onClose}>关闭 <kbd>Esc</kbd></button>
      </div>
    </div>
  );
}
