import type { QueuedOrder } from '../offline/db.ts';
import { yuan } from '../lib/money.ts';

/** The till's connection and the offline sales still on this device. */
export function OfflineBanner({ online, queue, onUpload, onRetry }: {
  online: boolean; queue: QueuedOrder[]; onUpload: () => void; onRetry: (clientOrderId: string) => void;
}) {
  const waiting = queue.filter((o) => o.state === 'waiting').length;
  const failed = queue.filter((o) => o.state === 'failed');
  if (online && queue.length === 0) return null;
  return (
    <div className={online ? 'banner' : 'banner offline'} role="status" data-testid="offline-banner">
      {online ? '已联网' : '离线模式：只收现金，订单保存在本机'} · 待上传 <strong data-testid="queue-count">{waiting}</strong> 单
      {online && waiting > 0 && <button type="button" onClick={onUpload}>立即上传</button>}
      {failed.map((o) => (
        <span key={o.clientOrderId} className="error"> {o.clientOrderId} ￥{yuan(o.totalFen)} 上传被拒：{o.error}
          <button type="button" onClick={() => onRetry(o.clientOrderId)}>重试</button></span>
      ))}
    </div>
  );
}
