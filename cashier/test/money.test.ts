import t from 'tap';
import { lineBaseFen, parseKg, parseYuan, roundCash, yuan } from '../src/lib/money.ts';
import { cashTender, changeOf, dueAfter, isWechatPayCode } from '../src/lib/tenders.ts';

t.test('yuan in and out', async (t) => {
  t.equal(yuan(1234), '12.34');
  t.equal(yuan(5), '0.05');
  t.equal(yuan(-50), '-0.50');
  t.equal(parseYuan('12'), 1200);
  t.equal(parseYuan('12.5'), 1250);
  t.equal(parseYuan(' 0.05 '), 5);
  t.equal(parseYuan('1.234'), null, 'no fractions of a fen');
  t.equal(parseYuan('-1'), null);
  t.equal(parseYuan('abc'), null);
  t.equal(parseKg('0.512'), 512);
  t.equal(parseKg('1.5'), 1500);
  t.equal(parseKg('0'), null);
});

t.test('抹零 rules and weighed prices match the server', async (t) => {
  t.equal(roundCash(4417, 'none'), 4417);
  t.equal(roundCash(4417, 'drop_fen'), 4410);
  t.equal(roundCash(4417, 'drop_jiao'), 4400);
  t.equal(roundCash(4415, 'round_jiao'), 4420);
  t.equal(roundCash(4414, 'round_jiao'), 4410);
  t.equal(lineBaseFen(1999, 1234, true), 2467);
  t.equal(lineBaseFen(350, 3, false), 1050);
});

t.test('cash pays up to what is due; the excess is change; the rest waits for another tender', async (t) => {
  const part = cashTender(1200, 500)!;
  t.strictSame(part, { method: 'cash', label: '现金', amountFen: 500, tenderedFen: 500 });
  t.equal(dueAfter(1200, [part]), 700);
  const rest = cashTender(700, 1000)!;
  t.equal(rest.amountFen, 700);
  t.equal(dueAfter(1200, [part, rest]), 0);
  t.equal(changeOf([part, rest]), 300);
  t.equal(cashTender(0, 100), null);
  t.ok(isWechatPayCode('130000000000000001'));
  t.notOk(isWechatPayCode('6902940100013'), 'a product barcode is not a payment code');
  t.notOk(isWechatPayCode('190000000000000001'));
});
