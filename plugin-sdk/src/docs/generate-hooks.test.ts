import t from 'tap';
import { readFileSync } from 'node:fs';
import { hookCatalogue, eventCatalogue } from '@lingshou/core';
import { HOOKS_DOC, renderHooksDoc } from './generate-hooks.ts';

t.test('docs/hooks.md is what the catalogues say (run `npm run docs:hooks` after changing them)', async (t) => {
  const fresh = renderHooksDoc();
  for (const name of [...Object.keys(hookCatalogue), ...Object.keys(eventCatalogue)]) t.match(fresh, `\`${name}\``, `${name} is listed`);
  t.equal(readFileSync(HOOKS_DOC, 'utf8'), fresh, 'docs/hooks.md is up to date');
});
