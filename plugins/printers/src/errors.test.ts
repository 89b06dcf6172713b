import t from 'tap';
import { readFileSync } from 'node:fs';
import { errors } from './errors.ts';

t.test('the README lists exactly the plugin\'s error codes, with their statuses', async (t) => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const documented = new Map([...readme.matchAll(/^\|\s*`(LS_[A-Z_]+)`\s*\|\s*(\d{3})\s*\|/gm)].map((m) => [m[1]!, Number(m[2])]));
  for (const [key, factory] of Object.entries(errors)) {
    t.equal(factory.code, key, `${key}: the code equals its key`);
    t.match(key, /^LS_PRINTERS_[A-Z_]+$/, `${key}: in the plugin's area`);
    t.equal(documented.get(key), factory.statusCode, `${key} is documented with status ${factory.statusCode}`);
  }
  t.same([...documented.keys()].sort(), Object.keys(errors).sort(), 'and nothing else');
});
