/**
 * Receipt printers print in GBK: a byte per ASCII character, two (and twice the width) for
 * anything else. Line widths: 32 columns on 58 mm paper, 48 on 80 mm (research notes §1, §3).
 */
export type PaperWidth = 58 | 80;

export const columnsFor = (paper: PaperWidth): number => (paper === 58 ? 32 : 48);

const charWidth = (char: string): number => (char.codePointAt(0)! < 0x80 ? 1 : 2);

export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += charWidth(char);
  return width;
}

/** Cuts text into lines of at most `columns`, never splitting a character. */
export function wrap(text: string, columns: number): string[] {
  const lines: string[] = [];
  let line = '';
  let width = 0;
  for (const char of text) {
    const w = charWidth(char);
    if (width + w > columns) {
      lines.push(line);
      line = '';
      width = 0;
    }
    line += char;
    width += w;
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines;
}

/**
 * `left` and `right` on one line, `right` flush right; when they do not fit together, `left`
 * wraps on its own lines and `right` goes flush right on the next.
 */
export function spread(left: string, right: string, columns: number): string[] {
  const gap = columns - displayWidth(left) - displayWidth(right);
  if (gap >= 1) return [`${left}${' '.repeat(gap)}${right}`];
  const rightLine = `${' '.repeat(Math.max(0, columns - displayWidth(right)))}${right}`;
  return [...wrap(left, columns), rightLine];
}
