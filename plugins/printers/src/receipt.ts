import type { PluginContext } from '@lingshou/plugin-sdk';
import { columnsFor, spread, wrap, type PaperWidth } from './text-width.ts';

export type OrderDetail = Awaited<ReturnType<PluginContext['kernel']['orders']['get']>>;

/** One printed line, before a vendor's markup: already cut to the paper's width. */
export interface ReceiptLine {
  text: string;
  center?: boolean;
  /** Double size: half as many columns. */
  large?: boolean;
}

export type PrintReason = 'paid' | 'reprint' | 'test';

/** 1234 fen → "12.34". */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** A time as the shop reads it: China time, 2026-12-01 09:30:00. */
export function chinaTime(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}

const TENDERS: Record<string, string> = {
  cash: '现金', wechatpay: '微信支付', alipay: '支付宝', card: '银行卡', balance: '储值余额', voucher: '代金券',
};

const quantityText = (line: OrderDetail['lines'][number]) => (line.weighed ? `${(line.quantity / 1000).toFixed(3)}kg` : `×${line.quantity}`);

const title = (text: string, columns: number): ReceiptLine[] => wrap(text, Math.floor(columns / 2)).map((t) => ({ text: t, center: true, large: true }));
const plain = (texts: string[]): ReceiptLine[] => texts.map((text) => ({ text }));

/**
 * The order's receipt as printed lines. The SDK gives plugins the order (ctx.kernel.orders.get),
 * not the kernel's rendered receipt, so this formats the same facts: the kernel's receipt blocks
 * and other plugins' `receipt.render` blocks do not reach a cloud printer.
 */
export function orderReceipt(order: OrderDetail, options: { paper: PaperWidth; title: string; reason: PrintReason }): ReceiptLine[] {
  const columns = columnsFor(options.paper);
  const rule: ReceiptLine = { text: '-'.repeat(columns) };
  const lines: ReceiptLine[] = [];
  if (options.title) lines.push(...title(options.title, columns));
  if (options.reason === 'reprint') lines.push({ text: '【重打小票】', center: true });
  lines.push(...plain([`单号：${order.number}`, `时间：${chinaTime(new Date(order.paidAt ?? order.createdAt))}`]), rule);
  for (const line of order.lines) {
    const name = `${line.name}${line.specText ? ` ${line.specText}` : ''}`;
    lines.push(...plain(spread(name, `${quantityText(line)}  ${yuan(line.totalFen)}`, columns)));
  }
  if (order.adjustments.length > 0) lines.push(rule);
  for (const adjustment of order.adjustments) lines.push(...plain(spread(String(adjustment.reason ?? ''), yuan(adjustment.amountFen), columns)));
  lines.push(rule, ...plain(spread('合计', `￥${yuan(order.totalFen)}`, columns)));
  for (const payment of order.payments.filter((p) => p.status === 'succeeded')) {
    lines.push(...plain(spread(TENDERS[String(payment.method)] ?? String(payment.method), yuan(payment.amountFen), columns)));
    if (payment.changeFen) lines.push(...plain(spread('找零', yuan(payment.changeFen), columns)));
  }
  if (order.note) lines.push(rule, ...plain(wrap(`备注：${order.note}`, columns)));
  lines.push({ text: '' }, { text: '谢谢惠顾，欢迎再次光临', center: true });
  return lines;
}

/** A test page: says which printer it is, so the merchant can tell them apart. */
export function testPage(printer: { name: string; sn: string; paperWidth: PaperWidth }, at: Date): ReceiptLine[] {
  const columns = columnsFor(printer.paperWidth);
  return [
    ...title('打印测试', columns),
    ...plain(wrap(`打印机：${printer.name}`, columns)),
    ...plain([`编号：${printer.sn}`, `纸宽：${printer.paperWidth}mm（每行 ${columns} 字符）`, `时间：${chinaTime(at)}`]),
    { text: '-'.repeat(columns) },
    { text: '打印正常', center: true },
  ];
}
