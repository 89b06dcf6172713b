import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../api/client.ts';
import type { Shift, TenderSum } from '../api/types.ts';
import { useHotkeys } from '../hooks/useHotkeys.ts';
import { parseYuan, yuan } from '../lib/money.ts';
import { useTill } from '../till/till.ts';

function Sums({ rows, label }: { rows: TenderSum[]; label: (method: string) => string }) {
  return <>{rows.map((r) => <li key={r.method}>{label(r.method)} ￥{yuan(r.amountFen)}（{r.count}笔）</li>)}</>;
}

/** 钱箱 (seed 6.11): the running shift report, cash paid in and out, and 交班 with the counted cash. */
export function ShiftDialog({ onClose, onClosed }: { onClose: () => void; onClosed: () => void }) {
  const till = useTill();
  const [shift, setShift] = useState<Shift>(till.shift);
  const [kind, setKind] = useState<'in' | 'out'>('in');
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [counted, setCounted] = useState('');
  const [error, setError] = useState('');
  const label = (method: string) => till.methods.find((m) => m.id === method)?.label.zh ?? method;

  useEffect(() => {
    api<Shift>('GET', `/shifts/${till.shift.id}`).then(setShift, (e: Error) => setError(e.message));
  }, [till.shift.id]);
  useHotkeys({ Escape: () => shift.status === 'open' && onClose() });

  const move = async (event: FormEvent) => {
    event.preventDefault();
    const amountFen = parseYuan(amount);
    if (!amountFen || !reason) return setError('请输入金额和原因');
    try {
      setShift(await api<Shift>('POST', `/shifts/${shift.id}/movements`, { body: { kind, amountFen, reason } }));
      setAmount('');
      setReason('');
      setError('');
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const close = async (event: FormEvent) => {
    event.preventDefault();
    const countedCashFen = parseYuan(counted);
    if (countedCashFen === null) return setError('请输入清点的现金');
    try {
      setShift(await api<Shift>('POST', `/shifts/${shift.id}/close`, { body: { countedCashFen } }));
      setError('');
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <div className="modal-backdrop">
      <div className="modal wide" role="dialog" aria-label="钱箱与交班">
        <h2>{shift.status === 'open' ? '钱箱 / 交班' : '交班报表'}</h2>
        <div className="report" data-testid="shift-report">
          <p>开班 {new Date(shift.openedAt).toLocaleString('zh-CN')}{shift.closedAt && ` — 交班 ${new Date(shift.closedAt).toLocaleString('zh-CN')}`}</p>
          <p>备用金 ￥{yuan(shift.openingFloatFen)}</p>
          <p>销售 {shift.sales.orderCount} 单，合计 ￥{yuan(shift.sales.totalFen)}</p>
          <ul><Sums rows={shift.sales.byTender} label={label} /></ul>
          <p>退款 {shift.refunds.count} 笔，合计 ￥{yuan(shift.refunds.totalFen)}</p>
          <ul><Sums rows={shift.refunds.byTender} label={label} /></ul>
          <p>存入 ￥{yuan(shift.cashInFen)} · 取出 ￥{yuan(shift.cashOutFen)}</p>
          <p>应有现金 <strong data-testid="shift-expected">￥{yuan(shift.expectedCashFen)}</strong></p>
          {shift.countedCashFen !== null && (
            <p>实点现金 ￥{yuan(shift.countedCashFen)} · 差额 <strong data-testid="shift-difference">￥{yuan(shift.differenceFen ?? 0)}</strong></p>
          )}
        </div>
        {shift.status === 'open' ? (
          <>
            <form className="row" onSubmit={move} aria-label="存取现金">
              <select value={kind} onChange={(e) => setKind(e.target.value as 'in' | 'out')}><option value="in">存入</option><option value="out">取出</option></select>
              <input name="movementAmount" placeholder="金额（元）" value={amount} onChange={(e) => setAmount(e.target.value)} />
              <input name="movementReason" placeholder="原因" value={reason} onChange={(e) => setReason(e.target.value)} />
              <button type="submit">记录</button>
            </form>
            <form className="row" onSubmit={close} aria-label="交班">
              <label>清点现金（元）<input name="countedCash" value={counted} onChange={(e) => setCounted(e.target.value)} /></label>
              <button className="primary" type="submit">交班</button>
            </form>
            <button type="button" onClick={onClose}>返回收银 <kbd>Esc</kbd></button>
          </>
        ) : (
          <div className="row">
            <button type="button" onClick={() => window.print()}>打印报表</button>
            <button type="button" className="primary" onClick={onClosed}>完成并退出</button>
          </div>
        )}
        {error && <p className="error" role="alert">{error}</p>}
      </div>
    </div>
  );
}
