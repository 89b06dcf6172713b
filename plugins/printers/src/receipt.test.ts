import t from 'tap';
import type { Receipt, ReceiptBlock } from '@lingshou/plugin-sdk';
import { feieMarkup, yilianyunMarkup } from './markup.ts';
import { receiptLines, testPage } from './receipt.ts';
import { displayWidth, spread, wrap } from './text-width.ts';

const LONG_NAME = '云南高原有机红富士苹果礼盒装特级大果十二枚';

const kernel = (text: string): ReceiptBlock => ({ source: 'kernel', kind: 'text', text });
const rule = (source: string): ReceiptBlock => ({ source, kind: 'line', text: '' });

/** A receipt as ctx.kernel.orders.receipt gives it: the kernel's blocks, then greetings' and merchant-coupon's. */
const receipt: Receipt = {
  orderId: '0a6f8a52-1b8e-4d7a-9a8c-2f0c6d6b9e01',
  blocks: [
    kernel('零售演示一号店'), kernel('单号 S20261201000123'), kernel('时间 2026-12-01 09:30:05'), rule('kernel'),
    kernel('可口可乐330ml ×2 ￥7.00'), kernel(`${LONG_NAME} ×1 ￥128.00`), kernel('香蕉 1.250kg ￥14.80'),
    kernel('会员95折 ￥-15.00'), rule('kernel'), kernel('合计 ￥134.80'), kernel('现金 ￥134.80 找零 ￥5.20'),
    rule('greetings'), { source: 'greetings', kind: 'text', text: '生日快乐，万事如意！' },
    { source: 'merchant-coupon', kind: 'text', text: '商家券 满100减10  -¥10.00' },
    { source: 'merchant-coupon', kind: 'text', text: '券码 ********1234' },
    { source: 'some-plugin', kind: 'qrcode', text: 'https://example.com/q?a=1' },
    { source: 'some-plugin', kind: 'barcode', text: '6901234567892' },
  ],
};
/** `left` and `right` on one row of `columns`, `right` flush right (widths by displayWidth, tested below). */
const row = (left: string, right: string, columns: number) => `${left}${' '.repeat(columns - displayWidth(left) - displayWidth(right))}${right}`;
const options = { storeName: '零售演示一号店', header: '零售演示一号店', reason: 'paid' } as const;

t.test('widths: a Chinese character counts 2, ASCII 1', async (t) => {
  t.equal(displayWidth('可乐Cola'), 8);
  t.equal(displayWidth('￥12.00'), 7);
  t.same(wrap('一二三四五', 4), ['一二', '三四', '五']);
  t.same(wrap('ab一c', 3), ['ab', '一c'], 'a wide character never straddles the edge');
  t.same(spread('合计', '￥1.00', 12), ['合计  ￥1.00'], '4 + 2 spaces + 6 columns');
  t.same(spread('一二三四', '12.00', 12), ['一二三四', '       12.00'], 'too long together: the right part goes flush right below');
});

t.test('58 mm: the kernel\'s blocks and other plugins\' fit 32 columns, amounts flush right, the store\'s name as the header', async (t) => {
  const lines = receiptLines(receipt, { ...options, paper: 58 });
  for (const line of lines.filter((l) => !l.code)) t.ok(displayWidth(line.text) <= (line.large ? 16 : 32), `fits: ${line.text}`);
  const texts = lines.map((l) => l.text);
  t.same(lines[0], { text: '零售演示一号店', center: true, large: true }, 'the store\'s name, large and centred');
  t.same(texts.slice(1, 4), ['单号 S20261201000123', '时间 2026-12-01 09:30:05', '-'.repeat(32)], 'the kernel\'s name block is not printed twice');
  t.ok(texts.includes(row('可口可乐330ml ×2', '￥7.00', 32)), 'a short line shares its row with its amount');
  const at = texts.findIndex((text) => text.startsWith('云南'));
  t.same(texts.slice(at, at + 3), ['云南高原有机红富士苹果礼盒装特级', '大果十二枚 ×1', row('', '￥128.00', 32)], 'a long name wraps at 32 columns, its amount flush right below');
  t.ok(texts.includes(row('会员95折', '￥-15.00', 32)));
  t.ok(texts.includes(row('合计', '￥134.80', 32)));
  t.ok(texts.includes(row('现金 ￥134.80 找零', '￥5.20', 32)), 'only the last amount goes right');
  t.ok(texts.includes('生日快乐，万事如意！'), 'the greeting');
  t.ok(texts.includes(row('商家券 满100减10', '-¥10.00', 32)), 'merchant-coupon\'s discount');
  t.ok(texts.includes('券码 ********1234'));
  t.same(lines.filter((l) => l.code), [
    { text: 'https://example.com/q?a=1', center: true, code: 'qrcode' }, { text: '6901234567892', center: true, code: 'barcode' },
  ]);
  t.equal(texts.filter((text) => text === '-'.repeat(32)).length, 3, 'each line block is a rule');
});

