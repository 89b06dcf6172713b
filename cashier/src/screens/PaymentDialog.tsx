import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../api/client.ts';
import type { Order } from '../api/types.ts';
import { useHotkeys } from '../hooks/useHotkeys.ts';
import { useScanner } from '../hooks/useScanner.ts';
import { parseYuan, yuan } from '../lib/money.ts';
import { cashTender, changeOf, dueAfter, isWechatPayCode, type TenderDraft } from '../lib/tenders.ts';
import { getOrder, payMore, submitSale, type SaleBody, type SaleOutcome } from '../till/sale.ts';
import { useTill } from '../till/till.ts';

type Phase = { kind: 'collect' } | { kind: 'sending' } | { kind: 'waiting'; order: Order } | { kind: 'more'; order: Order };

const POLL_MS = 1000;

/**
 * 结算: takes tenders until the total is covered (组合支付), then sends the sale. A WeChat
 * payment the customer still has to confirm leaves the order awaiting payment: the dialog polls
 * it, and if that payment fails, asks for another tender for what is still due.
 */
export function PaymentDialog({ totalFen, body, onDone, onClose }: {
  totalFen: number; body: SaleBody; onDone: (outcome: SaleOutcome, changeFen: number) => void; onClose: () => void;
}) {
  const till = useTill();
  const methods = till.methods.filter((m) => till.online || m.offline);
  const [phase, setPhase] = useState<Phase>({ kind: 'collect' });
  const [tenders, setTenders] = useState<TenderDraft[]>([]);
  const [method, setMethod] = useState<string>('cash');
  const [amount, setAmount] = useState('');
  const [code, setCode] = useState('');
  const [error, setError] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const attempt = useRef(0);

  const target = phase.kind === 'more' ? phase.order.dueFen : totalFen;
  const due = dueAfter(target, tenders);
  const labelOf = (id: string) => methods.find((m) => m.id === id)?.label.zh ?? id;

  useEffect(() => {
    setAmount(yuan(due));
    input.current?.focus();
  }, [due, method]);

  // A pending WeChat payment: ask the server until it settles either way.
  useEffect(() => {
    if (phase.kind !== 'waiting') return undefined;
    const timer = setInterval(() => {
      getOrder(phase.order.id).then((order) => {
        if (order.status === 'paid') onDone({ kind: 'order', order }, changeOf(tenders));
        else if (!order.payments.some((p) => p.status === 'pending')) {
          setError('微信支付未成功，请换一种方式收取剩余金额');
          setTenders([]);
          setMethod('cash');
          setPhase({ kind: 'more', order });
        }
      }, () => undefined);
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [phase, onDone, tenders]);

  const send = async (all: TenderDraft[]) => {
    setPhase({ kind: 'sending' });
    setError('');
    try {
      if (phase.kind === 'more') {
        attempt.current += 1;
        const order = await payMore(phase.order.id, all, `${body.clientOrderId}-pay-${attempt.current}`);
        return settle({ kind: 'order', order }, all);
      }
      settle(await submitSale(body, all, new Set(methods.filter((m) => m.offline).map((m) => m.id)), totalFen), all);
    } catch (e) {
      const declined = e instanceof ApiError ? /^tenders\.(\d+)/.exec(e.field ?? '') : null;
      setError(e instanceof ApiError && e.code === 'LS_PAYMENT_DECLINED' ? `支付失败：${e.message}` : (e as Error).message);
      // A declined tender is taken out; the others stay for the next try (nothing was charged).
      setTenders(declined ? all.filter((_t, i) => i !== Number(declined[1])) : all.filter((t) => t.method === 'cash'));
      setPhase(phase.kind === 'more' ? phase : { kind: 'collect' });
    }
  };

  const settle = (outcome: SaleOutcome, all: TenderDraft[]) => {
    if (outcome.kind === 'order' && outcome.order.status === 'pending_payment') {
      setPhase({ kind: 'waiting', order: outcome.order });
      return;
    }
    onDone(outcome, changeOf(all));
  };

  const add = (tender: TenderDraft | null) => {
    if (!tender) return;
    const all = [...tenders, tender];
    setTenders(all);
    setCode('');
    if (dueAfter(target, all) === 0) void send(all);
  };

  const addWechat = (authCode: string, amountFen: number) => {
    if (!isWechatPayCode(authCode)) return setError('请扫描顾客的微信付款码（18位数字）');
    add({ method: 'wechatpay', label: labelOf('wechatpay'), amountFen: Math.min(amountFen, due), data: { authCode } });
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const fen = parseYuan(amount);
    if (fen === null || fen <= 0) return setError('请输入金额');
    setError('');
    if (method === 'cash') return add(cashTender(due, fen));
    if (method === 'wechatpay') return addWechat(code.trim(), fen);
    add({ method, label: labelOf(method), amountFen: Math.min(fen, due), ...(code.trim() ? { data: { code: code.trim() } } : {}) });
  };

  // The customer's payment code is scanned wherever the focus is.
  useScanner((scanned) => {
    if (isWechatPayCode(scanned) && methods.some((m) => m.id === 'wechatpay')) addWechat(scanned, parseYuan(amount) ?? due);
    else setCode(scanned);
  }, phase.kind === 'collect' || phase.kind === 'more');

  const hotkeys: Record<string, () => void> = { Escape: () => phase.kind === 'collect' && onClose() };
  methods.slice(0, 6).forEach((m, i) => { hotkeys[`F${i + 1}`] = () => setMethod(m.id); });
  useHotkeys(hotkeys);

  const busy = phase.kind === 'sending' || phase.kind === 'waiting';
  return (
    <div className="modal-backdrop">
      <div className="modal payment" role="dialog" aria-label="结算">
        <h2>结算 <span className="total" data-testid="pay-total">￥{yuan(target)}</span></h2>
        {!till.online && <p className="warning">离线模式：只能收现金</p>}
        <div className="tender-buttons">
          {methods.map((m, i) => (
            <button key={m.id} type="button" className={m.id === method ? 'tile selected' : 'tile'} onClick={() => setMethod(m.id)} disabled={busy}>
              {m.label.zh}{i < 6 && <kbd>F{i + 1}</kbd>}
            </button>
          ))}
        </div>
        <ul className="tender-list" aria-label="已收">
          {tenders.map((t, i) => (
            <li key={i}>{t.label} ￥{yuan(t.amountFen)}{t.tenderedFen !== undefined && t.tenderedFen > t.amountFen ? ` 实收 ￥${yuan(t.tenderedFen)}` : ''}</li>
          ))}
        </ul>
        <p className="due">待收 <strong data-testid="pay-due">￥{yuan(due)}</strong></p>
        {phase.kind === 'waiting' ? (
          <p className="waiting" role="status">等待顾客在微信中确认支付…</p>
        ) : (
          <form onSubmit={submit}>
            <label>{method === 'cash' ? '实收现金（元）' : '金额（元）'}
              <input ref={input} name="amount" inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} disabled={busy} />
            </label>
            {method === 'cash' && (parseYuan(amount) ?? 0) > due && (
              <p className="change">找零 <strong data-testid="pay-change">￥{yuan((parseYuan(amount) ?? 0) - due)}</strong></p>
            )}
            {method !== 'cash' && (
              <label>{method === 'wechatpay' ? '微信付款码（扫码）' : '卡号/券码（可选）'}
                <input name="code" data-scan-target="" value={code} onChange={(e) => setCode(e.target.value)} disabled={busy} autoFocus />
              </label>
            )}
            <button className="primary big" type="submit" disabled={busy}>确认收款 ⏎</button>
          </form>
        )}
        {error && <p className="error" role="alert">{error}</p>}
        <button type="button" onClick={onClose} disabled={busy}>取消 <kbd>Esc</kbd></button>
      </div>
    </div>
  );
}
