#!/usr/bin/env node
// The plugin developer's command: `lingshou-plugin new <id> [--dir plugins] [--package name]`,
// `lingshou-plugin build-ui [dir]` and `lingshou-plugin verify [dir] [--skip-migrations]`. The SDK is TypeScript run by tsx, as
// the kernel is, so this launcher registers tsx's loader before it imports the SDK.
import console from 'node:console';
import process from 'node:process';
import { parseArgs } from 'node:util';
import { register } from 'tsx/esm/api';

register();

const usage = `Usage:
  lingshou-plugin new <id> [--dir plugins] [--package <npm name>]   write a working plugin package
  lingshou-plugin build-ui [dir]                                    build ui-src/*.tsx into ui/<name>.js admin pages
  lingshou-plugin verify [dir] [--skip-migrations]                  check a plugin package (exit 1 on a problem)`;

async function main(argv) {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      dir: { type: 'string', default: 'plugins' },
      package: { type: 'string' },
      'skip-migrations': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, target] = positionals;
  if (values.help || !command) {
    console.log(usage);
    return values.help ? 0 : 2;
  }
  if (command === 'new') {
    if (!target) throw new Error('new needs a plugin id: lingshou-plugin new merchant-coupon');
    const { scaffoldPlugin, nextSteps } = await import('../src/scaffold/scaffold.ts');
    const { dir, files } = scaffoldPlugin({ id: target, parent: values.dir, packageName: values.package });
    console.log(`${files.map((file) => `  ${file}`).join('\n')}\n${nextSteps(dir)}`);
    return 0;
  }
  if (command === 'build-ui') {
    const { buildPluginUi, UiBuildError } = await import('../src/ui-build/build-ui.ts');
    const dir = target ?? '.';
    try {
      const written = await buildPluginUi(dir);
      if (written.length === 0) {
        console.error(`lingshou-plugin: no ui-src/*.tsx in ${dir}: nothing to build`);
        return 1;
      }
      console.log(written.map((file) => `  ${file}`).join('\n'));
      return 0;
    } catch (error) {
      if (!(error instanceof UiBuildError)) throw error;
      console.error(`lingshou-plugin: build-ui failed\n${error.message}`);
      return 1;
    }
  }
  if (command === 'verify') {
    const { verifyPlugin, formatReport } = await import('../src/verify/verify.ts');
    const report = await verifyPlugin(target ?? '.', { migrations: !values['skip-migrations'] });
    console.log(formatReport(report));
    return report.ok ? 0 : 1;
  }
  throw new Error(`unknown command "${command}"\n${usage}`);
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  console.error(`lingshou-plugin: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
}
