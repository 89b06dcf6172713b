import t from 'tap';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatReport, verifyPlugin } from './verify.ts';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const bin = join(repo, 'plugin-sdk/bin/lingshou-plugin.mjs');
const bad = fileURLToPath(new URL('./fixtures/bad-plugin', import.meta.url));

t.test('greetings, the example plugin, passes every check', async (t) => {
  const report = await verifyPlugin(join(repo, 'plugins/greetings'));
  t.ok(report.ok, formatReport(report));
  t.same(report.checks.map((c) => c.name), ['package', 'imports', 'manifest', 'kernel', 'version', 'ui', 'permissions', 'migrations']);
  t.match(report.checks.find((c) => c.name === 'migrations')!.notes[0], /up → down → up, tables templates/);
});

t.test('a plugin that breaks the rules: each problem named, exit code 1', async (t) => {
  const run = spawnSync(process.execPath, [bin, 'verify', bad], { cwd: repo, encoding: 'utf8' });
  t.equal(run.status, 1, run.stderr);
  const expected = [
    /imports fs; write node:fs/,
    /imports @lingshou\/core, the kernel's internals/,
    /imports \.\.\/\.\.\/\.\.\/verify\.ts, which is outside the package/,
    /bad-plugin: needs kernel \^2\.0\.0, but this kernel is 1\.0\.0/,
    /declares version 0\.1\.0, but package\.json says 0\.2\.0/,
    /uses kernel\.stock but does not declare stock:write/,
  ];
  for (const pattern of expected) t.match(run.stdout, pattern);
  t.match(run.stdout, /declares customers:read but no use of kernel\.customers was found/, 'an unused permission is noted');
  t.match(run.stdout, /6 problem\(s\) found/, 'and only a note: it is a best-effort grep');
});

t.test('a folder that is not a package', async (t) => {
  const empty = mkdtempSync(join(tmpdir(), 'lingshou-verify-'));
  t.teardown(() => rmSync(empty, { recursive: true, force: true }));
  const report = await verifyPlugin(empty);
  t.notOk(report.ok);
  t.match(report.checks[0]!.problems[0], /has no package\.json/);
});
