import t from 'tap';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { verifyPlugin, formatReport } from '../verify/verify.ts';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const bin = join(repo, 'plugin-sdk/bin/lingshou-plugin.mjs');

// Inside the repository, so the generated code resolves @lingshou/plugin-sdk and tap from its
// node_modules as an installed plugin would; test-output/ is git-ignored, and the folder goes
// whatever the outcome.
mkdirSync(join(repo, 'test-output'), { recursive: true });
const work = mkdtempSync(join(repo, 'test-output', 'scaffold-'));
t.teardown(() => rmSync(work, { recursive: true, force: true }));
const dir = join(work, 'shop-notes');

const cli = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd: repo, encoding: 'utf8' });

/** This process's environment without tap's variables, so a nested test run reports as its own. */
const ownEnv = () => Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^_?TAP/i.test(key)));

t.test('new writes a plugin package; ids are checked by the manifest rule', async (t) => {
  const made = cli('new', 'shop-notes', '--dir', work);
  t.equal(made.status, 0, made.stderr);
  for (const file of ['package.json', 'tsconfig.json', '.taprc', 'src/index.ts', 'src/index.test.ts']) t.match(made.stdout, file);
  t.match(made.stdout, /migrations\/\d{14}_create_notes\.ts/);
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  t.equal(pkg.name, 'lingshou-plugin-shop-notes');
  t.match(readFileSync(join(dir, 'src/index.ts'), 'utf8'), /id: 'shop-notes'/);

  const again = cli('new', 'shop-notes', '--dir', work);
  t.same([again.status, /already exists/.test(again.stderr)], [2, true], 'never over an existing plugin');
  for (const id of ['Shop_Notes', '9lives', 'a--b', 'x'.repeat(41)]) {
    const refused = cli('new', id, '--dir', work);
    t.same([refused.status, /cannot be a plugin id/.test(refused.stderr)], [2, true], `"${id}" is refused`);
  }
});

t.test('the generated plugin passes verify and type-checks', async (t) => {
  const report = await verifyPlugin(dir);
  t.ok(report.ok, formatReport(report));
  const tsc = spawnSync(process.execPath, [join(repo, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', dir], { encoding: 'utf8' });
  t.equal(tsc.status, 0, tsc.stdout);
});

t.test('the generated test passes', async (t) => {
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(dir, 'src/index.test.ts')], { cwd: repo, encoding: 'utf8', env: ownEnv() });
  t.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
  t.match(run.stdout, /# \{ total: (\d+), pass: \1 \}/, 'every assertion passed');
});
