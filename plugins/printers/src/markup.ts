import type { ReceiptLine } from './receipt.ts';

/** Both clouds read `<…>` as commands: text from orders must not open one. */
const escape = (text: string) => text.replaceAll('<', '＜').replaceAll('>', '＞');

/**
 * Feie (飞鹅云) markup (research notes §1): `<BR>` ends a line, `<CB>` centres at double size,
 * `<B>` doubles the size, `<C>` centres. Copies are Feie's `times`, not markup.
 */
export function feieMarkup(lines: ReceiptLine[]): string {
  return lines.map((line) => {
    const text = escape(line.text);
    if (line.large) return `${line.center ? `<CB>${text}</CB>` : `<B>${text}</B>`}<BR>`;
    return `${line.center ? `<C>${text}</C>` : text}<BR>`;
  }).join('');
}

/**
 * Yilianyun (易联云) markup (research notes §2): `\n` ends a line (its `<BR>` is a barcode),
 * `<center>` centres, `<FS2>` enlarges, and `<MN>n</MN>` prints n copies.
 */
export function yilianyunMarkup(lines: ReceiptLine[], copies: number): string {
  const body = lines.map((line) => {
    const text = line.center ? `<center>${escape(line.text)}</center>` : escape(line.text);
    return line.large ? `<FS2>${text}</FS2>` : text;
  }).join('\n');
  return `<MN>${copies}</MN>${body}\n`;
}
