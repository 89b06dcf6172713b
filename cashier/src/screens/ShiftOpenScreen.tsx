import { useState, type FormEvent } from 'react';
import { api } from '../api/client.ts';
import type { Shift, Store } from '../api/types.ts';
import { parseYuan } from '../lib/money.ts';

/** 开班: the cashier counts the float in the drawer before the first sale (seed 6.11). */
export function ShiftOpenScreen({ store, userName, onOpened, onSignOut }: {
  store: Store; userName: string; onOpened: (shift: Shift) => void; onSignOut: () => void;
}) {
  const [float, setFloat] = useState('0');
  const [error, setError] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const openingFloatFen = parseYuan(float);
    if (openingFloatFen === null) return setError('请输入备用金金额');
    try {
      onOpened(await api<Shift>('POST', '/shifts', { body: { storeId: store.id, openingFloatFen } }));
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <form className="center-screen card" onSubmit={submit} aria-label="开班">
      <h2>{store.name} · {userName}</h2>
      <label>钱箱备用金（元）<input name="openingFloat" inputMode="decimal" value={float} onChange={(e) => setFloat(e.target.value)} autoFocus /></label>
      {error && <p className="error" role="alert">{error}</p>}
      <button className="primary big" type="submit">开班</button>
      <button type="button" onClick={onSignOut}>退出登录</button>
    </form>
  );
}
