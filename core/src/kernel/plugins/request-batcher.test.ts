import t from 'tap';
import { createRequestBatcher } from './request-batcher.ts';

/** A run whose batches finish when the test says, recording what each batch held. */
function gatedRun() {
  const batches: { key: string; items: number[]; finish(outcomes?: (number | Error)[]): void }[] = [];
  const run = (key: string, items: number[]) => new Promise<(number | Error)[]>((resolve) => {
    batches.push({ key, items, finish: (outcomes) => resolve(outcomes ?? items.map((item) => item * 10)) });
  });
  return { batches, run };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

t.test('an idle key runs its item at once; a crowd waits for the running batch and goes in the next', async (t) => {
  const { batches, run } = gatedRun();
  const submit = createRequestBatcher(run, 50);
  const first = submit('coupon', 1);
  await tick();
  t.same(batches.map((b) => b.items), [[1]], 'the first item did not wait for company');
  const crowd = [2, 3, 4].map((item) => submit('coupon', item));
  await tick();
  t.equal(batches.length, 1, 'one batch of a key at a time');
  batches[0]!.finish();
  t.equal(await first, 10);
  await tick();
  t.same(batches.map((b) => b.items), [[1], [2, 3, 4]]);
  batches[1]!.finish();
  t.same(await Promise.all(crowd), [20, 30, 40], 'each item gets its own outcome');
});

t.test('batches hold at most max items; keys run independently', async (t) => {
  const { batches, run } = gatedRun();
  const submit = createRequestBatcher(run, 2);
  const answers = [1, 2, 3, 4, 5].map((item) => submit('a', item));
  const other = submit('b', 9);
  await tick();
  t.same(batches.map((b) => [b.key, b.items]), [['a', [1]], ['b', [9]]], 'b did not wait for a');
  for (let i = 0; i < 4; i++) {
    batches.filter((b) => b.key === 'a').at(-1)!.finish();
    await tick();
  }
  t.same(batches.filter((b) => b.key === 'a').map((b) => b.items), [[1], [2, 3], [4, 5]]);
  batches.find((b) => b.key === 'b')!.finish();
  t.same(await Promise.all([...answers, other]), [10, 20, 30, 40, 50, 90]);
});

t.test('an Error refuses its item alone; a throw refuses the whole batch, and the next batch still runs', async (t) => {
  const { batches, run } = gatedRun();
  const submit = createRequestBatcher(run, 50);
  const first = submit('k', 1);
  const [ok, refused] = [submit('k', 2), submit('k', 3)];
  batches[0]!.finish();
  await first;
  await tick();
  batches[1]!.finish([20, new Error('sold out')]);
  t.equal(await ok, 20);
  await t.rejects(refused, { message: 'sold out' });

  const failing = createRequestBatcher(async (_key, items: number[]) => {
    if (items.includes(7)) throw new Error('deadlock detected');
    return items;
  }, 50);
  const [a, b] = [failing('k', 7), failing('k', 8)];
  await t.rejects(a, { message: 'deadlock detected' });
  t.equal(await b, 8, 'the batch after a failed one runs');
});

t.test('a run that answers the wrong number of outcomes refuses its batch', async (t) => {
  const submit = createRequestBatcher(async () => [], 50);
  await t.rejects(submit('k', 1), { message: 'A batch of 1 answered 0 outcomes' });
  t.throws(() => createRequestBatcher(async () => [], 0), { message: /at least one item/ });
});
