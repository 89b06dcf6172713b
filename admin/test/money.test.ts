import t from 'tap';
import { fenToYuan, formatFen, yuanToFen } from '../src/money.ts';

t.test('元 typed by people becomes exact fen', async (t) => {
  t.equal(yuanToFen('59.9'), 5990);
  t.equal(yuanToFen('59.90'), 5990);
  t.equal(yuanToFen('0.01'), 1);
  t.equal(yuanToFen('0.29'), 29, 'no floating-point drift (0.29 * 100 is 28.999…)');
  t.equal(yuanToFen(' 12 '), 1200);
  t.equal(yuanToFen('-3.5'), -350);
  t.equal(yuanToFen('1.234'), null, 'more than two decimals is not an amount');
  t.equal(yuanToFen('abc'), null);
  t.equal(yuanToFen(''), null);
});

t.test('fen are shown in 元 with two decimals', async (t) => {
  t.equal(fenToYuan(5990), '59.90');
  t.equal(fenToYuan(5), '0.05');
  t.equal(fenToYuan(-5), '-0.05');
  t.equal(formatFen(123456), '¥1234.56');
  t.equal(formatFen(null), '—');
});
