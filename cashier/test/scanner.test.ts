import t from 'tap';
import { ScanDetector, type ScanStep } from '../src/lib/scanner.ts';

/** Feeds a code as keys `gapMs` apart and Enter `enterGapMs` after the last one; returns the last step. */
function type(detector: ScanDetector, text: string, start: number, gapMs: number, enterGapMs = gapMs): ScanStep {
  let time = start;
  for (const key of text) {
    detector.key(key, time);
    time += gapMs;
  }
  return detector.key('Enter', time - gapMs + enterGapMs);
}

t.test('a fast burst ending in Enter is a scan; a person typing is not', async (t) => {
  const d = new ScanDetector();
  t.strictSame(type(d, '6902940100013', 0, 3), { kind: 'scan', code: '6902940100013' });
  t.strictSame(type(d, 'nfsq', 1000, 150), { kind: 'other' }, 'human gaps');
  t.strictSame(type(d, 'abcd', 5000, 60), { kind: 'other' }, 'a fast typist is still far slower on average');
  t.strictSame(type(d, '123', 9000, 2), { kind: 'other' }, 'too short to be a code');
  t.strictSame(type(d, '6902940100013', 12000, 3, 500), { kind: 'other' }, 'Enter long after the burst');
});

t.test('one slow key in a scan (a busy machine) does not break it', async (t) => {
  const d = new ScanDetector();
  let time = 0;
  for (const [i, key] of [...'6902940100013'].entries()) {
    time += i === 6 ? 70 : 3;
    d.key(key, time);
  }
  t.strictSame(d.key('Enter', time + 3), { kind: 'scan', code: '6902940100013' });
});

t.test('Shift for capitals stays in the burst; other keys end it', async (t) => {
  const d = new ScanDetector();
  let time = 0;
  for (const key of ['Shift', 'A', 'B', 'Shift', 'C', '1', '2']) d.key(key, (time += 2));
  t.strictSame(d.key('Enter', time + 2), { kind: 'scan', code: 'ABC12' });
  for (const key of ['1', '2', '3', 'Backspace', '4', '5']) d.key(key, (time += 2));
  t.strictSame(d.key('Enter', time + 2), { kind: 'other' }, 'Backspace means a person is editing');
  t.strictSame(d.key('1', time + 1000), { kind: 'burst', first: true });
});