t.test('80 mm: 48 columns; a title overrides the store\'s name; a reprint says so', async (t) => {
  const lines = receiptLines(receipt, { ...options, header: '一号店', paper: 80, reason: 'reprint' });
  for (const line of lines.filter((l) => !l.code)) t.ok(displayWidth(line.text) <= (line.large ? 24 : 48), `fits: ${line.text}`);
  t.same(lines.slice(0, 2), [{ text: '一号店', center: true, large: true }, { text: '【重打小票】', center: true }]);
  t.notOk(lines.some((l) => l.text === '零售演示一号店'), 'the title stands for the store\'s name');
  const texts = lines.map((l) => l.text);
  const at = texts.indexOf(`${LONG_NAME} ×1`);
  t.same(texts.slice(at, at + 2), [`${LONG_NAME} ×1`, row('', '￥128.00', 48)], 'the long name whole on its row (46 columns), the amount below');
  t.ok(texts.includes(row('可口可乐330ml ×2', '￥7.00', 48)));
});

t.test('a receipt whose first block is not the store\'s name keeps it', async (t) => {
  const lines = receiptLines({ orderId: receipt.orderId, blocks: [kernel('别的店'), kernel('单号 1')] }, { ...options, paper: 58 });
  t.same(lines.slice(0, 3).map((l) => l.text), ['零售演示一号店', '别的店', '单号 1']);
});

t.test('Feie and Yilianyun markup, with text that cannot open a tag', async (t) => {
  const lines = [{ text: '一号店', center: true, large: true }, { text: '谢谢', center: true }, { text: '大字', large: true }, { text: '备注：<BR>不要辣' }];
  t.equal(feieMarkup(lines), '<CB>一号店</CB><BR><C>谢谢</C><BR><B>大字</B><BR>备注：＜BR＞不要辣<BR>');
  t.equal(yilianyunMarkup(lines, 3), '<MN>3</MN><FS2><center>一号店</center></FS2>\n<center>谢谢</center>\n<FS2>大字</FS2>\n备注：＜BR＞不要辣\n');
});

t.test('QR codes and barcodes: tags where the cloud has one, the text otherwise', async (t) => {
  const codes = [
    { text: 'https://x.cn/<QR>', center: true, code: 'qrcode' as const }, { text: '6901234567892', center: true, code: 'barcode' as const },
    { text: 'ABC-123', center: true, code: 'barcode' as const },
  ];
  t.equal(feieMarkup(codes), '<QR>https://x.cn/＜QR＞</QR><C>6901234567892</C><BR><C>ABC-123</C><BR>', 'Feie\'s barcode tag is unverified: its text');
  t.equal(yilianyunMarkup(codes, 1), '<MN>1</MN><QR>https://x.cn/＜QR＞</QR>\n<BR>6901234567892</BR>\n<center>ABC-123</center>\n', 'EAN-13 as a barcode');
});

t.test('a test page names the printer and its width', async (t) => {
  const texts = testPage({ name: '前台', sn: '816501678', paperWidth: 80 }, new Date('2026-12-01T00:00:00Z')).map((l) => l.text);
  t.ok(texts.includes('纸宽：80mm（每行 48 字符）'));
  t.ok(texts.includes('时间：2026-12-01 08:00:00'));
});
