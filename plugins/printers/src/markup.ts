import type { ReceiptLine } from './receipt.ts';

/** Both clouds read `<…>` as commands: text from orders must not open one. */
const escape = (text: string) => text.replaceAll('<', '＜').replaceAll('>', '＞');

/** Yilianyun's barcode tag takes an EAN-13 (research notes §2); any other code prints as its text. */
const EAN13 = /^\d{13}$/;

/**
 * Feie (飞鹅云) markup (research notes §1): `<BR>` ends a line, `<CB>` centres at double size,
 * `<B>` doubles the size, `<C>` centres, `<QR>` is a QR code. Feie's barcode tag is unverified,
 * so a barcode prints as its text, centred. Copies are Feie's `times`, not markup.
 */
export function feieMarkup(lines: ReceiptLine[]): string {
  return lines.map((line) => {
    const text = escape(line.text);
    if (line.code === 'qrcode') return `<QR>${text}</QR>`;
    if (line.large) return `${line.center ? `<CB>${text}</CB>` : `<B>${text}</B>`}<BR>`;
    return `${line.center ? `<C>${text}</C>` : text}<BR>`;
  }).join('');
}

/**
 * Yilianyun (易联云) markup (research notes §2): `\n` ends a line (its `<BR>` is a barcode, for
 * EAN-13), `<center>` centres, `<FS2>` enlarges, `<QR>` is a QR code, and `<MN>n</MN>` prints n copies.
 */
export function yilianyunMarkup(lines: ReceiptLine[], copies: number): string {
  const body = lines.map((line) => {
    const text = escape(line.text);
    if (line.code === 'qrcode') return `<QR>${text}</QR>`;
    if (line.code === 'barcode' && EAN13.test(line.text)) return `<BR>${text}</BR>`;
    const aligned = line.center ? `<center>${text}</center>` : text;
    return line.large ? `<FS2>${aligned}</FS2>` : aligned;
  }).join('\n');
  return `<MN>${copies}</MN>${body}\n`;
}
