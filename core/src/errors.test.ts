import t from 'tap';
import { readFileSync } from 'node:fs';
import { errors, LingshouError } from './errors.ts';

const docPath = new URL('../../docs/errors.md', import.meta.url);

/** The rows of the table in docs/errors.md: | `LS_…` | status | meaning |. */
function documentedCodes(): Map<string, number> {
  const rows = new Map<string, number>();
  for (const line of readFileSync(docPath, 'utf8').split('\n')) {
    const match = /^\|\s*`(LS_[A-Z_]+)`\s*\|\s*(\d{3})\s*\|/.exec(line);
    if (match) {
      if (rows.has(match[1]!)) throw new Error(`docs/errors.md lists ${match[1]} twice`);
      rows.set(match[1]!, Number(match[2]));
    }
  }
  return rows;
}

const entries = Object.entries(errors);

/** Codes allowed outside LS_<AREA>_<PROBLEM>, with the reason. */
const NAME_EXCEPTIONS: Record<string, string> = {
  LS_INTERNAL: 'the one catch-all for unexpected failures has no area',
};

t.test('every catalogue entry is well-formed', async (t) => {
  t.ok(entries.length > 0, `${entries.length} codes`);
  const codes = entries.map(([, factory]) => factory.code);
  t.equal(new Set(codes).size, codes.length, 'codes are unique');
  for (const [key, factory] of entries) {
    t.equal(factory.code, key, `${key}: the code equals its key`);
    if (!(key in NAME_EXCEPTIONS)) t.match(factory.code, /^LS_[A-Z]+_[A-Z_]+$/, `${key}: LS_<AREA>_<PROBLEM>`);
    t.ok(factory.statusCode >= 400 && factory.statusCode <= 599, `${key}: status ${factory.statusCode} is 4xx or 5xx`);
    t.ok(factory.title.length > 0, `${key}: has a title`);
    const error = factory('a message', { field: 'x.y' });
    t.ok(error instanceof LingshouError, `${key}: makes a LingshouError`);
    t.strictSame([error.code, error.statusCode, error.message, error.field], [key, factory.statusCode, 'a message', 'x.y']);
    t.equal(factory().message, factory.title, `${key}: the title is the default message`);
  }
});

t.test('docs/errors.md lists exactly the catalogue, with the same statuses', async (t) => {
  const documented = documentedCodes();
  t.ok(documented.size > 0, `docs/errors.md has ${documented.size} rows`);
  for (const [key, factory] of entries) {
    t.equal(documented.get(key), factory.statusCode, `${key} is documented with status ${factory.statusCode}`);
  }
  const doc = readFileSync(docPath, 'utf8');
  for (const mentioned of new Set(doc.match(/\bLS_[A-Z_]+\b/g) ?? [])) {
    t.ok(mentioned in errors, `${mentioned} (mentioned in docs/errors.md) exists in core/src/errors.ts`);
  }
});
