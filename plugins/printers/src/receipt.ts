import type { Receipt, ReceiptBlock } from '@lingshou/plugin-sdk';
import { columnsFor, spread, wrap, type PaperWidth } from './text-width.ts';

/** One printed line, before a vendor's markup: already cut to the paper's width. */
export interface ReceiptLine {
  text: string;
  center?: boolean;
  /** Double size: half as many columns. */
  large?: boolean;
  /** `text` is a code's content, printed as a QR code or a barcode. */
  code?: 'qrcode' | 'barcode';
}

export type PrintReason = 'paid' | 'reprint' | 'test';

/** A time as the shop reads it: China time, 2026-12-01 09:30:00. */
export function chinaTime(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}

const title = (text: string, columns: number): ReceiptLine[] => wrap(text, Math.floor(columns / 2)).map((t) => ({ text: t, center: true, large: true }));
const plain = (texts: string[]): ReceiptLine[] => texts.map((text) => ({ text }));

/** An amount at the end of a block's text (` ￥12.34`, `  -¥5.00`), which goes flush right. */
const TRAILING_AMOUNT = /^(.*\S)\s+(-?[￥¥]-?\d+(?:\.\d+)?)$/u;

function blockLines(block: ReceiptBlock, columns: number): ReceiptLine[] {
  switch (block.kind) {
    case 'line': return [{ text: '-'.repeat(columns) }];
    case 'qrcode': return [{ text: block.text, center: true, code: 'qrcode' }];
    case 'barcode': return [{ text: block.text, center: true, code: 'barcode' }];
    case 'text': {
      const amount = TRAILING_AMOUNT.exec(block.text);
      return plain(amount ? spread(amount[1]!, amount[2]!, columns) : wrap(block.text, columns));
    }
  }
}

/**
 * The kernel's receipt (ctx.kernel.orders.receipt: its blocks and every enabled plugin's
 * `receipt.render` blocks) as printed lines: `header` large and centred at the top, standing for
 * the kernel's first block when that is the store's name; each block cut to the paper.
 */
export function receiptLines(receipt: Receipt, options: { paper: PaperWidth; header: string; storeName: string; reason: PrintReason }): ReceiptLine[] {
  const columns = columnsFor(options.paper);
  const [first, ...rest] = receipt.blocks;
  const named = first?.source === 'kernel' && first.kind === 'text' && first.text === options.storeName;
  const lines: ReceiptLine[] = [];
  if (options.header) lines.push(...title(options.header, columns));
  if (options.reason === 'reprint') lines.push({ text: '【重打小票】', center: true });
  for (const block of named ? rest : receipt.blocks) lines.push(...blockLines(block, columns));
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
