import t from 'tap';
import { feieMarkup, yilianyunMarkup } from './markup.ts';
import { orderReceipt, testPage, type OrderDetail } from './receipt.ts';
import { displayWidth, spread, wrap } from './text-width.ts';

const LONG_NAME = '云南高原有机红富士苹果礼盒装特级大果十二枚';

/** An order as ctx.kernel.orders.get gives it, with the fields a receipt reads. */
const order = {
  id: '0a6f8a52-1b8e-4d7a-9a8c-2f0c6d6b9e01', number: 'S20261201000123', storeId: '1b6f8a52-1b8e-4d7a-9a8c-2f0c6d6b9e02',
  createdAt: new Date('2026-12-01T01:29:00Z'), paidAt: new Date('2026-12-01T01:30:05Z'), totalFen: 13_480, note: null,
  lines: [
    { name: '可口可乐330ml', specText: '', weighed: false, quantity: 2, totalFen: 700 },
    { name: LONG_NAME, specText: '', weighed: false, quantity: 1, totalFen: 12_800 },
    { name: '香蕉', specText: '', weighed: true, quantity: 1250, totalFen: 1_480 },
  ],
  adjustments: [{ reason: '会员95折', amountFen: -1_500 }],
  payments: [{ method: 'cash', status: 'succeeded', amountFen: 13_480, changeFen: 520 }, { method: 'wechatpay', status: 'failed', amountFen: 13_480, changeFen: null }],
} as unknown as OrderDetail;

t.test('widths: a Chinese character counts 2, ASCII 1', async (t) => {
  t.equal(displayWidth('可乐Cola'), 8);
  t.equal(displayWidth('￥12.00'), 7);
  t.same(wrap('一二三四五', 4), ['一二', '三四', '五']);
  t.same(wrap('ab一c', 3), ['ab', '一c'], 'a wide character never straddles the edge');
  t.same(spread('合计', '￥1.00', 12), ['合计  ￥1.00'], '4 + 2 spaces + 6 columns');
  t.same(spread('一二三四', '12.00', 12), ['一二三四', '       12.00'], 'too long together: the right part goes flush right below');
});

t.test('58 mm: every line fits 32 columns; a long Chinese name wraps and its amount stays flush right', async (t) => {
  const lines = orderReceipt(order, { paper: 58, title: '零售演示一号店', reason: 'paid' });
  for (const line of lines) t.ok(displayWidth(line.text) <= (line.large ? 16 : 32), `fits: ${line.text}`);
  const texts = lines.map((l) => l.text);
  t.same(texts.slice(0, 4), ['零售演示一号店', '单号：S20261201000123', '时间：2026-12-01 09:30:05', '-'.repeat(32)], 'title, number and China time');
  t.same(lines[0], { text: '零售演示一号店', center: true, large: true });
  t.ok(texts.includes(`可口可乐330ml${' '.repeat(10)}×2  7.00`), 'a short name shares its line');
  const at = texts.findIndex((text) => text.startsWith('云南'));
  t.same(texts.slice(at, at + 3), ['云南高原有机红富士苹果礼盒装特级', '大果十二枚', `${' '.repeat(21)}×1  128.00`], 'the long name wraps at 32 columns, then the quantity and amount');
  t.ok(texts.includes(`香蕉${' '.repeat(14)}1.250kg  14.80`), 'weighed lines in kg');
  t.ok(texts.includes(`会员95折${' '.repeat(18)}-15.00`));
  t.ok(texts.includes(`合计${' '.repeat(20)}￥134.80`));
  t.ok(texts.includes(`现金${' '.repeat(22)}134.80`), 'succeeded tenders only');
  t.notOk(texts.some((text) => text.startsWith('微信支付')));
  t.ok(texts.includes(`找零${' '.repeat(24)}5.20`));
});

t.test('80 mm: 48 columns, the long name whole on its line; a reprint says so', async (t) => {
  const lines = orderReceipt(order, { paper: 80, title: '', reason: 'reprint' });
  for (const line of lines) t.ok(displayWidth(line.text) <= 48, `fits: ${line.text}`);
  t.same(lines[0], { text: '【重打小票】', center: true }, 'no title line when none is set');
  const texts = lines.map((l) => l.text);
  const at = texts.indexOf(LONG_NAME);
  t.same(texts.slice(at, at + 2), [LONG_NAME, `${' '.repeat(37)}×1  128.00`], '42 + 11 columns do not fit 48');
  t.ok(texts.includes(`可口可乐330ml${' '.repeat(26)}×2  7.00`));
  t.equal(texts[3], '-'.repeat(48));
});

t.test('Feie and Yilianyun markup, with text that cannot open a tag', async (t) => {
  const lines = [{ text: '一号店', center: true, large: true }, { text: '谢谢', center: true }, { text: '大字', large: true }, { text: '备注：<BR>不要辣' }];
  t.equal(feieMarkup(lines), '<CB>一号店</CB><BR><C>谢谢</C><BR><B>大字</B><BR>备注：＜BR＞不要辣<BR>');
  t.equal(yilianyunMarkup(lines, 3), '<MN>3</MN><FS2><center>一号店</center></FS2>\n<center>谢谢</center>\n<FS2>大字</FS2>\n备注：＜BR＞不要辣\n');
});

t.test('a test page names the printer and its width', async (t) => {
  const texts = testPage({ name: '前台', sn: '816501678', paperWidth: 80 }, new Date('2026-12-01T00:00:00Z')).map((l) => l.text);
  t.ok(texts.includes('纸宽：80mm（每行 48 字符）'));
  t.ok(texts.includes('时间：2026-12-01 08:00:00'));
});
