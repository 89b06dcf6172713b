import { existsSync, readdirSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { build, type Message } from 'esbuild';
import { sharedModulesPlugin } from './shared-modules.ts';

/** Where a plugin keeps its page sources, and where their built modules go (its `ui` folder). */
export const UI_SOURCE_DIR = 'ui-src';
export const UI_OUTPUT_DIR = 'ui';

/** The pages of a plugin: each `ui-src/*.tsx` (not a test) is one entry, built to `ui/<name>.js`. */
export function uiEntries(pluginDir: string): string[] {
  const sources = join(pluginDir, UI_SOURCE_DIR);
  if (!existsSync(sources)) return [];
  return readdirSync(sources)
    .filter((name) => name.endsWith('.tsx') && !name.endsWith('.test.tsx'))
    .sort()
    .map((name) => join(sources, name));
}

/** A compile error, naming the file and line of each problem. */
export class UiBuildError extends Error {
  constructor(readonly pluginDir: string, readonly messages: Message[]) {
    super(messages.map((message) => {
      const at = message.location ? `${relative(pluginDir, resolve(pluginDir, message.location.file))}:${message.location.line}:${message.location.column + 1}` : pluginDir;
      return `${at}: ${message.text}`;
    }).join('\n'));
    this.name = 'UiBuildError';
  }
}

/**
 * Builds a plugin's admin pages: every `ui-src/*.tsx` into a minified ES module `ui/<name>.js`,
 * with React, antd and Refine read from the admin's `window.__LINGSHOU_SHARED__` and everything
 * else (the plugin's own files, other packages) bundled in. Answers the files written.
 */
export async function buildPluginUi(pluginDir: string): Promise<string[]> {
  const dir = resolve(pluginDir);
  const entryPoints = uiEntries(dir);
  if (entryPoints.length === 0) return [];
  const outdir = join(dir, UI_OUTPUT_DIR);
  try {
    await build({
      entryPoints, outdir, absWorkingDir: dir, bundle: true, format: 'esm', platform: 'browser', target: 'es2022',
      minify: true, jsx: 'automatic', charset: 'utf8', legalComments: 'none', logLevel: 'silent',
      plugins: [sharedModulesPlugin()],
    });
  } catch (error) {
    const messages = (error as { errors?: Message[] }).errors;
    if (messages?.length) throw new UiBuildError(dir, messages);
    throw error;
  }
  return entryPoints.map((entry) => join(outdir, `${basename(entry, '.tsx')}.js`));
}
