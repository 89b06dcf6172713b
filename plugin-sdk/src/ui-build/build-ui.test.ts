import t, { type Test } from 'tap';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPluginUi, UiBuildError } from './build-ui.ts';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const bin = join(repo, 'plugin-sdk/bin/lingshou-plugin.mjs');

// Inside the repository (test-output/ is git-ignored), so esbuild resolves packages as a plugin's would.
mkdirSync(join(repo, 'test-output'), { recursive: true });

/** A plugin folder holding the given `ui-src` files; removed after the test. */
function pluginWith(t: Test, files: Record<string, string>): string {
  const dir = mkdtempSync(join(repo, 'test-output', 'build-ui-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'ui-src'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'ui-src', name), text);
  return dir;
}

const page = `import { useState } from 'react';
import { Button, Typography } from 'antd';
import { label } from './label.ts';

export default function NotesPage() {
  const [count, setCount] = useState(0);
  return <div><Typography.Title>{label(count)}</Typography.Title><Button onClick={() => setCount(count + 1)}>+1</Button></div>;
}
`;

t.test('a TSX page becomes one module that imports nothing and reads React and antd from the shared registry', async (t) => {
  const dir = pluginWith(t, { 'notes.tsx': page, 'label.ts': 'export const label = (n: number) => `便签 ${n}`;\n' });
  const written = await buildPluginUi(dir);
  t.same(written, [join(dir, 'ui', 'notes.js')], 'one module per page; label.ts is bundled, not a page');
  const code = readFileSync(written[0]!, 'utf8');
  t.notMatch(code, /\bimport\s*[\w{*"']|\bimport\(|\brequire\(["']/, 'no import or require of any module is left');
  t.match(code, /__LINGSHOU_SHARED__/);
  for (const read of [/\.react\b/, /\["react\/jsx-runtime"\]/, /\.antd\b/]) t.match(code, read, 'a package read from the registry');
  t.match(code, '便签', 'the page\'s own helper is inlined, UTF-8 kept');
  t.ok(code.split('\n').length <= 3, 'minified');

  // The module runs against a registry: its default export is the component, using the registry's React.
  const shared = {
    react: { useState: (initial: unknown) => [initial, () => {}] },
    'react/jsx-runtime': { jsx: (type: unknown, props: unknown) => ({ type, props }), jsxs: (type: unknown, props: unknown) => ({ type, props }) },
    antd: { Button: 'Button', Typography: { Title: 'Title' } },
  };
  (globalThis as { window?: unknown }).window = { __LINGSHOU_SHARED__: shared };
  t.teardown(() => { delete (globalThis as { window?: unknown }).window; });
  const module = await import(`${written[0]!}?run`) as { default: () => { type: string; props: { children: { type: string; props: { children: string } }[] } } };
  const tree = module.default();
  t.equal(tree.type, 'div');
  t.same(tree.props.children.map((child) => child.type), ['Title', 'Button'], 'antd components come from the registry');
  t.equal(tree.props.children[0]!.props.children, '便签 0');
});

t.test('a syntax error fails the build naming the file and line', async (t) => {
  const dir = pluginWith(t, { 'broken.tsx': 'export default function Broken() {\n  const shown = ;\n  return <p>{shown}</p>;\n}\n' });
  const error = await buildPluginUi(dir).then(() => null, (failure: unknown) => failure);
  t.ok(error instanceof UiBuildError);
  t.match((error as Error).message, /^ui-src\/broken\.tsx:2:17: Unexpected ";"/);

  const cli = spawnSync(process.execPath, [bin, 'build-ui', dir], { cwd: repo, encoding: 'utf8' });
  t.equal(cli.status, 1, 'the command exits 1');
  t.match(cli.stderr, /ui-src\/broken\.tsx:2/, 'and names the file');
});

t.test('build-ui on a plugin with pages prints what it wrote; without pages it says so', async (t) => {
  const dir = pluginWith(t, { 'notes.tsx': 'export default function Notes() { return <p>hi</p>; }\n' });
  const built = spawnSync(process.execPath, [bin, 'build-ui', dir], { cwd: repo, encoding: 'utf8' });
  t.equal(built.status, 0, built.stderr);
  t.match(built.stdout, /ui\/notes\.js/);
  const empty = mkdtempSync(join(repo, 'test-output', 'build-ui-'));
  t.teardown(() => rmSync(empty, { recursive: true, force: true }));
  const none = spawnSync(process.execPath, [bin, 'build-ui', empty], { cwd: repo, encoding: 'utf8' });
  t.equal(none.status, 1);
  t.match(none.stderr, /no ui-src\/\*\.tsx/);
});
