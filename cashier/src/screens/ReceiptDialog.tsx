import { useEffect, useState } from 'react';
import { api } from '../api/client.ts';
import type { ReceiptBlock } from '../api/types.ts';
import { useHotkeys } from '../hooks/useHotkeys.ts';
import { yuan } from '../lib/money.ts';
import type { SaleOutcome } from '../till/sale.ts';
import { useTill } from '../till/till.ts';

/** An offline sale's receipt, made on the device: the server's number comes on upload. */
function offlineBlocks(outcome: Extract<SaleOutcome, { kind: 'queued' }>, names: Map<string, string>, storeName: string): ReceiptBlock[] {
  const text = (value: string): ReceiptBlock => ({ source: 'kernel', kind: 'text', text: value });
  const { queued } = outcome;
  return [
    text(storeName), text(`离线单 ${queued.clientOrderId}`), text(`时间 ${queued.createdAt}`), { source: 'kernel', kind: 'line', text: '' },
    ...queued.body.lines.map((l) => text(`${names.get(l.skuId) ?? l.skuId} ×${l.quantity}`)),
    { source: 'kernel', kind: 'line', text: '' }, text(`合计 ￥${yuan(queued.totalFen)}`),
    ...queued.body.tenders.map((t) => text(`${t.method} ￥${yuan(t.amountFen)}`)),
  ];
}

/** The receipt as rendered by the server (plugins add blocks through receipt.render); printed by the browser. */
export function ReceiptDialog({ outcome, changeFen, names, onClose }: {
  outcome: SaleOutcome; changeFen: number; names: Map<string, string>; onClose: () => void;
}) {
  const till = useTill();
  const [blocks, setBlocks] = useState<ReceiptBlock[] | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    if (outcome.kind === 'queued') return setBlocks(offlineBlocks(outcome, names, till.store.name));
    api<{ blocks: ReceiptBlock[] }>('GET', `/orders/${outcome.order.id}/receipt`).then((r) => setBlocks(r.blocks), (e: Error) => setError(e.message));
  }, [outcome, names, till.store.name]);
  useHotkeys({ Escape: onClose, F9: () => window.print() });
  return (
    <div className="modal-backdrop">
      <div className="modal receipt-dialog" role="dialog" aria-label="小票">
        {changeFen > 0 && <p className="change-banner">找零 <strong data-testid="receipt-change">￥{yuan(changeFen)}</strong></p>}
        {outcome.kind === 'queued' && <p className="warning">离线保存，联网后自动上传</p>}
        <pre className="receipt" data-testid="receipt">
          {blocks?.map((b, i) => (b.kind === 'line' ? '--------------------------------' : b.text) + (i < blocks.length - 1 ? '\n' : '')).join('')}
        </pre>
        {error && <p className="error">{error}</p>}
        <div className="row">
          <button type="button" onClick={() => window.print()}>打印 <kbd>F9</kbd></button>
          <button type="button" className="primary" onClick={onClose} autoFocus>下一单 <kbd>Esc</kbd></button>
        </div>
      </div>
    </div>
  );
}
